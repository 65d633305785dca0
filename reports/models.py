"""Annual written reports of the member units and the committee's research topics (Art 22).

Art 22: every member unit reports in writing once a year on four parts — its performance of its
statutory duties, the completion of the committee's decisions, its key work, and its problems
and suggestions; the committee also organises research topics (课题调研).
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from django_fsm import GET_STATE
from simple_history.models import HistoricalRecords

from committee.authority import Action
from committee.params import int_or_none
from committee.workflow import FSMField, step
from core.acts import ActedBy
from core.attachments import AttachmentBase, RandomPath
from core.models import Rendered, RenderStatus  # noqa: F401 - RenderStatus is part of this module's vocabulary
from core.wording import Phrase

from .actions import ACCEPT_REPORT

DEFAULT_REMINDER_DAYS = "14,3"


class RenderedPdf(Rendered):
    """An object whose PDF the one render job makes (core.rendering); these read its state for the pages."""

    class Meta:
        abstract = True

    @property
    def pdf_status(self) -> str:
        job = self.render_job
        return job.status if job else ""

    def get_pdf_status_display(self) -> str:
        job = self.render_job
        return job.get_status_display() if job else ""

    @property
    def pdf_error(self) -> str:
        job = self.render_job
        return job.error if job else ""

    @property
    def pdf_file(self):
        job = self.render_job
        return job.pdf if job else None

    @property
    def pdf_rendered_at(self):
        job = self.render_job
        return job.finished_at if job else None

    @property
    def pdf_ready(self) -> bool:
        job = self.render_job
        return bool(job and job.is_ready)


def _validate_reminder_days(value: str) -> None:
    days = [part.strip() for part in value.split(",") if part.strip()]
    if any(int_or_none(part, min_value=1, max_value=120) is None for part in days):
        raise ValidationError(_("请填写 1 到 120 之间的天数，用逗号分隔，如“14,3”。"))


class ReportCycle(RenderedPdf):
    """Art 22: the office opens the year's written reports: a deadline, a reminder schedule, the units.

    Opening creates one report per unit. The cycle's PDF is the annual compilation (年度履职情况汇编)
    of the accepted reports.
    """

    committee = models.ForeignKey(
        "committee.Committee", verbose_name=_("委员会"), on_delete=models.PROTECT, related_name="report_cycles"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    deadline = models.DateField(_("报送截止日期"))
    remind_days_before = models.CharField(
        _("截止前提醒（天）"),
        max_length=60,
        default=DEFAULT_REMINDER_DAYS,
        blank=True,
        validators=[RegexValidator(r"^[\d,，\s]*$", _("只能填写数字和逗号。")), _validate_reminder_days],
        help_text=_("在截止日期前多少天提醒尚未报送的单位，用逗号分隔；开通时另行通知。"),
    )
    remind_weekly_after = models.BooleanField(
        _("逾期后每周提醒"), default=True, help_text=_("截止后次日起，每周提醒一次尚未报送的单位。")
    )
    requires_head_confirmation = models.BooleanField(
        _("须经单位负责人确认"), default=True, help_text=_("联络员提交后，由本单位负责人（委员会成员）确认再报办公室。")
    )
    instructions = models.TextField(_("报送要求"), blank=True)
    opened_at = models.DateTimeField(_("开通时间"), default=timezone.now)
    opened_by = models.ForeignKey(
        "committee.Appointment", verbose_name=_("开通人"), on_delete=models.PROTECT, related_name="+"
    )
    opened_under = models.ForeignKey(
        "committee.Delegation",
        verbose_name=_("所依委托"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    history = HistoricalRecords()

    opened = ActedBy("opened", verbose_name=_("开通身份"))

    class Meta:
        verbose_name = _("年度报告报送")
        verbose_name_plural = _("年度报告报送")
        ordering = ["committee", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "year"],
                name="report_cycle_one_per_year",
                violation_error_message=_("该年度的报告报送已经开通。"),
            ),
            models.CheckConstraint(condition=Q(year__gte=2000, year__lte=2100), name="report_cycle_year_sane"),
        ]

    def __str__(self) -> str:
        return _("%(year)s年度成员单位履职情况书面报告") % {"year": self.year}

    def get_absolute_url(self) -> str:
        return reverse("reports:cycle", kwargs={"pk": self.pk})

    @property
    def title(self) -> str:
        return str(self)

    @property
    def compiled_count(self) -> int:
        """How many accepted reports the compilation (the cycle's PDF) holds, as rendered."""
        job = self.render_job
        return int(job.extra.get("reports", 0)) if job and job.is_ready else 0

    @property
    def reminder_days(self) -> list[int]:
        """Days before the deadline on which to remind, largest first: "14,3" -> [14, 3]."""
        parts = self.remind_days_before.replace("，", ",").split(",")
        return sorted({day for part in parts if (day := int_or_none(part, max_value=120))}, reverse=True)

    def is_overdue(self, on: datetime.date | None = None) -> bool:
        return (on or timezone.localdate()) > self.deadline


class ReportState(models.TextChoices):
    DRAFT = "draft", _("草稿")
    AWAITING_CONFIRMATION = "awaiting_confirmation", _("待单位负责人确认")
    SUBMITTED = "submitted", _("已报送")
    RETURNED = "returned", _("已退回修改")
    RESUBMITTED = "resubmitted", _("已重新报送")
    ACCEPTED = "accepted", _("已审核通过")


# The unit may edit only these; everything else is locked for it.
EDITABLE_STATES = frozenset({ReportState.DRAFT, ReportState.RETURNED})
# The report lies with the office, waiting to be returned or accepted.
WITH_OFFICE_STATES = frozenset({ReportState.SUBMITTED, ReportState.RESUBMITTED})


def _with_office(report: AnnualReport) -> str:
    """Where a report reaches the office: resubmitted once the office has returned an earlier version."""
    if report.versions.filter(outcome=VersionOutcome.RETURNED).exists():
        return ReportState.RESUBMITTED
    return ReportState.SUBMITTED


def _submitted(report: AnnualReport) -> str:
    """The liaison's submission goes to the unit head first when the cycle asks for it, else to the office."""
    if report.cycle.requires_head_confirmation:
        return ReportState.AWAITING_CONFIRMATION
    return _with_office(report)


def _sent_back(report: AnnualReport) -> str:
    """Sent back by the head: a report that has reached the office before is "returned", else still a draft."""
    return ReportState.RETURNED if report.submitted_at else ReportState.DRAFT


def _in_state(message):
    """A refusal that names where the report stands (报告已报送，不能退回。)."""
    return lambda report: message % {"state": report.get_state_display()}


class AnnualReport(RenderedPdf):
    """Art 22: one member unit's written report for one year, in the four parts the article lists.

    `revision` counts saves of the draft, so that two open tabs cannot overwrite each other unseen;
    each submission is kept as a `ReportVersion`.
    """

    committee = models.ForeignKey(
        "committee.Committee", verbose_name=_("委员会"), on_delete=models.PROTECT, related_name="annual_reports"
    )
    cycle = models.ForeignKey(
        ReportCycle, verbose_name=_("年度报告报送"), on_delete=models.CASCADE, related_name="reports"
    )
    unit = models.ForeignKey(
        "members.MemberUnit", verbose_name=_("成员单位"), on_delete=models.PROTECT, related_name="annual_reports"
    )
    state = FSMField(_("状态"), max_length=24, choices=ReportState.choices, default=ReportState.DRAFT)
    key_work = models.TextField(_("重点工作落实情况"), blank=True)
    revision = models.PositiveIntegerField(_("草稿版本号"), default=0)
    last_saved_at = models.DateTimeField(_("最近保存时间"), null=True, blank=True)
    last_saved_by = models.ForeignKey(
        "committee.Person",
        verbose_name=_("最近保存人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(
        _("报送时间"), null=True, blank=True, help_text=_("报告首次报到委员会办公室的时间。")
    )
    late = models.BooleanField(_("逾期报送"), default=False)
    accepted_at = models.DateTimeField(_("审核通过时间"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        "committee.Appointment",
        verbose_name=_("审核人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    accepted_under = models.ForeignKey(
        "committee.Delegation",
        verbose_name=_("所依委托"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    history = HistoricalRecords(excluded_fields=["revision", "last_saved_at", "last_saved_by", "key_work"])

    accepted = ActedBy("accepted", verbose_name=_("审核身份"))

    class Meta:
        verbose_name = _("年度书面报告")
        verbose_name_plural = _("年度书面报告")
        ordering = ["cycle", "unit__sort_order", "unit__code"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "unit"], name="annual_report_one_per_unit"),
            models.CheckConstraint(
                condition=~Q(state="accepted") | Q(accepted_at__isnull=False), name="accepted_report_has_acceptance"
            ),
            models.CheckConstraint(
                condition=Q(state__in=["draft", "awaiting_confirmation"]) | Q(submitted_at__isnull=False),
                name="reported_report_has_submission_time",
            ),
        ]

    def __str__(self) -> str:
        return str(self.name_phrase())

    def get_absolute_url(self) -> str:
        return reverse("reports:report", kwargs={"pk": self.pk})

    def name_phrase(self) -> Phrase:
        """The report's name, kept to be worded in a reader's language (a notification names it)."""
        return Phrase(gettext_noop("%(unit)s%(year)s年度履职情况书面报告"), unit=self.unit.name, year=self.cycle.year)

    @property
    def is_editable(self) -> bool:
        return self.state in EDITABLE_STATES

    @property
    def is_with_office(self) -> bool:
        return self.state in WITH_OFFICE_STATES

    # --- the workflow (Art 22): each step, the states it leaves and enters, and who may take it ---

    @step(
        state,
        source=[ReportState.DRAFT, ReportState.RETURNED],
        target=GET_STATE(
            _submitted, states=[ReportState.AWAITING_CONFIRMATION, ReportState.SUBMITTED, ReportState.RESUBMITTED]
        ),
        action=Action.ACT_FOR_UNIT,
        label=_("提交报告"),
        refused=_in_state(_("报告%(state)s，本单位不能再修改。")),
        confirm=lambda report: (
            _("提交后报告交本单位负责人确认，本单位不能再修改。确定提交吗？")
            if report.cycle.requires_head_confirmation
            else _("提交后报告报委员会办公室，本单位不能再修改。确定提交吗？")
        ),
        listed=False,
    )
    def submit(self):
        """提交: the liaison submits the draft, kept as a new version; the button sits under the draft it sends."""

    @step(
        state,
        source=ReportState.AWAITING_CONFIRMATION,
        target=GET_STATE(_with_office, states=[ReportState.SUBMITTED, ReportState.RESUBMITTED]),
        action=Action.CONFIRM_FOR_UNIT,
        label=_("确认并报办公室"),
        refused=_in_state(_("报告%(state)s，无需确认。")),
        confirm=_("确认后报告将报委员会办公室，本单位不能再修改。确定吗？"),
    )
    def confirm(self):
        """The unit head (committee member) confirms the liaison's submission; it goes to the office."""

    @step(
        state,
        source=ReportState.AWAITING_CONFIRMATION,
        target=GET_STATE(_sent_back, states=[ReportState.DRAFT, ReportState.RETURNED]),
        action=Action.CONFIRM_FOR_UNIT,
        label=_("退回联络员修改"),
        refused=_in_state(_("报告%(state)s，不能退回。")),
        style="outline-danger",
    )
    def send_back(self):
        """The unit head sends the submission back to the liaison, with a comment, before it reaches the office."""

    @step(
        state,
        source=[ReportState.SUBMITTED, ReportState.RESUBMITTED],
        target=ReportState.ACCEPTED,
        action=ACCEPT_REPORT,
        label=_("审核通过"),
        refused=_in_state(_("报告%(state)s，不能审核通过。")),
        style="success",
        confirm=_("审核通过后报告定稿，并生成PDF收入年度汇编。确定吗？"),
    )
    def accept(self):
        """The office director accepts the report; its PDF is then rendered."""

    @step(
        state,
        source=[ReportState.SUBMITTED, ReportState.RESUBMITTED],
        target=ReportState.RETURNED,
        action=Action.MANAGE_COMMITTEE,
        label=_("退回修改"),
        refused=_in_state(_("报告%(state)s，不能退回。")),
        style="outline-danger",
        confirm=_("退回后单位需修改并重新报送。确定退回吗？"),
    )
    def return_to_unit(self):
        """The office (its director or staff) returns the report to the unit with comments to revise."""

    @step(
        state,
        source=ReportState.ACCEPTED,
        action=Action.MANAGE_COMMITTEE,
        label=_("重新生成"),
        refused=_("报告审核通过后才能生成PDF。"),
        style="outline-secondary",
        listed=False,
    )
    def render_again(self):
        """The office asks again for the PDF of an accepted report whose rendering failed (or was never made)."""

    @step(
        state,
        source=[ReportState.DRAFT, ReportState.RETURNED],
        action=Action.MANAGE_COMMITTEE,
        label=_("提醒"),
        refused=_in_state(_("报告%(state)s，无需催报。")),
        style="outline-primary",
        listed=False,
    )
    def remind(self):
        """催报: one click on the status board reminds the unit now."""

    def is_late(self, on: datetime.date | None = None) -> bool:
        """Late: it reached the office after the deadline, or it has not yet and the deadline has passed."""
        if self.submitted_at is not None:
            return self.late
        return self.cycle.is_overdue(on)

    def tone(self, on: datetime.date | None = None) -> str:
        """Badge colour: green accepted, red overdue, yellow due soon or returned, blue with the office."""
        on = on or timezone.localdate()
        if self.state == ReportState.ACCEPTED:
            return "success"
        if self.submitted_at is None and self.cycle.is_overdue(on):
            return "danger"
        if self.state == ReportState.RETURNED or (
            self.state in EDITABLE_STATES and (self.cycle.deadline - on).days <= 3
        ):
            return "warning"
        if self.state in WITH_OFFICE_STATES:
            return "primary"
        return "secondary"


class VersionOutcome(models.TextChoices):
    NONE = "", _("—")
    SENT_BACK = "sent_back", _("单位负责人退回")
    RETURNED = "returned", _("办公室退回修改")
    ACCEPTED = "accepted", _("审核通过")


class ReportVersion(models.Model):
    """Art 22: the report as the unit submitted it, kept for good, with what became of it.

    Each submission is a new version; the office compares any two of them.
    """

    report = models.ForeignKey(AnnualReport, verbose_name=_("报告"), on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("版本"))
    content = models.JSONField(_("报告内容"))
    submitted_at = models.DateTimeField(_("提交时间"))
    submitted_by = models.ForeignKey(
        "committee.Appointment", verbose_name=_("提交人"), on_delete=models.PROTECT, related_name="+"
    )
    submitted_under = models.ForeignKey(
        "committee.Delegation",
        verbose_name=_("所依委托"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("单位负责人确认时间"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        "committee.Appointment",
        verbose_name=_("确认人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    confirmed_under = models.ForeignKey(
        "committee.Delegation",
        verbose_name=_("所依委托"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    outcome = models.CharField(_("处理结果"), max_length=12, choices=VersionOutcome.choices, blank=True, default="")
    outcome_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    outcome_by = models.ForeignKey(
        "committee.Appointment",
        verbose_name=_("处理人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    outcome_under = models.ForeignKey(
        "committee.Delegation",
        verbose_name=_("所依委托"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    outcome_comment = models.TextField(_("处理意见"), blank=True)
    history = HistoricalRecords(excluded_fields=["content"])

    submitted = ActedBy("submitted", verbose_name=_("提交身份"))
    confirmed = ActedBy("confirmed", verbose_name=_("确认身份"))
    handled = ActedBy("outcome", verbose_name=_("处理身份"))

    class Meta:
        verbose_name = _("报告版本")
        verbose_name_plural = _("报告版本")
        ordering = ["report", "number"]
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="report_version_number_unique"),
            models.CheckConstraint(
                condition=~Q(outcome__in=["returned", "sent_back"]) | ~Q(outcome_comment=""),
                name="report_return_has_comment",
            ),
        ]

    def __str__(self) -> str:
        return _("第%(number)s版") % {"number": self.number}


class DutyEntry(models.Model):
    """Art 22, part 1 (依法履职情况): one statutory duty item of the unit and what the unit did on it."""

    report = models.ForeignKey(
        AnnualReport, verbose_name=_("报告"), on_delete=models.CASCADE, related_name="duty_entries"
    )
    duty = models.ForeignKey(
        "members.Duty", verbose_name=_("职责"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    position = models.PositiveSmallIntegerField(_("序号"))
    duty_label = models.CharField(_("职责条目"), max_length=40)
    duty_text = models.TextField(_("职责内容"))
    done_text = models.TextField(_("履职情况"), blank=True)
    history = HistoricalRecords(excluded_fields=["done_text"])

    class Meta:
        verbose_name = _("依法履职情况")
        verbose_name_plural = _("依法履职情况")
        ordering = ["report", "position"]

    def __str__(self) -> str:
        return self.duty_label


class TaskEntry(models.Model):
    """Art 22, part 2 (委员会决策部署完成情况): one follow-up task assigned to the unit in the year.

    The task is referred to by id, with its title, deadline and status as they stood when copied,
    so that the report reads the same after the task moves on.
    """

    report = models.ForeignKey(
        AnnualReport, verbose_name=_("报告"), on_delete=models.CASCADE, related_name="task_entries"
    )
    task_id = models.PositiveBigIntegerField(_("督办事项编号"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(_("序号"))
    task_title = models.CharField(_("督办事项"), max_length=300)
    # Art 5: a task that came from above says so (上级来文：京密矫委〔2026〕3号), as it stood when copied.
    source_label = models.CharField(_("来源"), max_length=120, blank=True)
    task_deadline = models.DateField(_("办理期限"), null=True, blank=True)
    status_text = models.CharField(_("办理状态"), max_length=60, blank=True)
    progress_text = models.TextField(_("完成情况"), blank=True)
    history = HistoricalRecords(excluded_fields=["progress_text"])

    class Meta:
        verbose_name = _("决策部署完成情况")
        verbose_name_plural = _("决策部署完成情况")
        ordering = ["report", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "task_id"], condition=Q(task_id__isnull=False), name="task_entry_once_per_report"
            )
        ]

    def __str__(self) -> str:
        return self.task_title


class IssueKind(models.TextChoices):
    PROBLEM = "problem", _("存在问题")
    SUGGESTION = "suggestion", _("意见建议")


class FollowUpState(models.TextChoices):
    OPEN = "open", _("待研究")
    IN_PROGRESS = "in_progress", _("办理中")
    RESOLVED = "resolved", _("已办结")
    NOTED = "noted", _("已知悉，暂不办理")


# Badge colours of the follow-up: still to study stands out; done is green.
FOLLOW_UP_TONES = {
    FollowUpState.OPEN: "warning",
    FollowUpState.IN_PROGRESS: "primary",
    FollowUpState.RESOLVED: "success",
    FollowUpState.NOTED: "secondary",
}


class ReportIssue(models.Model):
    """Art 22, part 4 (存在问题及意见建议): one problem or suggestion, and what the committee did with it."""

    report = models.ForeignKey(AnnualReport, verbose_name=_("报告"), on_delete=models.CASCADE, related_name="issues")
    position = models.PositiveSmallIntegerField(_("序号"))
    kind = models.CharField(_("类别"), max_length=12, choices=IssueKind.choices, default=IssueKind.PROBLEM)
    text = models.TextField(_("内容"), blank=True)
    follow_up_state = models.CharField(
        _("办理状态"), max_length=12, choices=FollowUpState.choices, default=FollowUpState.OPEN
    )
    follow_up_text = models.TextField(_("委员会办理情况"), blank=True)
    follow_up_at = models.DateTimeField(_("办理登记时间"), null=True, blank=True)
    follow_up_by = models.ForeignKey(
        "committee.Appointment",
        verbose_name=_("办理登记人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    follow_up_under = models.ForeignKey(
        "committee.Delegation",
        verbose_name=_("所依委托"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    history = HistoricalRecords(excluded_fields=["text"])

    followed_up = ActedBy("follow_up", verbose_name=_("登记身份"))

    class Meta:
        verbose_name = _("问题和建议")
        verbose_name_plural = _("问题和建议")
        ordering = ["report", "position"]

    def __str__(self) -> str:
        return self.text[:40] or str(self.get_kind_display())

    def get_absolute_url(self) -> str:
        return reverse("reports:issue_followup", kwargs={"pk": self.pk})

    @property
    def follow_up_tone(self) -> str:
        return FOLLOW_UP_TONES.get(self.follow_up_state, "warning")

    @property
    def committee(self):
        return self.report.committee

    @property
    def unit(self):
        return self.report.unit


class ReportAttachment(AttachmentBase):
    """An attachment to a report (a table, a photo, a scanned document); removed ones stay for old versions."""

    report = models.ForeignKey(
        AnnualReport, verbose_name=_("报告"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("文件"), max_length=200, upload_to=RandomPath("reports/attachments"))
    uploaded_by = models.ForeignKey(
        "committee.Person", verbose_name=_("上传人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    removed_at = models.DateTimeField(_("移除时间"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("报告附件")
        verbose_name_plural = _("报告附件")
        ordering = ["report", "uploaded_at", "pk"]

    def get_absolute_url(self) -> str:
        return reverse("reports:attachment", kwargs={"pk": self.pk})

    @property
    def committee(self):
        return self.report.committee

    @property
    def unit(self):
        return self.report.unit


class TopicStatus(models.TextChoices):
    PLANNED = "planned", _("计划中")
    IN_PROGRESS = "in_progress", _("调研中")
    CONCLUDED = "concluded", _("已结题")
    CANCELLED = "cancelled", _("已终止")


class ResearchTopic(models.Model):
    """Art 22: a research topic (课题调研) the committee organises: a lead unit, participants, a plan,
    dates, findings and the final report, linked to the meeting decisions that commissioned it or took
    up its findings (DESIGN: the linked chain).
    """

    committee = models.ForeignKey(
        "committee.Committee", verbose_name=_("委员会"), on_delete=models.PROTECT, related_name="research_topics"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    title = models.CharField(_("课题名称"), max_length=200)
    lead_unit = models.ForeignKey(
        "members.MemberUnit", verbose_name=_("牵头单位"), on_delete=models.PROTECT, related_name="led_topics"
    )
    participating_units = models.ManyToManyField(
        "members.MemberUnit", verbose_name=_("参与单位"), blank=True, related_name="joined_topics"
    )
    plan = models.TextField(_("调研计划"))
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("计划完成日期"))
    status = models.CharField(_("状态"), max_length=12, choices=TopicStatus.choices, default=TopicStatus.PLANNED)
    findings = models.TextField(_("调研成果"), blank=True)
    final_report = models.FileField(_("调研报告"), max_length=200, upload_to=RandomPath("reports/topics"), blank=True)
    final_report_name = models.CharField(_("调研报告文件名"), max_length=200, blank=True)
    final_report_type = models.CharField(_("调研报告文件类型"), max_length=120, blank=True)
    decisions = models.ManyToManyField(
        "meetings.Decision",
        verbose_name=_("关联决定事项"),
        blank=True,
        related_name="research_topics",
        help_text=_("部署本课题或采纳其成果的委员会会议决定事项。"),
    )
    related_decisions = models.TextField(
        _("其他相关决策"), blank=True, help_text=_("不在本系统中的相关决策，如镇政府的决定，用文字说明。")
    )
    created_at = models.DateTimeField(_("登记时间"), default=timezone.now)
    created_by = models.ForeignKey(
        "committee.Appointment", verbose_name=_("登记人"), on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("课题调研")
        verbose_name_plural = _("课题调研")
        ordering = ["committee", "-year", "starts_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="topic_ends_after_start"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("reports:topic", kwargs={"pk": self.pk})

    @property
    def unit(self):
        """The authority service judges a topic's unit-scoped acts by its lead unit."""
        return self.lead_unit

    def clean(self) -> None:
        super().clean()
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("计划完成日期不能早于开始日期。")})
        if self.lead_unit_id and self.committee_id and self.lead_unit.committee_id != self.committee_id:
            raise ValidationError({"lead_unit": _("牵头单位不属于本委员会。")})

    def tone(self, on: datetime.date | None = None) -> str:
        on = on or timezone.localdate()
        if self.status in {TopicStatus.CONCLUDED, TopicStatus.CANCELLED}:
            return "secondary" if self.status == TopicStatus.CANCELLED else "success"
        if on > self.ends_on:
            return "danger"
        if (self.ends_on - on).days <= 14:
            return "warning"
        return "success"
