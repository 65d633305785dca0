"""Meetings of the committee and of its office, their agenda, attendance, minutes and decisions (Arts 5, 21, 24)."""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from simple_history.models import HistoricalRecords

from committee.authority import Action
from committee.workflow import Condition, FSMField, step
from core.acts import ActedBy
from core.attachments import AttachmentBase, RandomPath
from core.numerals import chinese_date
from core.wording import Phrase

from .actions import MeetingAction


def moment_text(moment: datetime.datetime) -> str:
    """2026年3月5日 09:30, Asia/Shanghai: how notices and messages give a time."""
    local = timezone.localtime(moment)
    return f"{chinese_date(local)} {local:%H:%M}"


class MeetingKind(models.TextChoices):
    """Art 21: the committee meets in plenary or on a special topic; its office meets at least once a year."""

    PLENARY = "plenary", _("全体会议")
    SPECIAL = "special", _("专题会议")
    OFFICE = "office", _("办公室会议")


# Art 21: committee meetings decide important matters; office meetings decide general ones.
COMMITTEE_KINDS = frozenset({MeetingKind.PLENARY, MeetingKind.SPECIAL})


class MeetingState(models.TextChoices):
    PLANNED = "planned", _("筹备中")
    NOTIFIED = "notified", _("已通知")
    HELD = "held", _("已召开")
    CANCELLED = "cancelled", _("已取消")


# Until it is held or cancelled, a meeting may still change: its time, invitees, agenda and materials.
OPEN_MEETING_STATES = frozenset({MeetingState.PLANNED, MeetingState.NOTIFIED})


class Meeting(models.Model):
    """Art 21: a plenary, special-topic or office meeting, regular or ad hoc (临时).

    Every meeting is chaired by the director or by a deputy whose delegation to chair is in force on
    the meeting date; the chair's capacity is recorded when the meeting is scheduled and checked again
    when the chair approves the minutes.
    """

    committee = models.ForeignKey(
        "committee.Committee", verbose_name=_("委员会"), on_delete=models.PROTECT, related_name="meetings"
    )
    kind = models.CharField(_("会议类别"), max_length=20, choices=MeetingKind.choices)
    is_ad_hoc = models.BooleanField(_("临时会议"), default=False, help_text=_("根据工作需要临时召开的会议。"))
    title = models.CharField(_("会议名称"), max_length=200)
    starts_at = models.DateTimeField(_("开始时间"))
    ends_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    location = models.CharField(_("地点"), max_length=200)
    chair = models.ForeignKey(
        "committee.Appointment", verbose_name=_("主持人"), on_delete=models.PROTECT, related_name="meetings_chaired"
    )
    chair_delegation = models.ForeignKey(
        "committee.Delegation",
        verbose_name=_("主持所依委托"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meetings_chaired",
    )
    state = FSMField(_("状态"), max_length=20, choices=MeetingState.choices, default=MeetingState.PLANNED)
    notice_sent_at = models.DateTimeField(_("通知时间"), null=True, blank=True)
    attendance_recorded_at = models.DateTimeField(_("出席登记时间"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("取消时间"), null=True, blank=True)
    cancel_reason = models.CharField(_("取消原因"), max_length=300, blank=True)
    sequence = models.PositiveIntegerField(
        _("日历版本"), default=0, help_text=_("改期或取消时递增，日历软件据此更新日程。")
    )
    created_by = models.ForeignKey(
        "committee.Appointment", verbose_name=_("安排人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("安排时间"), default=timezone.now)
    history = HistoricalRecords()

    # The chair acts at the meeting: the capacity is judged on its date, which scheduling sets on its own.
    chaired = ActedBy(
        "chair", by="chair", under="chair_delegation", at="starts_at", stamps=False, verbose_name=_("主持身份")
    )

    class Meta:
        verbose_name = _("会议")
        verbose_name_plural = _("会议")
        ordering = ["-starts_at", "-pk"]
        indexes = [models.Index(fields=["committee", "starts_at"], name="meeting_calendar_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gt=models.F("starts_at")),
                name="meeting_ends_after_start",
                violation_error_message=_("结束时间必须晚于开始时间。"),
            ),
            models.CheckConstraint(
                condition=~Q(state="cancelled") | (Q(cancelled_at__isnull=False) & ~Q(cancel_reason="")),
                name="meeting_cancellation_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("meetings:detail", kwargs={"pk": self.pk})

    @property
    def decides_important(self) -> bool:
        return self.kind in COMMITTEE_KINDS

    @property
    def local_start(self) -> datetime.datetime:
        return timezone.localtime(self.starts_at)

    @property
    def has_started(self) -> bool:
        return self.starts_at <= timezone.now()

    @property
    def is_cancelled(self) -> bool:
        return self.state == MeetingState.CANCELLED

    @property
    def is_held(self) -> bool:
        return self.state == MeetingState.HELD

    @property
    def is_open_for_change(self) -> bool:
        return self.state in OPEN_MEETING_STATES

    @property
    def ical_uid(self) -> str:
        return f"meeting-{self.pk}@{self.committee.code}.community-correction"

    @property
    def state_tone(self) -> str:
        return {
            MeetingState.PLANNED: "secondary",
            MeetingState.NOTIFIED: "primary",
            MeetingState.HELD: "success",
            MeetingState.CANCELLED: "dark",
        }[MeetingState(self.state)]

    # --- the workflow (Art 21): each step, the state it leaves and enters, and who may take it. Recording the
    # attendance (its own form page, services.attendance_record) is what makes a meeting held. ---

    @step(
        state,
        source=sorted(OPEN_MEETING_STATES),
        target=MeetingState.NOTIFIED,
        action=Action.MANAGE_COMMITTEE,
        label=_("发出会议通知"),
        refused=lambda meeting: _("会议%(state)s，不能发出通知。") % {"state": meeting.get_state_display()},
        conditions=[Condition(lambda meeting: not meeting.has_started, _("会议已经开始，不能再发出会议通知。"))],
        confirm=_("将向主持人和全部受邀单位、人员发出会议通知。确定发出吗？"),
    )
    def notify(self):
        """会议通知 to the chair and every invitee; sent again after a change."""

    @step(
        state,
        source=sorted(OPEN_MEETING_STATES),
        target=MeetingState.CANCELLED,
        action=Action.MANAGE_COMMITTEE,
        label=_("取消会议"),
        refused=lambda meeting: _("会议%(state)s，不能取消。") % {"state": meeting.get_state_display()},
        style="outline-danger",
        confirm=_("取消后已通知的人员会收到取消通知，不能恢复。确定取消吗？"),
    )
    def cancel(self):
        """Cancelled with a reason; those notified are told."""

    @step(
        state,
        source=MeetingState.HELD,
        action=Action.MANAGE_COMMITTEE,
        label=_("起草纪要"),
        refused=_("请先登记出席情况，会议召开后再起草纪要。"),
        conditions=[
            Condition(
                lambda meeting: not meeting.minutes.exists(), _("这次会议已有纪要；修改已批准的纪要请起草新版本。")
            )
        ],
    )
    def draft_minutes(self):
        """The office drafts the first version of the minutes of a held meeting."""

    @step(
        state,
        source=MeetingState.HELD,
        action=Action.MANAGE_COMMITTEE,
        label=_("起草新版本"),
        refused=_("只有已批准的纪要才需要起草新版本；请直接修改正在办理的纪要。"),
        conditions=[
            Condition(
                lambda meeting: meeting.minutes.filter(state=MinutesState.APPROVED).exists(),
                _("只有已批准的纪要才需要起草新版本；请直接修改正在办理的纪要。"),
            ),
            Condition(
                lambda meeting: not meeting.minutes.filter(state__in=sorted(OPEN_MINUTES_STATES)).exists(),
                _("已有一份新版本正在办理。"),
            ),
        ],
        style="outline-primary",
    )
    def revise_minutes(self):
        """Approved minutes are locked: a change is a new version, which goes the whole way again."""


class ItemState(models.TextChoices):
    PROPOSED = "proposed", _("待办公室审核")
    ACCEPTED = "accepted", _("已列入议程")
    DECLINED = "declined", _("未列入议程")


class AgendaItem(models.Model):
    """议题: proposed by the office or by a member unit, with its materials; the office puts it on the agenda."""

    committee = models.ForeignKey(
        "committee.Committee", verbose_name=_("委员会"), on_delete=models.PROTECT, related_name="agenda_items"
    )
    meeting = models.ForeignKey(Meeting, verbose_name=_("会议"), on_delete=models.PROTECT, related_name="items")
    unit = models.ForeignKey(
        "members.MemberUnit",
        verbose_name=_("提出单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agenda_items",
        help_text=_("空表示由委员会办公室提出。"),
    )
    title = models.CharField(_("议题"), max_length=200)
    description = models.TextField(_("议题说明"), blank=True)
    state = FSMField(_("状态"), max_length=20, choices=ItemState.choices, default=ItemState.PROPOSED)
    order = models.PositiveSmallIntegerField(_("议程顺序"), default=0)
    proposed_by = models.ForeignKey(
        "committee.Appointment", verbose_name=_("提出人"), on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField(_("提出时间"), default=timezone.now)
    decided_by = models.ForeignKey(
        "committee.Appointment",
        verbose_name=_("审核人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    decline_reason = models.CharField(_("未列入理由"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("议题")
        verbose_name_plural = _("议题")
        ordering = ["meeting", "order", "proposed_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(state="declined") | ~Q(decline_reason=""), name="agenda_item_decline_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("meetings:item", kwargs={"pk": self.pk})

    @property
    def proposer_label(self) -> str:
        return self.unit.short_name if self.unit_id else str(_("委员会办公室"))

    @property
    def state_tone(self) -> str:
        return {
            ItemState.PROPOSED: "warning",
            ItemState.ACCEPTED: "success",
            ItemState.DECLINED: "secondary",
        }[ItemState(self.state)]

    # --- the workflow: the office puts a unit's proposal on the agenda, or not; its proposer adds materials ---

    @step(
        state,
        source=ItemState.PROPOSED,
        target=ItemState.ACCEPTED,
        action=Action.MANAGE_COMMITTEE,
        label=_("列入议程"),
        refused=lambda item: _("该议题已审核（%(state)s）。") % {"state": item.get_state_display()},
    )
    def accept(self):
        """Put on the agenda; the proposer is told."""

    @step(
        state,
        source=ItemState.PROPOSED,
        target=ItemState.DECLINED,
        action=Action.MANAGE_COMMITTEE,
        label=_("不列入议程（须写明理由）"),
        refused=lambda item: _("该议题已审核（%(state)s）。") % {"state": item.get_state_display()},
        style="outline-danger",
    )
    def decline(self):
        """Not put on the agenda, with the reason; the proposer is told."""

    @step(
        state,
        source=[ItemState.PROPOSED, ItemState.ACCEPTED],
        action=MeetingAction.PROPOSE_ITEM,
        label=_("补充会议材料"),
        refused=_("该议题已不能再补充材料。"),
        conditions=[Condition(lambda item: item.meeting.is_open_for_change, _("该议题已不能再补充材料。"))],
    )
    def add_materials(self):
        """The proposer's side (the unit, or the office) adds materials until the meeting is held."""


class Material(AttachmentBase):
    """A material (材料) of an agenda item: PDF, Word, Excel or an image, checked from its content."""

    item = models.ForeignKey(AgendaItem, verbose_name=_("议题"), on_delete=models.CASCADE, related_name="materials")
    file = models.FileField(_("文件"), max_length=200, upload_to=RandomPath("meetings/materials"))
    uploaded_by = models.ForeignKey(
        "committee.Appointment", verbose_name=_("上传人"), on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("会议材料")
        verbose_name_plural = _("会议材料")
        ordering = ["item", "pk"]

    @property
    def committee(self):
        return self.item.committee

    def get_absolute_url(self) -> str:
        return reverse("meetings:material", kwargs={"pk": self.pk})


class Attendance(models.TextChoices):
    PRESENT = "present", _("出席")
    LEAVE = "leave", _("请假")
    OBSERVER = "observer", _("列席")
    SUBSTITUTE = "substitute", _("代为出席")


# Who was at the meeting, for the right to comment on its minutes.
ATTENDED = frozenset({Attendance.PRESENT, Attendance.OBSERVER, Attendance.SUBSTITUTE})


class Invitation(models.Model):
    """An invitation to a member unit (its committee member attends) or to a person, and their attendance."""

    meeting = models.ForeignKey(Meeting, verbose_name=_("会议"), on_delete=models.CASCADE, related_name="invitations")
    unit = models.ForeignKey(
        "members.MemberUnit",
        verbose_name=_("成员单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="invitations",
    )
    person = models.ForeignKey(
        "committee.Person",
        verbose_name=_("人员"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="invitations",
    )
    attendance = models.CharField(_("出席情况"), max_length=20, choices=Attendance.choices, blank=True)
    substitute_name = models.CharField(_("代为出席人"), max_length=60, blank=True)
    attendance_note = models.CharField(_("备注"), max_length=200, blank=True)
    invited_at = models.DateTimeField(_("邀请时间"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("参会邀请")
        verbose_name_plural = _("参会邀请")
        ordering = ["meeting", "unit__sort_order", "person__name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(unit__isnull=False) & Q(person__isnull=True))
                | (Q(unit__isnull=True) & Q(person__isnull=False)),
                name="invitation_unit_xor_person",
            ),
            models.UniqueConstraint(
                fields=["meeting", "unit"], condition=Q(unit__isnull=False), name="invitation_unit_once"
            ),
            models.UniqueConstraint(
                fields=["meeting", "person"], condition=Q(person__isnull=False), name="invitation_person_once"
            ),
            models.CheckConstraint(
                condition=~Q(attendance="substitute") | ~Q(substitute_name=""),
                name="invitation_substitute_is_named",
            ),
        ]

    def __str__(self) -> str:
        return str(self.unit.name if self.unit_id else self.person.name)

    @property
    def invitee(self) -> str:
        return str(self)

    @property
    def attended(self) -> bool:
        return self.attendance in ATTENDED


class MinutesState(models.TextChoices):
    DRAFT = "draft", _("起草中")
    REVIEW = "review", _("待办公室主任审核")
    COMMENTS = "comments", _("征求参会人员意见")
    APPROVED = "approved", _("已批准")
    SUPERSEDED = "superseded", _("已被新版本取代")


OPEN_MINUTES_STATES = frozenset({MinutesState.DRAFT, MinutesState.REVIEW, MinutesState.COMMENTS})


def _refused_in_state(minutes: Minutes) -> str:
    return _("纪要当前状态为“%(state)s”，不能办理此步骤。") % {"state": minutes.get_state_display()}


class Minutes(models.Model):
    """会议纪要, one version of it (Art 21).

    Drafted by the office staff, reviewed by the office director, open to the attendees' comments for a
    set period, approved by the chair; then locked. A change is a new version that goes the same way;
    once approved it supersedes the old one, which stays readable.
    """

    committee = models.ForeignKey(
        "committee.Committee", verbose_name=_("委员会"), on_delete=models.PROTECT, related_name="minutes"
    )
    meeting = models.ForeignKey(Meeting, verbose_name=_("会议"), on_delete=models.PROTECT, related_name="minutes")
    version = models.PositiveSmallIntegerField(_("版本"))
    state = FSMField(_("状态"), max_length=20, choices=MinutesState.choices, default=MinutesState.DRAFT)
    text = models.TextField(_("纪要正文"))
    change_reason = models.CharField(_("修订原因"), max_length=300, blank=True)
    drafted_by = models.ForeignKey(
        "committee.Appointment", verbose_name=_("起草人"), on_delete=models.PROTECT, related_name="+"
    )
    drafted_at = models.DateTimeField(_("起草时间"), default=timezone.now)
    submitted_at = models.DateTimeField(_("送审时间"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        "committee.Appointment",
        verbose_name=_("审核人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    review_note = models.CharField(_("审核意见"), max_length=300, blank=True)
    comments_until = models.DateTimeField(_("征求意见截止时间"), null=True, blank=True)
    returned_note = models.CharField(_("退回意见"), max_length=300, blank=True)
    approved_by = models.ForeignKey(
        "committee.Appointment",
        verbose_name=_("批准人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_under = models.ForeignKey(
        "committee.Delegation",
        verbose_name=_("所依委托"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("批准时间"), null=True, blank=True)
    history = HistoricalRecords()

    approved = ActedBy("approved", verbose_name=_("批准身份"))

    class Meta:
        verbose_name = _("会议纪要")
        verbose_name_plural = _("会议纪要")
        ordering = ["meeting", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "version"], name="minutes_version_unique"),
            models.UniqueConstraint(
                fields=["meeting"],
                condition=Q(state__in=["draft", "review", "comments"]),
                name="minutes_one_open_version",
                violation_error_message=_("这次会议已有一份正在办理的纪要。"),
            ),
            models.UniqueConstraint(
                fields=["meeting"], condition=Q(state="approved"), name="minutes_one_approved_version"
            ),
            models.CheckConstraint(
                condition=~Q(state__in=["approved", "superseded"])
                | (Q(approved_at__isnull=False) & Q(approved_by__isnull=False)),
                name="minutes_approval_is_recorded",
            ),
            models.CheckConstraint(
                condition=~Q(state="comments") | Q(comments_until__isnull=False), name="minutes_comment_period_set"
            ),
        ]

    def __str__(self) -> str:
        return str(self.name_phrase())

    def get_absolute_url(self) -> str:
        url = reverse("meetings:minutes", kwargs={"pk": self.meeting_id})
        return f"{url}?version={self.version}"

    def name_phrase(self) -> Phrase:
        """The minutes' name, kept to be worded in a reader's language (a notification names them)."""
        return Phrase(
            gettext_noop("%(meeting)s纪要（第%(version)s版）"), meeting=self.meeting.title, version=self.version
        )

    @property
    def title(self) -> str:
        return str(self)

    # --- what a document recording these minutes must be (Art 24), read by the documents app ---
    @property
    def document_classification(self) -> str | None:
        """Minutes that record an important decision are issued as an important matter; otherwise either."""
        importances = {decision.importance for decision in self.decisions.all()}
        if Importance.IMPORTANT in importances:
            return Importance.IMPORTANT
        return Importance.GENERAL if importances else None

    @property
    def document_kind(self) -> str:
        return "minutes"

    @property
    def is_locked(self) -> bool:
        return self.state in {MinutesState.APPROVED, MinutesState.SUPERSEDED}

    @property
    def in_comments_stage(self) -> bool:
        """Open to the attendees' comments, or, once the period is over, waiting for the chair's approval."""
        return self.state == MinutesState.COMMENTS

    @property
    def returned_note_shown(self) -> bool:
        """The draft came back with a note the drafter should read."""
        return bool(self.returned_note) and self.state == MinutesState.DRAFT

    @property
    def comments_open(self) -> bool:
        return (
            self.state == MinutesState.COMMENTS
            and self.comments_until is not None
            and timezone.now() < self.comments_until
        )

    @property
    def awaiting_approval(self) -> bool:
        return (
            self.state == MinutesState.COMMENTS
            and self.comments_until is not None
            and timezone.now() >= self.comments_until
        )

    @property
    def state_label(self) -> str:
        if self.awaiting_approval:
            return str(_("意见征求已结束，待主持人批准"))
        return self.get_state_display()

    @property
    def state_tone(self) -> str:
        if self.awaiting_approval:
            return "warning"
        return {
            MinutesState.DRAFT: "secondary",
            MinutesState.REVIEW: "warning",
            MinutesState.COMMENTS: "info",
            MinutesState.APPROVED: "success",
            MinutesState.SUPERSEDED: "light",
        }[MinutesState(self.state)]

    # --- the workflow (Art 21): each step, the state it leaves and enters, and who may take it ---

    @step(
        state,
        source=MinutesState.DRAFT,
        action=Action.MANAGE_COMMITTEE,
        label=_("保存草稿"),
        refused=_refused_in_state,
        style="outline-primary",
    )
    def edit(self):
        """The office changes the draft (and, on its own pages, the decisions it records)."""

    @step(
        state,
        source=MinutesState.DRAFT,
        target=MinutesState.REVIEW,
        action=Action.MANAGE_COMMITTEE,
        label=_("送办公室主任审核"),
        refused=_refused_in_state,
        confirm=_("送审后草稿和决定事项不能再修改，除非被退回。确定送办公室主任审核吗？"),
    )
    def submit(self):
        """The draft goes to the office director."""

    @step(
        state,
        source=MinutesState.REVIEW,
        target=MinutesState.COMMENTS,
        action=MeetingAction.REVIEW_MINUTES,
        label=_("审核通过，征求意见"),
        refused=_refused_in_state,
        confirm=_("审核通过后将请出席人员提出意见。确定吗？"),
    )
    def review(self):
        """The office director passes the draft; the attendees may comment for a set period."""

    @step(
        state,
        source=[MinutesState.REVIEW, MinutesState.COMMENTS],
        target=MinutesState.DRAFT,
        action=lambda minutes: (
            MeetingAction.REVIEW_MINUTES if minutes.state == MinutesState.REVIEW else MeetingAction.APPROVE_MINUTES
        ),
        label=_("退回修改"),
        refused=_refused_in_state,
        style="outline-danger",
    )
    def send_back(self):
        """Back to the drafter with a note: by the office director at review, or by the chair instead of approving."""

    @step(
        state,
        source=MinutesState.COMMENTS,
        action=MeetingAction.COMMENT_MINUTES,
        label=_("提交意见"),
        refused=_("纪要目前不在征求意见期内。"),
        conditions=[Condition(lambda minutes: minutes.comments_open, _("纪要目前不在征求意见期内。"))],
    )
    def comment(self):
        """An attendee comments while the period is open."""

    @step(
        state,
        source=MinutesState.COMMENTS,
        target=MinutesState.APPROVED,
        action=MeetingAction.APPROVE_MINUTES,
        label=_("批准纪要"),
        refused=_refused_in_state,
        conditions=[
            Condition(
                lambda minutes: timezone.now() >= minutes.comments_until,
                lambda minutes: (
                    _("征求意见截至%(until)s，期满后才能批准。") % {"until": moment_text(minutes.comments_until)}
                ),
            )
        ],
        style="success",
        confirm=_("批准后纪要锁定，所记载的决定事项即行生效。确定批准吗？"),
    )
    def approve(self):
        """The chair approves once the comment period is over: the minutes lock, their decisions take effect."""


class MinutesComment(models.Model):
    """An attendee's comment on a minutes version during its comment period."""

    minutes = models.ForeignKey(Minutes, verbose_name=_("会议纪要"), on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        "committee.Appointment", verbose_name=_("提出人"), on_delete=models.PROTECT, related_name="+"
    )
    author_under = models.ForeignKey(
        "committee.Delegation",
        verbose_name=_("所依委托"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    text = models.TextField(_("意见"))
    created_at = models.DateTimeField(_("提出时间"), default=timezone.now)
    history = HistoricalRecords()

    acted = ActedBy("acted", by="author", under="author_under", at="created_at", verbose_name=_("身份"))

    class Meta:
        verbose_name = _("纪要意见")
        verbose_name_plural = _("纪要意见")
        ordering = ["minutes", "created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:30]


class Importance(models.TextChoices):
    IMPORTANT = "important", _("重要事项")
    GENERAL = "general", _("一般事项")


class Decision(models.Model):
    """决定事项 (Arts 5, 21, 24): what a meeting decided, classified important or general.

    Important matters are decided only in a plenary or special-topic meeting whose chair holds the power to
    decide them on the meeting date; general matters in an office meeting. Each serves one of the
    committee's own duties (Art 5). It takes effect when the chair approves the minutes that record it,
    and is then fixed: the capacity in which it was decided is stored with it. The official document that
    records it (Art 24) links to it from the documents app; follow-up tasks link to it from duties.
    """

    committee = models.ForeignKey(
        "committee.Committee", verbose_name=_("委员会"), on_delete=models.PROTECT, related_name="decisions"
    )
    meeting = models.ForeignKey(Meeting, verbose_name=_("会议"), on_delete=models.PROTECT, related_name="decisions")
    minutes = models.ForeignKey(
        Minutes, verbose_name=_("记载纪要版本"), on_delete=models.PROTECT, related_name="decisions"
    )
    number = models.PositiveSmallIntegerField(_("序号"))
    title = models.CharField(_("决定事项"), max_length=200)
    text = models.TextField(_("决定内容"))
    importance = models.CharField(_("事项类别"), max_length=20, choices=Importance.choices)
    duty = models.ForeignKey(
        "members.Duty",
        verbose_name=_("所履行的委员会职责"),
        on_delete=models.PROTECT,
        related_name="decisions",
        limit_choices_to={"unit__isnull": True},
        help_text=_("第五条规定的委员会职责中的一项。"),
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("所议议题"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="decisions",
    )
    created_by = models.ForeignKey(
        "committee.Appointment", verbose_name=_("记录人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("记录时间"), default=timezone.now)
    effective_at = models.DateTimeField(_("生效时间"), null=True, blank=True)
    decided_by = models.ForeignKey(
        "committee.Appointment",
        verbose_name=_("决定人"),
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
    history = HistoricalRecords()

    decided = ActedBy("decided", at="effective_at", verbose_name=_("决定身份"))

    class Meta:
        verbose_name = _("决定事项")
        verbose_name_plural = _("决定事项")
        ordering = ["meeting", "number"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="decision_number_unique"),
            models.CheckConstraint(
                condition=Q(effective_at__isnull=True) | Q(decided_by__isnull=False),
                name="decision_effect_is_recorded",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("meetings:decision", kwargs={"pk": self.pk})

    @property
    def is_effective(self) -> bool:
        return self.effective_at is not None

    # --- what a document recording this decision must be (Art 24), read by the documents app ---
    @property
    def document_classification(self) -> str:
        """The document that records a decision is the written basis of it: classified as the decision is."""
        return self.importance

    @property
    def document_kind(self) -> str:
        return "decision" if self.importance == Importance.IMPORTANT else "notice"


class CalendarToken(models.Model):
    """The secret in a person's calendar subscription address; revoking it closes the address at once.

    Deliberately without history: a history table would keep copies of the secret.
    """

    person = models.ForeignKey(
        "committee.Person", verbose_name=_("人员"), on_delete=models.CASCADE, related_name="calendar_tokens"
    )
    token = models.CharField(_("订阅密钥"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("生成时间"), default=timezone.now)
    revoked_at = models.DateTimeField(_("作废时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("日历订阅")
        verbose_name_plural = _("日历订阅")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=Q(revoked_at__isnull=True), name="calendar_token_one_active"
            )
        ]

    def __str__(self) -> str:
        return _("%(person)s的日历订阅") % {"person": self.person}
