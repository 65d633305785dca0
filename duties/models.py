"""Follow-up tasks (督办) that carry out committee decisions (Arts 21, 24), and supervisory inspections (Art 23).

The statutory duty items they check against are data of the committee's rules: members.Duty."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import transition
from simple_history.models import HistoricalRecords

from committee.authority import Action
from committee.workflow import Condition, FSMField, step
from core.acts import ActedBy
from core.attachments import AttachmentBase, RandomPath
from core.numerals import chinese_date

# Follow-up tasks (督办): what a committee decision asks of a member unit, until the office confirms it done
# (Arts 21, 24). What a unit did with its tasks is part 2 of its annual report (Art 22).


def due_soon_days() -> int:
    """A task this many days or fewer from its deadline shows yellow (setting TASK_DUE_SOON_DAYS)."""
    return int(getattr(settings, "TASK_DUE_SOON_DAYS", 3))


class TaskStatus(models.TextChoices):
    OPEN = "open", _("办理中")
    REPORTED = "reported", _("已报办结，待确认")
    CLOSED = "closed", _("已办结")


class Signal(models.TextChoices):
    """The colour of a task on every list, always with these words beside it (UI.md)."""

    ON_TRACK = "on_track", _("正常推进")
    DUE_SOON = "due_soon", _("即将到期")
    OVERDUE = "overdue", _("已逾期")
    REPORTED = "reported", _("待确认办结")
    CLOSED = "closed", _("已办结")


SIGNAL_TONE = {
    Signal.ON_TRACK: "success",
    Signal.DUE_SOON: "warning",
    Signal.OVERDUE: "danger",
    Signal.REPORTED: "info",
    Signal.CLOSED: "secondary",
}


class FollowUpTaskQuerySet(models.QuerySet):
    def with_signal(self, today: datetime.date | None = None) -> FollowUpTaskQuerySet:
        """Annotates `signal_code`, so that lists colour and filter rows in the query, not row by row."""
        today = today or timezone.localdate()
        soon = today + datetime.timedelta(days=due_soon_days())
        return self.annotate(
            signal_code=models.Case(
                models.When(status=TaskStatus.CLOSED, then=models.Value(Signal.CLOSED.value)),
                models.When(status=TaskStatus.REPORTED, then=models.Value(Signal.REPORTED.value)),
                models.When(deadline__lt=today, then=models.Value(Signal.OVERDUE.value)),
                models.When(deadline__lte=soon, then=models.Value(Signal.DUE_SOON.value)),
                default=models.Value(Signal.ON_TRACK.value),
                output_field=models.CharField(),
            )
        )

    def not_closed(self) -> FollowUpTaskQuerySet:
        return self.exclude(status=TaskStatus.CLOSED)


class FollowUpTask(models.Model):
    """督办事项: a member unit is asked to carry out a committee decision by a deadline (Arts 21, 24; Art 22 part 2).

    The source is a meeting decision; other sources (an inspection finding, Art 23) are further nullable
    links of their own, so `source` names whichever is set. The unit's liaison reports progress, asks
    for more time and reports completion; the office confirms it done (办结) or sends it back.
    """

    committee = models.ForeignKey(
        "committee.Committee", verbose_name=_("委员会"), on_delete=models.PROTECT, related_name="tasks"
    )
    unit = models.ForeignKey(
        "members.MemberUnit", verbose_name=_("承办单位"), on_delete=models.PROTECT, related_name="tasks"
    )
    decision = models.ForeignKey(
        "meetings.Decision",
        verbose_name=_("来源决定事项"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tasks",
    )
    finding = models.ForeignKey(
        "duties.InspectionFinding",
        verbose_name=_("来源检查发现"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tasks",
    )
    # Art 5: a document the committee above sent down and the committee signed for; the committee carries it out
    # through tasks for its own units.
    upper_document = models.ForeignKey(
        "documents.Document",
        verbose_name=_("来源上级来文"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="lower_tasks",
    )
    title = models.CharField(_("督办事项"), max_length=200)
    requirement = models.TextField(_("工作要求"), blank=True)
    deadline = models.DateField(_("办理期限"))
    original_deadline = models.DateField(_("原定期限"))
    status = FSMField(_("状态"), max_length=20, choices=TaskStatus.choices, default=TaskStatus.OPEN)
    created_by = models.ForeignKey(
        "committee.Appointment", verbose_name=_("交办人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("交办时间"), default=timezone.now)
    reported_at = models.DateTimeField(_("报办结时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("办结确认时间"), null=True, blank=True)
    closed_by = models.ForeignKey(
        "committee.Appointment",
        verbose_name=_("办结确认人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    closed_under = models.ForeignKey(
        "committee.Delegation",
        verbose_name=_("所依委托"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    history = HistoricalRecords()

    closed = ActedBy("closed", verbose_name=_("确认身份"))

    objects = FollowUpTaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("督办事项")
        verbose_name_plural = _("督办事项")
        ordering = ["deadline", "pk"]
        indexes = [models.Index(fields=["committee", "status", "deadline"], name="task_overview_idx")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="closed") | (Q(closed_at__isnull=False) & Q(closed_by__isnull=False)),
                name="task_closed_is_recorded",
            ),
            models.CheckConstraint(
                condition=Q(status="open") | Q(reported_at__isnull=False), name="task_report_is_recorded"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit.short_name}：{self.title}" if self.unit_id else self.title

    def get_absolute_url(self) -> str:
        return reverse("duties:task", kwargs={"pk": self.pk})

    @property
    def source(self):
        """Where the task comes from: a meeting decision, an inspection finding (Art 23), or a document of the
        committee above (Art 5)."""
        return self.decision or self.finding or self.upper_document

    @property
    def source_label(self) -> str:
        """A source from outside the committee's own chain, as a unit's annual report (part 2) names it beside the
        task: 上级来文：京密矫委〔2026〕3号. Empty for the committee's own decisions and inspections."""
        if self.upper_document_id is None:
            return ""
        return str(_("上级来文：%(number)s") % {"number": self.upper_document.doc_number})

    @property
    def is_closed(self) -> bool:
        return self.status == TaskStatus.CLOSED

    # --- the workflow (Arts 21, 24): the unit's liaison reports, the office confirms or sends back ---

    @step(
        status,
        source=TaskStatus.OPEN,
        action=Action.ACT_FOR_UNIT,
        label=_("提交进展"),
        refused=lambda task: _("该事项%(status)s，不能再填报进展。") % {"status": task.get_status_display()},
    )
    def report_progress(self):
        """The liaison records progress, with attachments."""

    @step(
        status,
        source=TaskStatus.OPEN,
        target=TaskStatus.REPORTED,
        action=Action.ACT_FOR_UNIT,
        label=_("报办结"),
        refused=lambda task: _("该事项%(status)s，不能报办结。") % {"status": task.get_status_display()},
        style="success",
        confirm=_("报办结后由办公室确认，确认前不能再填报进展。确定报办结吗？"),
    )
    def report_completion(self):
        """The liaison reports the task done; a pending extension is withdrawn."""

    @step(
        status,
        source=TaskStatus.OPEN,
        action=Action.ACT_FOR_UNIT,
        label=_("提交延期申请"),
        refused=lambda task: _("该事项%(status)s，不能申请延期。") % {"status": task.get_status_display()},
        conditions=[Condition(lambda task: not task.pending_extension_exists, _("该事项已有一项延期申请等待审批。"))],
        style="outline-primary",
    )
    def request_extension(self):
        """The liaison asks for a later deadline (one request pending at a time); the office decides."""

    @step(
        status,
        source=TaskStatus.REPORTED,
        target=TaskStatus.CLOSED,
        action=Action.MANAGE_COMMITTEE,
        label=_("确认办结"),
        refused=lambda task: (
            _("单位报办结后才能确认办结（当前：%(status)s）。") % {"status": task.get_status_display()}
        ),
        style="success",
        confirm=_("确认办结后该事项即告结束。确定吗？"),
    )
    def close(self):
        """办结: the office confirms the task done."""

    @step(
        status,
        source=TaskStatus.REPORTED,
        target=TaskStatus.OPEN,
        action=Action.MANAGE_COMMITTEE,
        label=_("退回继续办理（须写明理由）"),
        refused=lambda task: (
            _("只有已报办结的事项可以退回（当前：%(status)s）。") % {"status": task.get_status_display()}
        ),
        style="outline-danger",
    )
    def send_back(self):
        """The office sends the completion report back, with the reason; the task is open again."""

    @step(
        status,
        source=TaskStatus.OPEN,
        action=Action.MANAGE_COMMITTEE,
        label=_("催办"),
        refused=lambda task: _("该事项%(status)s，无需催办。") % {"status": task.get_status_display()},
        conditions=[Condition(lambda task: task.deadline < timezone.localdate(), _("该事项尚未逾期，无需催办。"))],
        style="outline-danger",
    )
    def urge(self):
        """催办 (Art 21: the office follows up decisions): the unit's liaison and head are pressed on an overdue
        task; each time is an entry in the task's record."""

    @property
    def pending_extension_exists(self) -> bool:
        return self.extension_requests.filter(state=ExtensionState.PENDING).exists()

    def signal(self, today: datetime.date | None = None) -> Signal:
        """The colour of the task; the same rule as `FollowUpTaskQuerySet.with_signal`."""
        code = getattr(self, "signal_code", None)
        if code and today is None:
            return Signal(code)
        today = today or timezone.localdate()
        if self.status == TaskStatus.CLOSED:
            return Signal.CLOSED
        if self.status == TaskStatus.REPORTED:
            return Signal.REPORTED
        if self.deadline < today:
            return Signal.OVERDUE
        if self.deadline <= today + datetime.timedelta(days=due_soon_days()):
            return Signal.DUE_SOON
        return Signal.ON_TRACK

    @property
    def signal_tone(self) -> str:
        return SIGNAL_TONE[self.signal()]

    @property
    def signal_label(self) -> str:
        """The colour in words, with the days that make it: 即将到期（还剩2天）, 已逾期3天."""
        signal = self.signal()
        days = self.days_left
        if signal == Signal.DUE_SOON:
            return str(_("今天到期")) if days == 0 else str(_("即将到期（还剩%(n)s天）") % {"n": days})
        if signal == Signal.OVERDUE:
            return str(_("已逾期%(n)s天") % {"n": -days})
        return str(signal.label)

    @property
    def days_left(self) -> int:
        return (self.deadline - timezone.localdate()).days


class UpdateKind(models.TextChoices):
    PROGRESS = "progress", _("进展")
    COMPLETION = "completion", _("报办结")
    SENT_BACK = "sent_back", _("退回")
    CLOSED = "closed", _("办结确认")
    URGED = "urged", _("催办")


class TaskUpdate(models.Model):
    """An entry in a task's record: the unit's progress or completion report, or the office's answer to it."""

    task = models.ForeignKey(FollowUpTask, verbose_name=_("督办事项"), on_delete=models.CASCADE, related_name="updates")
    kind = models.CharField(_("类别"), max_length=20, choices=UpdateKind.choices, default=UpdateKind.PROGRESS)
    text = models.TextField(_("内容"))
    author = models.ForeignKey(
        "committee.Appointment", verbose_name=_("填报人"), on_delete=models.PROTECT, related_name="+"
    )
    author_under = models.ForeignKey(
        "committee.Delegation",
        verbose_name=_("所依委托"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("时间"), default=timezone.now)
    history = HistoricalRecords()

    acted = ActedBy("acted", by="author", under="author_under", at="created_at", verbose_name=_("身份"))

    class Meta:
        verbose_name = _("办理情况")
        verbose_name_plural = _("办理情况")
        ordering = ["task", "created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.text[:30]}"


class TaskAttachment(AttachmentBase):
    """A file attached to a progress or completion report (photos, minutes of a unit meeting, a report)."""

    update = models.ForeignKey(
        TaskUpdate, verbose_name=_("办理情况"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("文件"), max_length=200, upload_to=RandomPath("duties/tasks"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")
        ordering = ["update", "pk"]

    @property
    def task(self) -> FollowUpTask:
        return self.update.task


class ExtensionState(models.TextChoices):
    PENDING = "pending", _("待办公室审批")
    GRANTED = "granted", _("已同意")
    REFUSED = "refused", _("未同意")
    WITHDRAWN = "withdrawn", _("已撤回（已报办结）")


EXTENSION_STATE_TONE = {
    ExtensionState.PENDING: "warning",
    ExtensionState.GRANTED: "success",
    ExtensionState.REFUSED: "secondary",
    ExtensionState.WITHDRAWN: "secondary",
}


class ExtensionRequest(models.Model):
    """The unit asks for more time; the office grants (the deadline moves) or refuses, saying why."""

    task = models.ForeignKey(
        FollowUpTask, verbose_name=_("督办事项"), on_delete=models.CASCADE, related_name="extension_requests"
    )
    requested_deadline = models.DateField(_("申请延期至"))
    previous_deadline = models.DateField(_("原期限"))
    reason = models.TextField(_("延期理由"))
    requested_by = models.ForeignKey(
        "committee.Appointment", verbose_name=_("申请人"), on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("申请时间"), default=timezone.now)
    state = FSMField(_("状态"), max_length=20, choices=ExtensionState.choices, default=ExtensionState.PENDING)
    decided_by = models.ForeignKey(
        "committee.Appointment",
        verbose_name=_("审批人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_under = models.ForeignKey(
        "committee.Delegation",
        verbose_name=_("所依委托"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    decision_note = models.CharField(_("审批意见"), max_length=300, blank=True)
    history = HistoricalRecords()

    decided = ActedBy("decided", verbose_name=_("审批身份"))

    class Meta:
        verbose_name = _("延期申请")
        verbose_name_plural = _("延期申请")
        ordering = ["task", "-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["task"],
                condition=Q(state="pending"),
                name="one_pending_extension_per_task",
                violation_error_message=_("该事项已有一项延期申请等待审批。"),
            ),
            models.CheckConstraint(
                condition=Q(requested_deadline__gt=models.F("previous_deadline")), name="extension_moves_later"
            ),
            models.CheckConstraint(
                condition=~Q(state="refused") | ~Q(decision_note=""), name="extension_refusal_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return _("申请延期至%(date)s") % {"date": chinese_date(self.requested_deadline)}

    def get_absolute_url(self) -> str:
        return self.task.get_absolute_url()

    @property
    def committee(self):
        """The task's: whoever may manage the committee's affairs decides the request."""
        return self.task.committee

    @property
    def unit(self):
        return self.task.unit

    @property
    def state_tone(self) -> str:
        return EXTENSION_STATE_TONE[ExtensionState(self.state)]

    # --- the workflow: the office grants (the deadline moves) or refuses, saying why ---

    @step(
        state,
        source=ExtensionState.PENDING,
        target=ExtensionState.GRANTED,
        action=Action.MANAGE_COMMITTEE,
        label=_("同意延期"),
        refused=lambda extension: _("该延期申请已处理（%(state)s）。") % {"state": extension.get_state_display()},
        confirm=_("同意后办理期限将改为申请的日期。确定同意吗？"),
    )
    def grant(self):
        """The task's deadline moves to the date asked for."""

    @step(
        state,
        source=ExtensionState.PENDING,
        target=ExtensionState.REFUSED,
        action=Action.MANAGE_COMMITTEE,
        label=_("不同意（须写明理由）"),
        refused=lambda extension: _("该延期申请已处理（%(state)s）。") % {"state": extension.get_state_display()},
        style="outline-danger",
    )
    def refuse(self):
        """The deadline stays; the reason is recorded."""

    @transition(field=state, source=ExtensionState.PENDING, target=ExtensionState.WITHDRAWN)
    def withdraw(self):
        """Not a step anyone takes: a pending request lapses when the unit reports the task done."""


class InspectionSubject(models.TextChoices):
    """Art 23 names three things an inspection may look into."""

    LAWS = "laws", _("有关法律法规贯彻落实情况")
    DUTIES = "duties", _("成员单位依法履职情况")
    OTHER = "other", _("其他重要事项、重大问题")


class InspectionState(models.TextChoices):
    PROPOSED = "proposed", _("待批准")
    REJECTED = "rejected", _("未批准")
    APPROVED = "approved", _("已批准，待制定方案")
    PLANNED = "planned", _("检查中")
    CLOSED = "closed", _("已结束")


INSPECTION_STATE_TONE = {
    InspectionState.PROPOSED: "warning",
    InspectionState.REJECTED: "secondary",
    InspectionState.APPROVED: "info",
    InspectionState.PLANNED: "primary",
    InspectionState.CLOSED: "secondary",
}


class Inspection(models.Model):
    """督导检查 (Art 23): proposed by the office or a member unit, carried out once the director (or a deputy
    delegated to approve inspections) agrees; the approval records in what capacity it was given."""

    committee = models.ForeignKey(
        "committee.Committee", verbose_name=_("委员会"), on_delete=models.PROTECT, related_name="inspections"
    )
    title = models.CharField(_("检查名称"), max_length=200)
    subject = models.CharField(_("检查事项类别"), max_length=20, choices=InspectionSubject.choices)
    reason = models.TextField(_("提议理由"))
    target_units = models.ManyToManyField(
        "members.MemberUnit", verbose_name=_("被检查单位"), related_name="inspections"
    )
    proposing_unit = models.ForeignKey(
        "members.MemberUnit",
        verbose_name=_("提议单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inspections_proposed",
        help_text=_("为空表示由委员会办公室提议。"),
    )
    proposed_by = models.ForeignKey(
        "committee.Appointment", verbose_name=_("提议人"), on_delete=models.PROTECT, related_name="+"
    )
    proposed_under = models.ForeignKey(
        "committee.Delegation",
        verbose_name=_("所依委托"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    proposed_at = models.DateTimeField(_("提议时间"), default=timezone.now)
    state = FSMField(_("状态"), max_length=20, choices=InspectionState.choices, default=InspectionState.PROPOSED)
    decided_by = models.ForeignKey(
        "committee.Appointment",
        verbose_name=_("审批人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_under = models.ForeignKey(
        "committee.Delegation",
        verbose_name=_("所依据的委托"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    decision_note = models.TextField(_("审批意见"), blank=True)
    team = models.ManyToManyField("committee.Person", verbose_name=_("检查组成员"), blank=True, related_name="+")
    starts_on = models.DateField(_("检查开始日期"), null=True, blank=True)
    ends_on = models.DateField(_("检查结束日期"), null=True, blank=True)
    plan_note = models.TextField(_("检查方案说明"), blank=True)
    planned_by = models.ForeignKey(
        "committee.Appointment",
        verbose_name=_("方案制定人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    planned_at = models.DateTimeField(_("方案制定时间"), null=True, blank=True)
    closed_by = models.ForeignKey(
        "committee.Appointment",
        verbose_name=_("结束人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    closed_under = models.ForeignKey(
        "committee.Delegation",
        verbose_name=_("所依委托"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    history = HistoricalRecords()

    proposed = ActedBy("proposed", verbose_name=_("提议身份"))
    decided = ActedBy("decided", verbose_name=_("审批身份"))
    closed = ActedBy("closed", verbose_name=_("结束身份"))

    class Meta:
        verbose_name = _("督导检查")
        verbose_name_plural = _("督导检查")
        ordering = ["-proposed_at", "-pk"]
        indexes = [models.Index(fields=["committee", "state"], name="inspection_state_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=["proposed"]) | Q(decided_by__isnull=False, decided_at__isnull=False),
                name="inspection_decision_is_recorded",
            ),
            models.CheckConstraint(
                condition=~Q(state="rejected") | ~Q(decision_note=""), name="inspection_rejection_has_reason"
            ),
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True) | Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="inspection_dates_in_order",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("duties:inspection", kwargs={"pk": self.pk})

    @property
    def state_tone(self) -> str:
        return INSPECTION_STATE_TONE[InspectionState(self.state)]

    @property
    def proposer_label(self) -> str:
        return self.proposing_unit.short_name if self.proposing_unit_id else str(_("委员会办公室"))

    # --- the workflow (Art 23): approved by the director (or a delegated deputy), then carried out by the office ---

    @step(
        state,
        source=InspectionState.PROPOSED,
        target=InspectionState.APPROVED,
        action=Action.APPROVE_INSPECTION,
        label=_("同意开展"),
        refused=lambda inspection: _inspection_refused(inspection),
        confirm=_("同意后由委员会办公室制定检查方案。确定同意吗？"),
    )
    def approve(self):
        """The director, or a deputy delegated to approve inspections, agrees."""

    @step(
        state,
        source=InspectionState.PROPOSED,
        target=InspectionState.REJECTED,
        action=Action.APPROVE_INSPECTION,
        label=_("不同意（须写明理由）"),
        refused=lambda inspection: _inspection_refused(inspection),
        style="outline-danger",
        confirm=_("不同意后该提议即告结束。确定吗？"),
    )
    def reject(self):
        """The approver refuses, saying why."""

    @step(
        state,
        source=InspectionState.APPROVED,
        target=InspectionState.PLANNED,
        action=Action.MANAGE_COMMITTEE,
        label=_("确定方案"),
        refused=lambda inspection: _inspection_refused(inspection),
        confirm=_("方案确定后将生成检查清单并发出通知。确定吗？"),
    )
    def plan(self):
        """The office names the team and the dates; the checklist is made from the target units' duties."""

    @step(
        state,
        source=InspectionState.PLANNED,
        action=Action.MANAGE_COMMITTEE,
        label=_("保存"),
        refused=lambda inspection: _inspection_refused(inspection),
        style="outline-primary",
        listed=False,
    )
    def record_finding(self):
        """The office records what the team found for one checklist item (the page has a form on each row)."""

    @step(
        state,
        source=InspectionState.PLANNED,
        action=Action.MANAGE_COMMITTEE,
        label=_("交办整改"),
        refused=lambda inspection: _inspection_refused(inspection),
        conditions=[
            Condition(
                lambda inspection: InspectionFinding.objects.filter(
                    item__inspection=inspection, result__in=sorted(NEEDS_CORRECTION)
                ).exists(),
                _("只有基本符合或不符合的检查项需要交办整改。"),
            )
        ],
        confirm=_("交办后将通知被检查单位的联络员和成员。确定交办吗？"),
    )
    def assign_task(self):
        """A shortfall becomes a corrective task (督办事项) for the inspected unit."""

    @step(
        state,
        source=InspectionState.PLANNED,
        action=Action.MANAGE_COMMITTEE,
        label=_("起草为公文"),
        refused=lambda inspection: _inspection_refused(inspection),
        conditions=[
            Condition(lambda inspection: _documents_available(), _("公文功能尚不可用，暂不能起草检查报告。")),
            Condition(
                lambda inspection: not inspection.items_unrecorded, _("还有检查项未记录检查结论，不能起草检查报告。")
            ),
        ],
    )
    def draft_report(self):
        """The report, drafted as an official document (Art 24) once every checklist item has its finding."""

    @step(
        state,
        source=InspectionState.PLANNED,
        target=InspectionState.CLOSED,
        action=Action.MANAGE_COMMITTEE,
        label=_("结束督导检查"),
        refused=lambda inspection: _inspection_refused(inspection),
        style="outline-secondary",
        confirm=_("结束后不能再记录检查结论或交办整改（已交办的整改继续督办）。确定结束吗？"),
    )
    def close(self):
        """The office closes the inspection (its findings and report must be complete); corrective tasks go on."""

    @property
    def items_unrecorded(self) -> bool:
        return self.items.filter(finding__isnull=True).exists()


def _inspection_refused(inspection: Inspection) -> str:
    return _("该督导检查目前“%(state)s”，不能进行此项操作。") % {"state": inspection.get_state_display()}


def _documents_available() -> bool:
    from .inspections_services import documents_available

    return documents_available()


class InspectionItem(models.Model):
    """One row of an inspection's checklist: a duty item of a target unit, its words copied when the plan is made,
    or a matter the office adds while the inspection runs (Art 23: 其他重要事项、重大问题), recording who added it."""

    committee = models.ForeignKey(
        "committee.Committee", verbose_name=_("委员会"), on_delete=models.PROTECT, related_name="+"
    )
    inspection = models.ForeignKey(
        Inspection, verbose_name=_("督导检查"), on_delete=models.CASCADE, related_name="items"
    )
    unit = models.ForeignKey(
        "members.MemberUnit", verbose_name=_("被检查单位"), on_delete=models.PROTECT, related_name="+"
    )
    duty = models.ForeignKey(
        "members.Duty",
        verbose_name=_("职责"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inspection_items",
    )
    text = models.TextField(_("检查内容"))
    position = models.PositiveSmallIntegerField(_("序号"))
    added_by = models.ForeignKey(
        "committee.Appointment",
        verbose_name=_("添加人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("为空表示按检查方案从职责清单生成。"),
    )
    added_under = models.ForeignKey(
        "committee.Delegation",
        verbose_name=_("所依委托"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    added_at = models.DateTimeField(_("添加时间"), null=True, blank=True)
    history = HistoricalRecords()

    added = ActedBy("added", verbose_name=_("添加身份"))

    class Meta:
        verbose_name = _("检查清单项")
        verbose_name_plural = _("检查清单项")
        ordering = ["inspection", "position"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "position"], name="inspection_item_position_unique"),
            models.UniqueConstraint(
                fields=["inspection", "duty"], condition=Q(duty__isnull=False), name="inspection_item_duty_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.text[:40]}"

    def get_absolute_url(self) -> str:
        return self.inspection.get_absolute_url() + f"#item-{self.pk}"

    @property
    def is_added(self) -> bool:
        """Added by the office while the inspection runs, not made from the plan: it may be taken off again."""
        return self.added_by_id is not None


class FindingResult(models.TextChoices):
    MET = "met", _("符合")
    PARTLY = "partly", _("基本符合")
    NOT_MET = "not_met", _("不符合")


FINDING_TONE = {FindingResult.MET: "success", FindingResult.PARTLY: "warning", FindingResult.NOT_MET: "danger"}
NEEDS_CORRECTION = frozenset({FindingResult.PARTLY, FindingResult.NOT_MET})


class InspectionFinding(models.Model):
    """What the inspection team found for one checklist item of a unit (Art 23); items found short may be
    turned into corrective tasks (督办事项)."""

    committee = models.ForeignKey(
        "committee.Committee", verbose_name=_("委员会"), on_delete=models.PROTECT, related_name="+"
    )
    item = models.OneToOneField(
        InspectionItem, verbose_name=_("检查清单项"), on_delete=models.CASCADE, related_name="finding"
    )
    result = models.CharField(_("检查结论"), max_length=20, choices=FindingResult.choices)
    note = models.TextField(_("情况说明"), blank=True)
    recorded_by = models.ForeignKey(
        "committee.Appointment", verbose_name=_("记录人"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_under = models.ForeignKey(
        "committee.Delegation",
        verbose_name=_("所依委托"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("记录时间"), default=timezone.now)
    history = HistoricalRecords()

    recorded = ActedBy("recorded", verbose_name=_("记录身份"))

    class Meta:
        verbose_name = _("检查发现")
        verbose_name_plural = _("检查发现")
        ordering = ["item"]
        constraints = [
            models.CheckConstraint(condition=Q(result="met") | ~Q(note=""), name="finding_shortfall_is_described")
        ]

    def __str__(self) -> str:
        return f"{self.item.text[:30]}：{self.get_result_display()}"

    def get_absolute_url(self) -> str:
        return self.item.get_absolute_url()

    @property
    def inspection(self) -> Inspection:
        return self.item.inspection

    @property
    def unit(self):
        return self.item.unit

    @property
    def tone(self) -> str:
        return FINDING_TONE[FindingResult(self.result)]

    @property
    def title(self) -> str:
        """How a task shows its source: the inspection and the checklist item."""
        return _("%(inspection)s · 第%(n)s项") % {"inspection": self.item.inspection.title, "n": self.item.position}
