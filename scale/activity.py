"""The work of one town committee over time, step by step through the services (see `scale.generate`).

`TownActivity.plan` puts the first step of each workflow on the timeline; each step does what one person does
at one moment, and puts the next steps on the timeline. Chances and delays come from the simulation's seeded
random generator, so that the same seed gives the same data.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from committee.services import delegation_grant, delegation_revoke
from documents import services as documents
from documents.models import Classification, Document, DocumentKind, DocumentState
from duties import inspections_services as inspections
from duties import services as duties
from duties.models import ExtensionRequest, ExtensionState, FindingResult, FollowUpTask, TaskStatus
from meetings import services as meetings
from meetings.models import Attendance, Importance, Meeting, MeetingKind, MeetingState, Minutes
from members.models import Duty
from reports import services as reports
from reports.models import AnnualReport, ReportCycle, ReportState

from .generate import DAY, HOUR, Simulation, at_local, stub_render
from .people import Town

PLACES = ["镇政府三楼第一会议室", "镇司法所会议室", "镇政府二楼小会议室", "镇综治中心会议室"]
TOPICS = [
    "社区矫正对象分类管理",
    "重点时段联合排查",
    "就业帮扶",
    "心理健康评估",
    "未成年社区矫正对象帮教",
    "社区矫正档案规范化",
    "信息共享机制",
    "节假日安全稳定",
    "社会力量参与",
    "入矫宣告规范",
    "走访见面制度",
    "困难对象临时救助",
]
NOTICES = [
    "做好节日期间社区矫正安全稳定工作",
    "开展社区矫正法宣传月活动",
    "报送社区矫正工作季度统计",
    "组织社区矫正工作业务培训",
    "开展社区矫正对象走访排查",
    "做好社区矫正信息系统数据核对",
]
KIND_WORDS = {MeetingKind.PLENARY: "全体会议", MeetingKind.SPECIAL: "专题会议", MeetingKind.OFFICE: "办公室会议"}
# Decisions per meeting, and how many units each decision's tasks go to.
DECISIONS = {MeetingKind.PLENARY: 4, MeetingKind.SPECIAL: 2, MeetingKind.OFFICE: 2}
TASK_UNITS = {MeetingKind.PLENARY: (2, 4), MeetingKind.SPECIAL: (1, 3), MeetingKind.OFFICE: (1, 2)}


def times(rng, expected: float) -> int:
    """How often something expected `expected` times happens: the whole part, and one more by chance."""
    whole = int(expected)
    return whole + (1 if rng.random() < expected - whole else 0)


class TownActivity:
    """One town's work. Steps are methods, so that a refusal is counted under the step's name."""

    def __init__(self, sim: Simulation, town: Town):
        self.sim, self.town, self.rng = sim, town, sim.rng
        self.committee = town.committee
        self.staff = town.user("office_staff")
        self.office_director = town.user("office_director")
        self.director = town.user("director")
        self.duties = list(Duty.objects.filter(committee=self.committee, unit=None, is_active=True))
        self.meeting_number: dict[tuple[int, str], int] = {}

    def at(self, moment: datetime.datetime, step, *args) -> None:
        self.sim.at(moment, step, *args)

    def count(self, name: str, n: int = 1) -> None:
        self.sim.summary.counts[name] += n

    def plan(self, *, start: datetime.datetime, factor: float) -> None:
        """Everything the town does from `start` until the end of the simulation, `factor` times the usual."""
        rng = self.rng
        day = timezone.localdate(start).replace(day=1)
        last = timezone.localdate(self.sim.until)
        while day <= last:
            month = day.month
            meetings_of_month = [MeetingKind.OFFICE] * times(rng, factor)
            if month in (3, 6, 9, 12):
                meetings_of_month += [MeetingKind.PLENARY] * times(rng, factor)
            if month in (2, 4, 7, 10, 11):
                meetings_of_month += [MeetingKind.SPECIAL] * times(rng, factor)
            for kind in meetings_of_month:
                starts_at = at_local(day.replace(day=rng.randint(5, 25)), rng.choice([9, 14, 15]), 30)
                if starts_at >= start:
                    self.at(starts_at - 14 * DAY, self.meeting_schedule, kind, starts_at)
            for _n in range(times(rng, 4 * factor)):
                moment = at_local(day.replace(day=rng.randint(1, 28)), rng.randint(9, 16))
                if moment >= start:
                    self.at(moment, self.notice_draft)
            if month == 11 and at_local(day, 9) >= start:
                self.at(at_local(day, 9), self.cycle_open)
            if month == 5 and at_local(day.replace(day=10), 10) >= start:
                self.at(at_local(day.replace(day=10), 10), self.inspection_propose)
            if month == 7 and at_local(day, 8) >= start:
                self.at(at_local(day, 8), self.delegation_make)
            day = (day + datetime.timedelta(days=32)).replace(day=1)

    def plan_evenly(self, *, start: datetime.datetime, until: datetime.datetime, meetings: int, notices: int) -> None:
        """`meetings` meetings (plenary, office, special in turn) and `notices` notices spread evenly over the
        period, with everything that follows from them: a fixed amount of work, for tests."""
        kinds = [MeetingKind.PLENARY, MeetingKind.OFFICE, MeetingKind.SPECIAL]
        # The meeting is held two weeks after it is scheduled, and its minutes take a week more.
        span = (until - start) - 21 * DAY
        for n in range(meetings):
            starts_at = start + 14 * DAY + span * (n + 0.5) / meetings
            self.at(starts_at - 14 * DAY, self.meeting_schedule, kinds[n % len(kinds)], starts_at)
        for n in range(notices):
            self.at(start + (until - start) * (n + 0.5) / notices, self.notice_draft)

    # Meetings (Art 21) --------------------------------------------------------------------------------

    def meeting_schedule(self, kind: str, starts_at: datetime.datetime) -> None:
        town, rng = self.town, self.rng
        local = timezone.localtime(starts_at)
        key = (local.year, kind)
        self.meeting_number[key] = self.meeting_number.get(key, 0) + 1
        numeral = "一二三四五六七八九十"[min(self.meeting_number[key], 10) - 1]
        if kind == MeetingKind.PLENARY:
            units = town.units
            persons = [town.persons[r] for r in ("deputy1", "deputy2", "deputy3", "office_director", "office_staff")]
            title = f"{local.year}年第{numeral}次全体会议"
        elif kind == MeetingKind.SPECIAL:
            units = rng.sample(town.units, rng.randint(3, 6))
            persons = [town.persons[r] for r in ("deputy1", "office_director", "office_staff")]
            title = f"{rng.choice(TOPICS)}专题会议"
        else:
            units = rng.sample(town.units, rng.randint(2, 4))
            persons = [town.persons[r] for r in ("office_director", "office_staff")]
            title = f"{local.year}年{local.month}月委员会办公室会议"
        meeting = meetings.meeting_schedule(
            by=self.staff,
            committee=self.committee,
            kind=kind,
            title=title,
            starts_at=starts_at,
            ends_at=starts_at + 2 * HOUR,
            location=rng.choice(PLACES),
            chair=town.persons["director"],
            units=units,
            persons=persons,
        )
        self.count("meetings")
        meetings.agenda_item_propose(
            by=self.staff,
            meeting=meeting,
            title=f"研究{rng.choice(TOPICS)}工作",
            description="通报有关情况，研究下步工作措施。",
        )
        if kind != MeetingKind.OFFICE:
            unit = rng.choice(units)
            self.at(timezone.now() + DAY, self.agenda_item_from_unit, meeting.pk, unit.pk)
        if rng.random() < 0.03:
            self.at(timezone.now() + 3 * DAY, self.meeting_cancel, meeting.pk)
        self.at(starts_at - 7 * DAY, self.meeting_notify, meeting.pk)
        self.at(starts_at + 3 * HOUR, self.meeting_held, meeting.pk)

    def agenda_item_from_unit(self, meeting_pk: int, unit_pk: int) -> None:
        meeting = Meeting.objects.get(pk=meeting_pk)
        unit = next(u for u in self.town.units if u.pk == unit_pk)
        item = meetings.agenda_item_propose(
            by=self.town.liaison(unit),
            meeting=meeting,
            unit=unit,
            title=f"{unit.short_name}提请研究{self.rng.choice(TOPICS)}",
            description="提请委员会研究有关工作措施。",
        )
        self.at(timezone.now() + DAY, self.agenda_item_decide, item.pk)

    def agenda_item_decide(self, item_pk: int) -> None:
        from meetings.models import AgendaItem

        item = AgendaItem.objects.get(pk=item_pk)
        if self.rng.random() < 0.85:
            meetings.agenda_item_accept(by=self.staff, item=item)
        else:
            meetings.agenda_item_decline(by=self.staff, item=item, reason="与本次会议主题关联不大，建议下次会议研究。")

    def meeting_cancel(self, meeting_pk: int) -> None:
        meeting = Meeting.objects.get(pk=meeting_pk)
        meetings.meeting_cancel(by=self.staff, meeting=meeting, reason="主任另有公务，会议延期。")

    def meeting_notify(self, meeting_pk: int) -> None:
        meeting = Meeting.objects.get(pk=meeting_pk)
        if meeting.state == MeetingState.PLANNED:
            meetings.meeting_notify(by=self.staff, meeting=meeting)

    def meeting_held(self, meeting_pk: int) -> None:
        meeting = Meeting.objects.get(pk=meeting_pk)
        if meeting.state == MeetingState.CANCELLED:
            return
        entries = {}
        for invitation in meeting.invitations.all():
            roll = self.rng.random()
            entry = {"attendance": Attendance.PRESENT, "substitute_name": "", "attendance_note": ""}
            if roll < 0.08:
                entry = {"attendance": Attendance.LEAVE, "substitute_name": "", "attendance_note": "公务外出"}
            elif roll < 0.13 and invitation.unit_id:
                entry = {"attendance": Attendance.SUBSTITUTE, "substitute_name": "王晓东", "attendance_note": "副职"}
            entries[invitation.pk] = entry
        meetings.attendance_record(by=self.staff, meeting=meeting, entries=entries)
        self.at(timezone.now() + DAY, self.minutes_draft, meeting.pk)

    def minutes_draft(self, meeting_pk: int) -> None:
        meeting = Meeting.objects.get(pk=meeting_pk)
        minutes = meetings.minutes_draft(
            by=self.staff,
            meeting=meeting,
            text=f"{meeting.title}由{meeting.chair.person.name}主持。会议听取了有关情况汇报，研究了下步工作。会议议定事项如下。",
        )
        importance = Importance.GENERAL if meeting.kind == MeetingKind.OFFICE else Importance.IMPORTANT
        accepted = list(meeting.items.filter(state="accepted").order_by("order"))
        for number in range(DECISIONS[meeting.kind]):
            topic = self.rng.choice(TOPICS)
            meetings.decision_record(
                by=self.staff,
                meeting=meeting,
                title=f"加强{topic}工作",
                text=f"各有关单位按照职责分工，抓好{topic}工作落实，按期报告进展情况。",
                importance=importance,
                duty=self.rng.choice(self.duties),
                agenda_item=accepted[number] if number < len(accepted) else None,
            )
            self.count("decisions")
        meetings.minutes_submit(by=self.staff, minutes=minutes)
        self.at(timezone.now() + DAY, self.minutes_review, minutes.pk)

    def minutes_review(self, minutes_pk: int) -> None:
        minutes = Minutes.objects.get(pk=minutes_pk)
        meetings.minutes_review(by=self.office_director, minutes=minutes, comment_days=3, note="同意，请征求意见。")
        if self.rng.random() < 0.25:
            self.at(timezone.now() + DAY, self.minutes_comment, minutes.pk)
        self.at(timezone.now() + 4 * DAY, self.minutes_approve, minutes.pk)

    def minutes_comment(self, minutes_pk: int) -> None:
        minutes = Minutes.objects.select_related("meeting").get(pk=minutes_pk)
        present = minutes.meeting.invitations.filter(attendance=Attendance.PRESENT).exclude(unit=None).first()
        if present is not None:
            unit = next(u for u in self.town.units if u.pk == present.unit_id)
            meetings.minutes_comment(by=self.town.head(unit), minutes=minutes, text="建议写明各单位的完成时限。")

    def minutes_approve(self, minutes_pk: int) -> None:
        minutes = Minutes.objects.select_related("meeting").get(pk=minutes_pk)
        meetings.minutes_approve(by=self.director, minutes=minutes)
        meeting = minutes.meeting
        self.at(timezone.now() + DAY, self.tasks_assign, meeting.pk)
        if meeting.kind != MeetingKind.OFFICE or self.rng.random() < 0.5:
            self.at(timezone.now() + 2 * DAY, self.minutes_document, minutes.pk)

    # Follow-up tasks (督办) ------------------------------------------------------------------------------

    def tasks_assign(self, meeting_pk: int) -> None:
        meeting = Meeting.objects.get(pk=meeting_pk)
        low, high = TASK_UNITS[meeting.kind]
        for decision in meeting.decisions.exclude(effective_at=None).order_by("number"):
            units = self.rng.sample(self.town.units, self.rng.randint(low, high))
            deadline = timezone.localdate() + datetime.timedelta(days=self.rng.choice([30, 45, 60, 90]))
            for task in duties.task_create(
                by=self.staff,
                decision=decision,
                units=units,
                title=decision.title,
                requirement=decision.text,
                deadline=deadline,
            ):
                self.count("tasks")
                self.task_plan(task)

    def task_plan(self, task: FollowUpTask) -> None:
        rng, now = self.rng, timezone.now()
        deadline = at_local(task.deadline, 10)
        self.at(now + rng.randint(5, 15) * DAY, self.task_progress, task.pk)
        if rng.random() < 0.4:
            self.at(now + rng.randint(20, 40) * DAY, self.task_progress, task.pk)
        roll = rng.random()
        if roll < 0.06:
            self.at(deadline - 5 * DAY, self.task_extension, task.pk)
            return
        if roll < 0.10:
            return  # never reported: overdue for good
        late = rng.random() < 0.12
        offset = rng.randint(1, 20) if late else -rng.randint(0, 15)
        self.at(deadline + offset * DAY, self.task_report, task.pk)

    def task_progress(self, task_pk: int) -> None:
        task = FollowUpTask.objects.select_related("unit").get(pk=task_pk)
        if task.status == TaskStatus.OPEN:
            duties.task_progress_add(
                by=self.town.liaison(task.unit), task=task, text="已召开专题会议部署，正在按计划推进。"
            )

    def task_extension(self, task_pk: int) -> None:
        task = FollowUpTask.objects.select_related("unit").get(pk=task_pk)
        if task.status != TaskStatus.OPEN:
            return
        extension = duties.task_extension_request(
            by=self.town.liaison(task.unit),
            task=task,
            requested_deadline=task.deadline + datetime.timedelta(days=30),
            reason="涉及多个部门协调，需延长一个月。",
        )
        self.at(timezone.now() + 2 * DAY, self.task_extension_decide, extension.pk)

    def task_extension_decide(self, extension_pk: int) -> None:
        extension = ExtensionRequest.objects.select_related("task").get(pk=extension_pk)
        if extension.state != ExtensionState.PENDING:
            return
        grant = self.rng.random() < 0.75
        duties.task_extension_decide(
            by=self.staff, extension=extension, grant=grant, note="" if grant else "请按原定期限办理。"
        )
        task = FollowUpTask.objects.get(pk=extension.task_id)
        self.at(at_local(task.deadline, 10) - self.rng.randint(0, 10) * DAY, self.task_report, task.pk)

    def task_report(self, task_pk: int) -> None:
        task = FollowUpTask.objects.select_related("unit").get(pk=task_pk)
        if task.status != TaskStatus.OPEN:
            return
        duties.task_report_completion(
            by=self.town.liaison(task.unit), task=task, text="已按要求完成，相关台账已整理归档。"
        )
        self.at(timezone.now() + self.rng.randint(1, 5) * DAY, self.task_close, task.pk)

    def task_close(self, task_pk: int) -> None:
        task = FollowUpTask.objects.get(pk=task_pk)
        if task.status != TaskStatus.REPORTED:
            return
        if self.rng.random() < 0.05:
            duties.task_send_back(by=self.staff, task=task, note="请补充落实情况的佐证材料。")
            self.at(timezone.now() + 7 * DAY, self.task_report, task.pk)
        else:
            duties.task_close(by=self.staff, task=task, note="经核实，确认办结。")

    # Official documents (Art 24) ---------------------------------------------------------------------------

    def minutes_document(self, minutes_pk: int) -> None:
        minutes = Minutes.objects.select_related("meeting").get(pk=minutes_pk)
        meeting = minutes.meeting
        invitations = list(meeting.invitations.select_related("unit", "person"))
        units = [i.unit for i in invitations if i.unit_id]
        present = [i.person.name if i.person_id else f"{i.unit.short_name}负责人" for i in invitations]
        document = documents.document_draft(
            by=self.staff,
            committee=self.committee,
            kind=DocumentKind.MINUTES,
            classification=(Classification.GENERAL if meeting.kind == MeetingKind.OFFICE else Classification.IMPORTANT),
            title=f"{meeting.title}纪要",
            body=minutes.text,
            main_units=units,
            with_seal=False,
            attendance={"present": present[:20], "attending": [self.town.persons["office_staff"].name]},
            records=minutes,
        )
        self.count("documents")
        self.at(timezone.now() + HOUR, self.document_submit, document.pk)

    def notice_draft(self) -> None:
        rng = self.rng
        units = rng.sample(self.town.units, rng.randint(4, len(self.town.units)))
        important = rng.random() < 0.3
        topic = rng.choice(NOTICES)
        document = documents.document_draft(
            by=self.staff,
            committee=self.committee,
            kind=DocumentKind.BULLETIN if important and rng.random() < 0.3 else DocumentKind.NOTICE,
            classification=Classification.IMPORTANT if important else Classification.GENERAL,
            title=f"关于{topic}的通知",
            body=f"为{topic}，现将有关事项通知如下。\n一、提高认识。\n二、明确责任。\n三、按时报送。",
            main_units=units,
        )
        self.count("documents")
        self.at(timezone.now() + HOUR, self.document_submit, document.pk)

    def document_submit(self, document_pk: int) -> None:
        documents.document_submit(by=self.staff, document=Document.objects.get(pk=document_pk))
        self.at(timezone.now() + self.rng.randint(2, 30) * HOUR, self.document_review, document_pk)

    def document_review(self, document_pk: int) -> None:
        document = Document.objects.get(pk=document_pk)
        forward = self.rng.random() > 0.08
        documents.document_review(
            by=self.office_director, document=document, forward=forward, comment="" if forward else "请核实数据后再报。"
        )
        if forward:
            self.at(timezone.now() + self.rng.randint(2, 48) * HOUR, self.document_sign, document_pk)
        else:
            self.at(timezone.now() + DAY, self.document_submit, document_pk)

    def document_sign(self, document_pk: int) -> None:
        document = Document.objects.get(pk=document_pk)
        signer = self.director if document.classification == Classification.IMPORTANT else self.office_director
        opinion = self.rng.choice(["同意", "发", "同意印发"])
        document = documents.document_sign(by=signer, document=document, opinion=opinion)
        stub_render(document.render_job)
        if document.addressees.exists():
            self.at(timezone.now() + self.rng.randint(1, 20) * HOUR, self.document_distribute, document_pk)

    def document_distribute(self, document_pk: int) -> None:
        document = documents.document_distribute(by=self.staff, document=Document.objects.get(pk=document_pk))
        latest = timezone.now()
        for receipt in document.receipts.all():
            if self.rng.random() < 0.97:
                moment = timezone.now() + self.rng.randint(1, 96) * HOUR
                latest = max(latest, moment)
                self.at(moment, self.receipt_confirm, receipt.pk)
        self.at(latest + 7 * DAY, self.document_archive, document_pk)

    def receipt_confirm(self, receipt_pk: int) -> None:
        from documents.models import Receipt

        receipt = Receipt.objects.select_related("unit").get(pk=receipt_pk)
        documents.receipt_confirm(by=self.town.liaison(receipt.unit), receipt=receipt)

    def document_archive(self, document_pk: int) -> None:
        document = Document.objects.get(pk=document_pk)
        if document.state == DocumentState.DISTRIBUTED and not document.receipts.filter(received_at=None).exists():
            documents.document_archive(by=self.staff, document=document)

    # Annual reports (Art 22) --------------------------------------------------------------------------------

    def cycle_open(self) -> None:
        today = timezone.localdate()
        cycle = reports.cycle_open(
            by=self.staff,
            committee=self.committee,
            year=today.year,
            deadline=today.replace(month=12, day=15),
            instructions="请对照本单位职责逐项填写，问题和建议逐条填写。",
        )
        for report in cycle.reports.all():
            self.count("reports")
            self.at(timezone.now() + self.rng.randint(15, 38) * DAY, self.report_fill, report.pk)

    def report_fill(self, report_pk: int) -> None:
        report = AnnualReport.objects.select_related("unit", "cycle").get(pk=report_pk)
        liaison = self.town.liaison(report.unit)
        if self.rng.random() < 0.3 and not report.issues.exists():
            issue = reports.report_issue_add(by=liaison, report=report)
            report.refresh_from_db()
            reports.report_save(
                by=liaison,
                report=report,
                revision=report.revision,
                content=reports.DraftContent(issues={issue.pk: ("suggestion", "建议加强成员单位之间的信息共享。")}),
            )
            report.refresh_from_db()
        content = reports.DraftContent(
            duties={e.pk: "全年按要求落实该项职责，建立台账，明确专人负责。" for e in report.duty_entries.all()},
            tasks={e.pk: "已按期限落实，材料已报办公室。" for e in report.task_entries.all()},
            key_work=f"{report.unit.short_name}结合职能落实委员会各项部署，全年工作有序推进。",
        )
        reports.report_save(by=liaison, report=report, revision=report.revision, content=content)
        self.at(timezone.now() + self.rng.randint(1, 5) * DAY, self.report_submit, report.pk)

    def report_submit(self, report_pk: int) -> None:
        report = AnnualReport.objects.select_related("unit").get(pk=report_pk)
        reports.report_submit(by=self.town.liaison(report.unit), report=report)
        self.at(timezone.now() + self.rng.randint(4, 30) * HOUR, self.report_confirm, report.pk)

    def report_confirm(self, report_pk: int) -> None:
        report = AnnualReport.objects.select_related("unit").get(pk=report_pk)
        reports.report_confirm(by=self.town.head(report.unit), report=report)
        self.at(timezone.now() + self.rng.randint(1, 4) * DAY, self.report_review, report.pk)

    def report_review(self, report_pk: int) -> None:
        report = AnnualReport.objects.select_related("unit").get(pk=report_pk)
        if report.state == ReportState.SUBMITTED and self.rng.random() < 0.12:
            reports.report_return(by=self.staff, report=report, comment="请补充有关数据和佐证材料。")
            self.at(timezone.now() + self.rng.randint(2, 6) * DAY, self.report_submit, report.pk)
            return
        report = reports.report_accept(by=self.office_director, report=report, comment="同意。")
        stub_render(report.render_job)

    # Inspections (Art 23) and delegations (Arts 21, 23, 24) ------------------------------------------------

    def inspection_propose(self) -> None:
        targets = self.rng.sample(self.town.units, 2)
        inspection = inspections.inspection_propose(
            by=self.staff,
            committee=self.committee,
            subject="duties",
            title=f"{timezone.localdate().year}年度成员单位履职情况督导检查",
            reason="了解各成员单位履职情况。",
            target_units=targets,
        )
        self.at(timezone.now() + 2 * DAY, self.inspection_approve, inspection.pk)

    def inspection_approve(self, inspection_pk: int) -> None:
        from duties.models import Inspection

        inspection = Inspection.objects.get(pk=inspection_pk)
        inspections.inspection_decide(by=self.director, inspection=inspection, approve=True, note="同意。")
        today = timezone.localdate()
        inspections.inspection_plan(
            by=self.staff,
            inspection=inspection,
            team=[self.town.persons["office_director"], self.town.persons["office_staff"]],
            starts_on=today + datetime.timedelta(days=5),
            ends_on=today + datetime.timedelta(days=12),
        )
        self.at(timezone.now() + 8 * DAY, self.inspection_findings, inspection_pk)

    def inspection_findings(self, inspection_pk: int) -> None:
        from duties.models import Inspection

        inspection = Inspection.objects.get(pk=inspection_pk)
        results = [FindingResult.MET, FindingResult.MET, FindingResult.PARTLY, FindingResult.NOT_MET]
        for item in inspection.items.order_by("position"):
            inspections.finding_record(by=self.staff, item=item, result=self.rng.choice(results), note="经查阅台账。")

    def delegation_make(self) -> None:
        deputy = self.town.persons["deputy1"].appointments.get(end_date=None)
        now = timezone.now()
        delegation = delegation_grant(
            by=self.director,
            committee=self.committee,
            deputy=deputy,
            powers=["chair", "decide", "sign"],
            starts_at=now,
            ends_at=now + 14 * DAY,
            reason="主任参加集中学习期间",
        )
        if self.rng.random() < 0.2:
            self.at(now + 5 * DAY, self.delegation_end, delegation.pk)

    def delegation_end(self, delegation_pk: int) -> None:
        from committee.models import Delegation

        delegation_revoke(by=self.director, delegation=Delegation.objects.get(pk=delegation_pk), reason="学习提前结束")


__all__ = ["ReportCycle", "TownActivity"]
