"""Demo follow-up tasks (UI.md: Demo data): open, due soon, overdue, reported, closed, and one with an
extension request waiting for the office. Built on the decisions of the demo plenary meeting. Idempotent.

Each step is taken on the day it would have been, under a simulated clock (core/clock.py): the tasks assigned a
few days after the plenary's minutes were approved, progress and reports in the weeks since. Their rows and their
history (变更记录) carry those dates."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from committee.models import Committee
from core.attachments import validate_attachment
from core.clock import SimulatedClock

from . import services
from .models import FollowUpTask

# A 1x1 PNG: a photo of a visit, for the demo.
DEMO_PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99=\x1d\x00\x00\x00\x00IEND\xaeB`\x82"
)


@transaction.atomic
def demo_create(committee: Committee) -> list[str]:
    from meetings.demo import demo_create as meetings_demo
    from meetings.models import Decision, MeetingKind

    done = meetings_demo(committee)  # the tasks come out of the demo meeting's decisions
    done += inspections_demo_create(committee)
    done += upper_demo_create(committee)
    if FollowUpTask.objects.filter(committee=committee).exists():
        return done
    users = {user.username: user for user in get_user_model().objects.filter(person__committee=committee)}
    staff = users["office_staff"]
    units = {unit.code: unit for unit in committee.units.active()}
    decisions = list(
        Decision.objects.filter(committee=committee, meeting__kind=MeetingKind.PLENARY)
        .exclude(effective_at=None)
        .order_by("number")
    )
    if len(decisions) < 3:
        return done
    today, now = timezone.localdate(), timezone.now()

    def assign(decision, codes, days, title=None):
        return services.task_create(
            by=staff,
            decision=decision,
            units=[units[code] for code in codes],
            title=title or decision.title,
            requirement=decision.text,
            deadline=today + datetime.timedelta(days=days),
        )

    plan, checks, support = decisions[:3]
    with SimulatedClock(max(now - datetime.timedelta(days=38), plan.effective_at)) as clock:
        (sifasuo_plan,) = assign(plan, ["sifasuo"], 20, "修改完善并印发年度工作要点")
        # The police's task was due five days ago, the 教委's twelve: both are overdue now.
        assign(checks, ["xibinhe-police"], -5, "开展重点时段联合排查")
        (fulian,) = assign(checks, ["fulian"], 2, "开展重点时段联合排查")
        bianmin, weishengyuan, tuanwei = assign(
            support, ["bianmin", "weishengyuan", "tuanwei"], 30, "落实就业、就医、就学帮扶"
        )
        assign(support, ["jiaowei"], -12, "落实就业、就医、就学帮扶")
        clock.travel(now - datetime.timedelta(days=20))
        services.task_progress_add(
            by=users["liaison-sifasuo"], task=sifasuo_plan, text="已根据全体会议意见修改完善，正在征求各成员单位意见。"
        )
        clock.travel(now - datetime.timedelta(days=10))
        services.task_progress_add(
            by=users["liaison-fulian"],
            task=fulian,
            text="已会同司法所走访社区矫正对象家庭5户。",
            files=[validate_attachment(SimpleUploadedFile("走访照片.png", DEMO_PNG))],
        )
        clock.travel(now - datetime.timedelta(days=4))
        services.task_report_completion(
            by=users["liaison-tuanwei"], task=tuanwei, text="已联系职业学校为2名青少年社区矫正对象安排技能培训。"
        )
        clock.travel(now - datetime.timedelta(days=3))
        services.task_close(by=staff, task=tuanwei, note="经核实，确认办结。")
        services.task_extension_request(
            by=users["liaison-bianmin"],
            task=bianmin,
            requested_deadline=today + datetime.timedelta(days=60),
            reason="用工单位招聘集中在下季度，申请延期一个月报告帮扶结果。",
        )
        clock.travel(now - datetime.timedelta(days=2))
        services.task_report_completion(
            by=users["liaison-weishengyuan"], task=weishengyuan, text="已为3名社区矫正对象建立健康档案并完成体检。"
        )
    return [*done, "follow-up tasks (on track, due soon, overdue, extension pending, reported, closed)"]


def inspections_demo_create(committee: Committee) -> list[str]:
    """督导检查 (Art 23): one in progress (proposed by 妇联, approved, planned, some findings recorded) and one
    proposed by the office, waiting for the director. Made once."""
    from . import inspections_services
    from .models import FindingResult, Inspection

    if Inspection.objects.filter(committee=committee).exists():
        return []
    users = {user.username: user for user in get_user_model().objects.filter(person__committee=committee)}
    units = {unit.code: unit for unit in committee.units.active()}
    wanted = ["fulian", "xibinhe-police", "sifasuo", "liaison-fulian", "director", "office_staff", "office_director"]
    if any(code not in units and code not in users for code in wanted):
        return []
    today, now = timezone.localdate(), timezone.now()
    with SimulatedClock(now - datetime.timedelta(days=14)) as clock:
        running = inspections_services.inspection_propose(
            by=users["liaison-fulian"],
            committee=committee,
            proposing_unit=units["fulian"],
            subject="duties",
            title="上半年社区矫正对象帮扶工作督导检查",
            reason="部分社区矫正对象家庭困难，帮扶措施落实情况需要全面了解。",
            target_units=[units["fulian"], units["xibinhe-police"]],
        )
        clock.travel(now - datetime.timedelta(days=13))
        inspections_services.inspection_decide(
            by=users["director"], inspection=running, approve=True, note="同意，由办公室制定方案。"
        )
        clock.travel(now - datetime.timedelta(days=6))
        team = [users["office_director"].person, users["office_staff"].person]
        inspections_services.inspection_plan(
            by=users["office_staff"],
            inspection=running,
            team=team,
            starts_on=today - datetime.timedelta(days=3),
            ends_on=today + datetime.timedelta(days=7),
            note="采取听取汇报、查阅台账、实地走访相结合的方式。",
        )
        items = list(running.items.order_by("position")[:3])
        results = [
            (FindingResult.MET, "台账齐全，工作记录完整。"),
            (FindingResult.PARTLY, "帮扶记录不够及时，部分走访缺少照片。"),
            (FindingResult.NOT_MET, "未按要求每季度开展家庭走访。"),
        ]
        for days_ago, item, (result, note) in zip((3, 2, 1), items, results, strict=False):
            clock.travel(now - datetime.timedelta(days=days_ago))
            inspections_services.finding_record(by=users["office_staff"], item=item, result=result, note=note)
    inspections_services.inspection_propose(
        by=users["office_staff"],
        committee=committee,
        subject="laws",
        title="《社区矫正法》贯彻落实情况督导检查",
        reason="《社区矫正法》实施以来，各成员单位落实情况需要系统检查。",
        target_units=[units["sifasuo"], units["xibinhe-police"]],
    )
    return ["inspections (one running with findings, one awaiting approval)"]


def upper_demo_create(committee: Committee) -> list[str]:
    """Art 5 in the demo: the town turns the district's notice it signed for into a task for its 司法所 (only where
    the documents demo could send one down, see documents/demo.py). Idempotent."""
    from committee.authority import Action, holders
    from documents.demo import cascade_demo_create
    from documents.models import CommitteeReceipt

    done = cascade_demo_create(committee)
    receipt = (
        CommitteeReceipt.objects.filter(committee=committee, received_at__isnull=False)
        .select_related("document")
        .first()
    )
    if receipt is None or FollowUpTask.objects.filter(committee=committee, upper_document__isnull=False).exists():
        return done
    office = holders(committee, Action.MANAGE_COMMITTEE).filter(user__isnull=False).select_related("user").first()
    unit = committee.units.active().filter(code="sifasuo").first() or committee.units.active().first()
    if office is None or unit is None:
        return done
    services.upper_task_create(
        by=office.user,
        receipt=receipt,
        units=[unit],
        title="落实教育帮扶专项行动，逐人制定帮扶措施",
        requirement=f"根据{receipt.document.doc_number}的要求，对在册社区矫正对象逐人落实帮扶措施。",
        deadline=timezone.localdate() + datetime.timedelta(days=45),
    )
    return [*done, "a follow-up task from the district's notice"]
