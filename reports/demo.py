"""Demo data of the annual reports (UI.md: a report cycle with units in every state, problems and
suggestions followed up, a research topic). Idempotent: a cycle for this year is left alone.

Each step is taken on the day it would have been, under a simulated clock (core/clock.py): the cycle opened five
weeks ago with a deadline three days ago, most reports in before it, two after it (late). Their rows and their
history (变更记录) carry those dates."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from committee.models import Committee
from core.clock import SimulatedClock
from core.rendering import render_job_enqueue, render_job_run
from members.models import MemberUnit

from . import services
from .models import AnnualReport, ReportCycle, ReportIssue, ResearchTopic, TopicStatus
from .renderers import COMPILATION, REPORT

KEY_WORK = {
    "sifasuo": (
        "牵头完成社区矫正对象入矫宣告、分类管理和教育帮扶；组织全镇社区矫正工作培训两期；"
        "推动“智慧矫正”平台在各村居上线。"
    ),
    "xibinhe-police": (
        "配合司法所开展社区矫正对象定期走访和重点时段排查；对两名违反监督管理规定的对象依法处置；完成信息共享机制建设。"
    ),
    "pingan": "将社区矫正工作纳入平安建设考评；组织网格员参与社区矫正对象日常见面和信息报告。",
    "bianmin": "落实社区矫正对象中困难人员的临时救助和低保审核，帮助三名对象办理就业登记。",
    "weishengyuan": "为有需要的社区矫正对象开展心理健康评估和疾病筛查，建立健康档案。",
    "tuanwei": "组织青年志愿者结对帮扶未成年社区矫正对象，开展法治教育进校园活动四场。",
    "gonghui": "开展职业技能培训两期，推荐社区矫正对象参加招聘会并实现就业五人。",
    "jiaowei": "协助做好未成年社区矫正对象复学安置，组织学校开展法治教育。",
    "fulian": "联合司法所开展家庭教育指导和婚姻家庭纠纷调处，",
}
ISSUES = {
    "sifasuo": [
        ("problem", "社区矫正专职工作人员仅两名，与在册对象数量不相适应。"),
        ("suggestion", "建议镇政府通过购买服务增加社会工作者两名。"),
    ],
    "xibinhe-police": [("suggestion", "建议建立公安与司法所每月信息比对制度。")],
    "pingan": [("problem", "部分村居网格员对社区矫正工作要求不熟悉。")],
    "weishengyuan": [("suggestion", "建议将社区矫正对象心理评估纳入年度公共卫生服务项目。")],
    "tuanwei": [("problem", "志愿者队伍流动性大，结对帮扶难以长期持续。")],
    "gonghui": [("suggestion", "建议设立社区矫正对象就业帮扶专项资金。")],
}


def _done_text(unit: MemberUnit, duty_text: str, index: int) -> str:
    clause = duty_text.split("，")[0].split("；")[0].rstrip("。")
    return (
        f"全年按要求落实“{clause}”，共开展相关工作{6 + index * 3}次，建立台账{2 + index}份；"
        f"{unit.short_name}明确专人负责，未发生脱管、漏管问题。"
    )


def _content(report: AnnualReport, key_work: str) -> services.DraftContent:
    return services.DraftContent(
        duties={
            entry.pk: _done_text(report.unit, entry.duty_text, index)
            for index, entry in enumerate(report.duty_entries.all())
        },
        tasks={
            entry.pk: f"已按期限落实，{entry.status_text or '办理中'}，相关材料已报办公室。"
            for entry in report.task_entries.all()
        },
        key_work=key_work,
    )


def _fill(report: AnnualReport, users, *, key_work: str | None = None) -> AnnualReport:
    liaison = users[f"liaison-{report.unit.code}"]
    report.refresh_from_db()
    text = key_work or KEY_WORK.get(report.unit.code, "结合本单位职能落实委员会各项部署，全年工作有序推进。")
    services.report_save(by=liaison, report=report, revision=report.revision, content=_content(report, text))
    for kind, text in [] if report.issues.exists() else ISSUES.get(report.unit.code, []):
        issue = services.report_issue_add(by=liaison, report=report)
        report.refresh_from_db()
        services.report_save(
            by=liaison,
            report=report,
            revision=report.revision,
            content=services.DraftContent(issues={issue.pk: (kind, text)}),
        )
    report.refresh_from_db()
    return report


def _to_office(report: AnnualReport, users) -> AnnualReport:
    report = services.report_submit(by=users[f"liaison-{report.unit.code}"], report=report)
    return services.report_confirm(by=users[f"head-{report.unit.code}"], report=report)


def demo_create(committee: Committee) -> list[str]:
    done: list[str] = []
    today = timezone.localdate()
    users = {user.username: user for user in get_user_model().objects.all()}
    if not ReportCycle.objects.filter(committee=committee, year=today.year).exists():
        with transaction.atomic():
            _demo_cycle(committee, users, today)
        done.append("report cycle")
        cycle = ReportCycle.objects.get(committee=committee, year=today.year)
        # Rendered here, at once, so that a newcomer finds the PDFs ready (the outbox's messages then find them done).
        for report in cycle.reports.filter(state="accepted"):
            render_job_run(job_id=render_job_enqueue(REPORT, report).pk)
        render_job_run(job_id=render_job_enqueue(COMPILATION, cycle).pk)
        done.append("report PDFs and compilation")
    if not ResearchTopic.objects.filter(committee=committee).exists():
        _demo_topic(committee, users, today)
        done.append("research topic")
    return done


def _demo_cycle(committee: Committee, users, today: datetime.date) -> None:
    office_staff, office_director = users["office_staff"], users["office_director"]
    now = timezone.now()

    def days_ago(days: int) -> datetime.datetime:
        return now - datetime.timedelta(days=days)

    with SimulatedClock(days_ago(35)) as clock:
        cycle = services.cycle_open(
            by=office_staff,
            committee=committee,
            year=today.year,
            deadline=today - datetime.timedelta(days=3),
            instructions="请对照本单位职责逐项填写，数据截至报送之日；问题和建议请逐条填写。",
        )
        reports = {report.unit.code: report for report in cycle.reports.select_related("unit", "cycle")}

        clock.travel(days_ago(9))
        accepted = [_to_office(_fill(reports[code], users), users) for code in ("sifasuo", "xibinhe-police")]
        pingan = _to_office(_fill(reports["pingan"], users), users)
        clock.travel(days_ago(8))
        services.report_return(
            by=office_staff, report=pingan, comment="第一部分第3项请补充网格员参与走访的次数和覆盖村居数。"
        )
        bianmin = _to_office(_fill(reports["bianmin"], users), users)
        clock.travel(days_ago(7))
        _fill(pingan, users, key_work=KEY_WORK["pingan"] + "全年网格员参与走访一百二十余人次，覆盖全部村居。")
        pingan = _to_office(pingan, users)
        services.report_return(
            by=office_director, report=bianmin, comment="请补充临时救助的人数和金额，并附救助审批表。"
        )
        clock.travel(days_ago(6))
        _to_office(_fill(reports["weishengyuan"], users), users)
        jiaowei = _fill(reports["jiaowei"], users)
        services.report_submit(by=users["liaison-jiaowei"], report=jiaowei)
        _fill(reports["fulian"], users, key_work=KEY_WORK["fulian"])
        clock.travel(days_ago(5))
        for report in accepted:
            services.report_accept(by=office_director, report=report, comment="内容完整，同意。")

        # The deadline has passed since: what came in after it is late.
        clock.travel(days_ago(2))
        for code in ("tuanwei", "gonghui"):
            report = AnnualReport.objects.select_related("cycle", "unit").get(pk=reports[code].pk)
            _to_office(_fill(report, users), users)
        clock.travel(days_ago(1))
        services.report_accept(
            by=office_director, report=AnnualReport.objects.get(pk=reports["gonghui"].pk), comment="同意。"
        )

        issues = {issue.report.unit.code: issue for issue in ReportIssue.objects.filter(report__cycle=cycle)}
        follow_ups = {
            "sifasuo": ("in_progress", "已提请镇政府研究购买社会工作服务，列入下年度预算草案。"),
            "xibinhe-police": ("resolved", "委员会办公室已会同派出所建立每月信息比对制度，自本月起执行。"),
            "weishengyuan": ("open", ""),
        }
        for code, (state, text) in follow_ups.items():
            if code in issues and state != "open":
                services.issue_follow_up(by=office_staff, issue=issues[code], state=state, text=text)


def _demo_topic(committee: Committee, users, today: datetime.date) -> None:
    from meetings.models import Decision

    units = {unit.code: unit for unit in committee.units.all()}
    decisions = list(Decision.objects.filter(committee=committee, effective_at__isnull=False).order_by("pk")[:1])
    now = timezone.now()
    with SimulatedClock(now - datetime.timedelta(days=36)) as clock:
        topic = services.topic_create(
            by=users["office_staff"],
            committee=committee,
            year=today.year,
            title="社区矫正对象就业帮扶机制调研",
            lead_unit=units["sifasuo"],
            participating_units=[units["bianmin"], units["gonghui"], units["fulian"]],
            plan="一、走访全镇在册社区矫正对象，了解就业状况和需求；二、座谈用人单位；三、梳理现有帮扶政策；四、形成调研报告并提出建议。",
            starts_on=today - datetime.timedelta(days=35),
            ends_on=today + datetime.timedelta(days=50),
            decisions=decisions,
            related_decisions="镇政府年度重点工作：“完善社区矫正对象就业帮扶机制”。",
        )
        clock.travel(now - datetime.timedelta(days=10))
        services.topic_update(
            by=users["liaison-sifasuo"],
            topic=topic,
            status=TopicStatus.IN_PROGRESS,
            findings="已走访对象二十三人，其中有就业意愿而未就业的九人；用人单位座谈会已召开一次。",
        )
