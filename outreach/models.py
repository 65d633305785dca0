"""工作动态、简报、典型经验与问题通报 (Art 5, Art 25), and 表彰奖励 (Arts 7, 10).

A member unit's liaison follows the unit's 社区矫正工作动态 and posts them (Art 25); the office shares what works
and what goes wrong (Art 5 信息共享、典型经验推广、问题通报): it edits a periodic 工作简报 from selected updates, and a
通报 from the items it marks as 典型经验 or as a problem to report (an update, a report section, an inspection
finding). Both are issued as official documents, signed under Art 24. The committee commends organisations and
people who did well (Arts 7, 10): a proposal, the committee's decision (an important matter), a 决定 document.
"""

from __future__ import annotations

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from committee.authority import Action
from committee.workflow import FSMField, step
from core.acts import ActedBy
from core.attachments import AttachmentBase, RandomPath


class Category(models.TextChoices):
    """What a work update is about: the kinds of help and of event a unit reports on (Arts 8-20)."""

    EDUCATION = "education", _("教育帮扶")
    EMPLOYMENT = "employment", _("就业")
    MEDICAL = "medical", _("医疗救助")
    INCIDENT = "incident", _("突发事件")
    OTHER = "other", _("其他")


CATEGORY_TONE = {
    Category.EDUCATION: "primary",
    Category.EMPLOYMENT: "success",
    Category.MEDICAL: "info",
    Category.INCIDENT: "danger",
    Category.OTHER: "secondary",
}


def _appointment(label, *, null: bool = False) -> models.ForeignKey:
    """Who acted: the appointment key read by core.acts.ActedBy."""
    return models.ForeignKey(
        "committee.Appointment", verbose_name=label, null=null, blank=null, on_delete=models.PROTECT, related_name="+"
    )


def _delegation() -> models.ForeignKey:
    """The delegation the act relied on, if any (core.acts.ActedBy)."""
    return models.ForeignKey(
        "committee.Delegation",
        verbose_name=_("所依委托"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )


class WorkUpdate(models.Model):
    """工作动态 (Art 25): what a member unit did or met in community-correction work, posted by its liaison."""

    committee = models.ForeignKey(
        "committee.Committee", verbose_name=_("委员会"), on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        "members.MemberUnit", verbose_name=_("成员单位"), on_delete=models.PROTECT, related_name="work_updates"
    )
    category = models.CharField(_("类别"), max_length=20, choices=Category.choices)
    title = models.CharField(_("标题"), max_length=100)
    text = models.TextField(_("内容"))
    happened_on = models.DateField(_("日期"))
    posted_by = _appointment(_("填报人"))
    posted_under = _delegation()
    posted_at = models.DateTimeField(_("填报时间"), default=timezone.now)
    history = HistoricalRecords()

    posted = ActedBy("posted", verbose_name=_("填报身份"))

    class Meta:
        verbose_name = _("工作动态")
        verbose_name_plural = _("工作动态")
        ordering = ["-happened_on", "-pk"]
        indexes = [models.Index(fields=["committee", "unit", "happened_on"], name="workupdate_list_idx")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("outreach:update", args=[self.pk])

    @property
    def tone(self) -> str:
        return CATEGORY_TONE[Category(self.category)]


class WorkUpdateAttachment(AttachmentBase):
    """A file attached to a work update (photos, a record of an activity)."""

    update = models.ForeignKey(
        WorkUpdate, verbose_name=_("工作动态"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("文件"), max_length=200, upload_to=RandomPath("outreach/updates"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")
        ordering = ["update", "pk"]


class BulletinKind(models.TextChoices):
    """Art 5: 工作简报 shares the units' work; 通报 spreads good practice and reports problems."""

    BRIEFING = "briefing", _("工作简报")
    CIRCULAR = "circular", _("通报")


class Bulletin(models.Model):
    """A 工作简报 edited from selected work updates, or a 通报 collecting marked items (Art 5); the office issues it
    as an official document (Art 24), which then goes through the documents' sign and distribute workflow."""

    committee = models.ForeignKey(
        "committee.Committee", verbose_name=_("委员会"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("类别"), max_length=20, choices=BulletinKind.choices)
    title = models.CharField(_("标题"), max_length=200)
    period = models.CharField(_("期数"), max_length=40, blank=True, help_text=_("例如：2026年第3期。"))
    intro = models.TextField(_("按语"), blank=True)
    updates = models.ManyToManyField(WorkUpdate, verbose_name=_("选用的工作动态"), blank=True, related_name="bulletins")
    document = models.OneToOneField(
        "documents.Document",
        verbose_name=_("公文"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_by = _appointment(_("编辑人"))
    created_under = _delegation()
    created_at = models.DateTimeField(_("编辑时间"), default=timezone.now)
    history = HistoricalRecords()

    created = ActedBy("created", verbose_name=_("编辑身份"))

    class Meta:
        verbose_name = _("简报与通报")
        verbose_name_plural = _("简报与通报")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("outreach:bulletin", args=[self.pk])

    @property
    def is_issued(self) -> bool:
        return self.document_id is not None


class HighlightKind(models.TextChoices):
    EXPERIENCE = "experience", _("典型经验")
    PROBLEM = "problem", _("问题通报")


# What the office may mark (Art 5): a work update, a section of a unit's annual report, an inspection finding.
HIGHLIGHTABLE = frozenset(
    {"outreach.workupdate", "reports.dutyentry", "reports.reportissue", "duties.inspectionfinding"}
)


class Highlight(models.Model):
    """An item the office marks as 典型经验 to spread, or as a problem to report (Art 5); a 通报 collects them, and
    the item's page links to the 通报 (and the 通报 back to the item)."""

    committee = models.ForeignKey(
        "committee.Committee", verbose_name=_("委员会"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("类别"), max_length=20, choices=HighlightKind.choices)
    source_type = models.ForeignKey(ContentType, verbose_name=_("来源类型"), on_delete=models.PROTECT, related_name="+")
    source_id = models.PositiveBigIntegerField(_("来源编号"))
    source = GenericForeignKey("source_type", "source_id")
    source_title = models.CharField(_("来源"), max_length=200)
    unit = models.ForeignKey(
        "members.MemberUnit",
        verbose_name=_("相关单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    summary = models.TextField(_("要点"))
    bulletin = models.ForeignKey(
        Bulletin, verbose_name=_("通报"), null=True, blank=True, on_delete=models.SET_NULL, related_name="highlights"
    )
    marked_by = _appointment(_("标记人"))
    marked_under = _delegation()
    marked_at = models.DateTimeField(_("标记时间"), default=timezone.now)
    history = HistoricalRecords()

    marked = ActedBy("marked", verbose_name=_("标记身份"))

    class Meta:
        verbose_name = _("典型经验与问题")
        verbose_name_plural = _("典型经验与问题")
        ordering = ["kind", "-marked_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["source_type", "source_id", "kind"], name="highlight_once_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.source_title}"

    def get_absolute_url(self) -> str:
        return reverse("outreach:highlights", args=[self.committee.code])

    @property
    def tone(self) -> str:
        return "warning" if self.kind == HighlightKind.PROBLEM else "success"


class NomineeKind(models.TextChoices):
    ORGANISATION = "organisation", _("集体")
    PERSON = "person", _("个人")


class CommendationState(models.TextChoices):
    PROPOSED = "proposed", _("已提名")
    DECIDED = "decided", _("委员会已决定表彰")
    REJECTED = "rejected", _("委员会未同意")
    ISSUED = "issued", _("已拟制表彰决定")


COMMENDATION_TONE = {
    CommendationState.PROPOSED: "warning",
    CommendationState.DECIDED: "primary",
    CommendationState.REJECTED: "secondary",
    CommendationState.ISSUED: "success",
}


class Commendation(models.Model):
    """表彰奖励 (Arts 7, 10): an organisation or person put forward by a member unit (or the office) for its
    community-correction work; the committee decides it as an important matter (the director, or a deputy
    delegated to decide), and the office drafts the 决定 in the committee's name, signed under Art 24."""

    committee = models.ForeignKey(
        "committee.Committee", verbose_name=_("委员会"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    nominee_kind = models.CharField(_("表彰对象类别"), max_length=20, choices=NomineeKind.choices)
    nominee = models.CharField(_("表彰对象"), max_length=100)
    nominee_affiliation = models.CharField(_("所在单位或职务"), max_length=100, blank=True)
    reason = models.TextField(_("主要事迹"))
    unit = models.ForeignKey(
        "members.MemberUnit",
        verbose_name=_("推荐单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("不选则为委员会办公室推荐。"),
    )
    state = FSMField(_("状态"), max_length=20, choices=CommendationState.choices, default=CommendationState.PROPOSED)
    proposed_by = _appointment(_("推荐人"))
    proposed_under = _delegation()
    proposed_at = models.DateTimeField(_("推荐时间"), default=timezone.now)
    decided_by = _appointment(_("决定人"), null=True)
    decided_under = _delegation()
    decided_at = models.DateTimeField(_("决定时间"), null=True, blank=True)
    decision_note = models.CharField(_("决定意见"), max_length=200, blank=True)
    document = models.OneToOneField(
        "documents.Document",
        verbose_name=_("表彰决定"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    history = HistoricalRecords()

    proposed = ActedBy("proposed", verbose_name=_("推荐身份"))
    decided = ActedBy("decided", verbose_name=_("决定身份"))

    class Meta:
        verbose_name = _("表彰")
        verbose_name_plural = _("表彰")
        ordering = ["-year", "-proposed_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=["proposed"]) | Q(decided_at__isnull=False, decided_by__isnull=False),
                name="commendation_decision_is_recorded",
            ),
            models.CheckConstraint(
                condition=~Q(state="issued") | Q(document__isnull=False), name="commendation_issued_has_document"
            ),
        ]

    def __str__(self) -> str:
        return self.nominee

    def get_absolute_url(self) -> str:
        return reverse("outreach:commendation", args=[self.pk])

    @property
    def tone(self) -> str:
        return COMMENDATION_TONE[CommendationState(self.state)]

    @property
    def proposer_name(self) -> str:
        return self.unit.name if self.unit_id else self.committee.office_name

    # --- the workflow (Arts 7, 10, 21, 24): decided as an important matter, then issued as a 决定.

    @step(
        state,
        source=CommendationState.PROPOSED,
        target=CommendationState.DECIDED,
        action=Action.DECIDE_IMPORTANT,
        label=_("决定表彰"),
        refused=_("只有已提名、尚未决定的表彰可以决定。"),
        confirm=_("以委员会名义决定表彰该对象（重要事项，第七条、第十条）。确定吗？"),
    )
    def decide(self):
        """The director, or a deputy delegated to decide, agrees to the commendation."""

    @step(
        state,
        source=CommendationState.PROPOSED,
        target=CommendationState.REJECTED,
        action=Action.DECIDE_IMPORTANT,
        label=_("不予表彰"),
        refused=_("只有已提名、尚未决定的表彰可以决定。"),
        style="outline-danger",
    )
    def reject(self):
        """The committee does not agree; the reason is recorded."""

    @step(
        state,
        source=CommendationState.DECIDED,
        target=CommendationState.ISSUED,
        action=Action.MANAGE_COMMITTEE,
        label=_("拟制表彰决定"),
        refused=_("委员会决定表彰后，办公室才能拟制表彰决定。"),
        confirm=_("将以委员会名义拟制表彰决定（重要事项），送主任签发。确定吗？"),
    )
    def issue(self):
        """The office drafts the 决定 (important matter, committee's name); it is then signed under Art 24."""
