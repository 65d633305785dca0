"""Member units of the committee (Arts 6-20), their statutory duties and the changes to them (Arts 6, 25)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from django_fsm import transition
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase
from simple_history.models import HistoricalRecords

from committee.authority import Action
from committee.workflow import FSMField, step
from core.acts import ActedBy
from core.numerals import article_label
from core.wording import Phrase, choice_label


class UnitKind(models.TextChoices):
    JUDICIAL = "judicial", _("司法行政")
    PUBLIC_SECURITY = "public_security", _("公安机关")
    GOVERNMENT_OFFICE = "government_office", _("镇政府职能部门")
    PUBLIC_SERVICE = "public_service", _("事业单位")
    MASS_ORGANIZATION = "mass_organization", _("群团组织")
    REGULATOR = "regulator", _("派驻监管机构")


class MemberUnitQuerySet(models.QuerySet):
    def active(self) -> MemberUnitQuerySet:
        return self.filter(is_active=True)


class MemberUnit(models.Model):
    """Arts 6-20: a department or body that is a member of the committee, with the article that sets its duties."""

    committee = models.ForeignKey(
        "committee.Committee", verbose_name=_("委员会"), on_delete=models.PROTECT, related_name="units"
    )
    code = models.SlugField(_("代码"), max_length=40)
    name = models.CharField(_("名称"), max_length=120)
    short_name = models.CharField(_("简称"), max_length=40)
    kind = models.CharField(_("类别"), max_length=30, choices=UnitKind.choices)
    article_number = models.PositiveSmallIntegerField(_("职责所在条"), null=True, blank=True)
    listed_in_art6 = models.BooleanField(
        _("第六条列明"), default=True, help_text=_("第六条的成员单位名单是否列出了本单位。")
    )
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("在册"), default=True)
    joined_on = models.DateField(_("加入日期"))
    left_on = models.DateField(_("退出日期"), null=True, blank=True)
    history = HistoricalRecords()

    objects = MemberUnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("成员单位")
        verbose_name_plural = _("成员单位")
        ordering = ["committee", "sort_order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "code"], name="member_unit_code_unique"),
            models.UniqueConstraint(fields=["committee", "name"], name="member_unit_name_unique"),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=models.F("joined_on")),
                name="member_unit_leaves_after_joining",
            ),
        ]
        permissions = [
            ("view_unit_affairs", _("查看本单位事务")),
            ("act_for_unit", _("以联络员身份办理本单位事务")),
            ("confirm_for_unit", _("以单位负责人身份确认本单位事务")),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("members:unit", kwargs={"committee_code": self.committee.code, "code": self.code})


class MemberUnitUserObjectPermission(UserObjectPermissionBase):
    """Direct-foreign-key object permission on a unit, granted by the appointment services only."""

    content_object = models.ForeignKey(MemberUnit, on_delete=models.CASCADE)

    class Meta(UserObjectPermissionBase.Meta):
        verbose_name = _("成员单位对象权限")
        verbose_name_plural = _("成员单位对象权限")


class MemberUnitGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(MemberUnit, on_delete=models.CASCADE)

    class Meta(GroupObjectPermissionBase.Meta):
        verbose_name = _("成员单位组权限")
        verbose_name_plural = _("成员单位组权限")


class Duty(models.Model):
    """One numbered duty item, verbatim from the rules (loaded by `load_rules`); without a unit it is a duty of
    the committee (Art 5), with one a statutory duty of that member unit (Arts 7-20).

    These items are what a unit's annual report answers to, one by one (Art 22, part 1).
    """

    committee = models.ForeignKey(
        "committee.Committee", verbose_name=_("委员会"), on_delete=models.PROTECT, related_name="duties"
    )
    unit = models.ForeignKey(
        "members.MemberUnit",
        verbose_name=_("成员单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="duties",
    )
    article_number = models.PositiveSmallIntegerField(
        _("条"), null=True, blank=True, help_text=_("规定该职责的条；经镇政府批准新增的单位，其职责不在规则条文中。")
    )
    item_number = models.PositiveSmallIntegerField(_("项"))
    text = models.TextField(_("职责内容"))
    is_active = models.BooleanField(_("有效"), default=True)
    # The table keeps the name it had when duties were the duties app's, so that moving the model moved no rows.
    history = HistoricalRecords(table_name="duties_historicalduty")

    class Meta:
        db_table = "duties_duty"
        verbose_name = _("职责")
        verbose_name_plural = _("职责")
        ordering = ["committee", "article_number", "item_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "item_number"], condition=Q(unit__isnull=False), name="unit_duty_item_unique"
            ),
            models.UniqueConstraint(
                fields=["committee", "item_number"], condition=Q(unit__isnull=True), name="committee_duty_item_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.article_label}（{self.item_number}）" if self.article_number else f"（{self.item_number}）"

    @property
    def article_label(self) -> str:
        return article_label(self.article_number) if self.article_number else ""


class ProposalState(models.TextChoices):
    PROPOSED = "proposed", _("待委员会确定")
    CONFIRMED = "confirmed", _("已确定")
    REJECTED = "rejected", _("未同意")


PROPOSAL_STATE_TONE = {
    ProposalState.PROPOSED: "warning",
    ProposalState.CONFIRMED: "success",
    ProposalState.REJECTED: "secondary",
}


class MembershipChange(models.Model):
    """Art 25: a unit proposes to change its committee member (head) or its liaison; the committee decides.

    On confirmation the old appointment ends and the new one starts on the effective date,
    and the object permissions follow in the same transaction.
    """

    committee = models.ForeignKey(
        "committee.Committee", verbose_name=_("委员会"), on_delete=models.PROTECT, related_name="membership_changes"
    )
    unit = models.ForeignKey(MemberUnit, verbose_name=_("成员单位"), on_delete=models.PROTECT, related_name="changes")
    position = models.CharField(
        _("调整职位"),
        max_length=20,
        choices=[("unit_head", _("成员（单位负责人）")), ("liaison", _("联络员"))],
    )
    replaces = models.ForeignKey(
        "committee.Appointment",
        verbose_name=_("原任职"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaced_by_changes",
    )
    new_person_name = models.CharField(_("新任人员姓名"), max_length=40)
    new_person_title = models.CharField(_("新任人员职务"), max_length=120, blank=True)
    new_person_phone = models.CharField(_("新任人员电话"), max_length=30, blank=True)
    effective_on = models.DateField(_("生效日期"))
    reason = models.CharField(_("调整原因"), max_length=300)
    proposed_by = models.ForeignKey(
        "committee.Appointment", verbose_name=_("提出人"), on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField(_("提出时间"))
    state = FSMField(_("状态"), max_length=20, choices=ProposalState.choices, default=ProposalState.PROPOSED)
    decided_by = models.ForeignKey(
        "committee.Appointment",
        verbose_name=_("确定人"),
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
    decided_at = models.DateTimeField(_("确定时间"), null=True, blank=True)
    decision_note = models.CharField(_("意见"), max_length=300, blank=True)
    new_appointment = models.OneToOneField(
        "committee.Appointment",
        verbose_name=_("新任职"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="created_by_change",
    )
    history = HistoricalRecords()

    decided = ActedBy("decided", verbose_name=_("确定身份"))

    class Meta:
        verbose_name = _("成员调整")
        verbose_name_plural = _("成员调整")
        ordering = ["-proposed_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(state="rejected") | ~Q(decision_note=""), name="membership_rejection_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return str(self.name_phrase())

    def get_absolute_url(self) -> str:
        return reverse("members:change", kwargs={"pk": self.pk})

    def name_phrase(self) -> Phrase:
        """What the change is, kept to be worded in a reader's language (a notification names it)."""
        return Phrase(
            gettext_noop("%(unit)s%(position)s调整为%(name)s"),
            unit=self.unit.short_name,
            position=choice_label(self, "position"),
            name=self.new_person_name,
        )

    @property
    def state_tone(self) -> str:
        return PROPOSAL_STATE_TONE[ProposalState(self.state)]

    # --- the workflow (Art 25): the committee (the director, or a deputy delegated to decide) confirms or refuses ---

    @step(
        state,
        source=ProposalState.PROPOSED,
        target=ProposalState.CONFIRMED,
        action=Action.CONFIRM_MEMBER_CHANGE,
        label=_("确定调整"),
        refused=lambda change: _("该调整已经处理（%(state)s）。") % {"state": change.get_state_display()},
        confirm=_("确定后原任人员将于生效日免职，新任人员随即获得权限。确定吗？"),
    )
    def confirm(self):
        """The old appointment ends and the new one begins on the effective date."""

    @step(
        state,
        source=ProposalState.PROPOSED,
        target=ProposalState.REJECTED,
        action=Action.CONFIRM_MEMBER_CHANGE,
        label=_("不同意（须写明理由）"),
        refused=lambda change: _("该调整已经处理（%(state)s）。") % {"state": change.get_state_display()},
        style="outline-danger",
    )
    def reject(self):
        """Nobody changes; the reason is recorded."""


class NewUnitState(models.TextChoices):
    PROPOSED = "proposed", _("司法所已提请")
    AGREED = "agreed", _("委员会已研究同意")
    SUBMITTED = "submitted", _("已报镇政府")
    APPROVED = "approved", _("镇政府已批准")
    CREATED = "created", _("已增设")
    REJECTED = "rejected", _("未同意")


NEW_UNIT_STATE_TONE = {
    NewUnitState.PROPOSED: "warning",
    NewUnitState.AGREED: "warning",
    NewUnitState.SUBMITTED: "warning",
    NewUnitState.APPROVED: "warning",
    NewUnitState.CREATED: "success",
    NewUnitState.REJECTED: "secondary",
}


class NewUnitProposal(models.Model):
    """Art 6: 司法所 proposes a new member unit; the committee agrees; the town government approves;
    only then is the unit created."""

    committee = models.ForeignKey(
        "committee.Committee", verbose_name=_("委员会"), on_delete=models.PROTECT, related_name="unit_proposals"
    )
    name = models.CharField(_("单位名称"), max_length=120)
    short_name = models.CharField(_("简称"), max_length=40)
    code = models.SlugField(_("代码"), max_length=40)
    kind = models.CharField(_("类别"), max_length=30, choices=UnitKind.choices)
    reason = models.TextField(_("提请理由"))
    state = FSMField(_("状态"), max_length=20, choices=NewUnitState.choices, default=NewUnitState.PROPOSED)
    proposed_by = models.ForeignKey(
        "committee.Appointment", verbose_name=_("提请人"), on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField(_("提请时间"))
    agreed_by = models.ForeignKey(
        "committee.Appointment",
        verbose_name=_("研究同意人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    agreed_under = models.ForeignKey(
        "committee.Delegation",
        verbose_name=_("所依委托"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    agreed_at = models.DateTimeField(_("研究同意时间"), null=True, blank=True)
    decision_record = models.CharField(
        _("研究决定记录"), max_length=300, blank=True, help_text=_("会议名称或纪要编号；会议模块上线后可关联会议。")
    )
    submitted_at = models.DateTimeField(_("报镇政府时间"), null=True, blank=True)
    submission_ref = models.CharField(_("报送文号"), max_length=60, blank=True)
    approved_on = models.DateField(_("批准日期"), null=True, blank=True)
    approval_ref = models.CharField(_("批准文号"), max_length=60, blank=True)
    rejection_reason = models.CharField(_("未同意理由"), max_length=300, blank=True)
    unit = models.OneToOneField(
        MemberUnit,
        verbose_name=_("增设的成员单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="proposal",
    )
    history = HistoricalRecords()

    agreed = ActedBy("agreed", verbose_name=_("同意身份"))

    class Meta:
        verbose_name = _("增加成员单位提请")
        verbose_name_plural = _("增加成员单位提请")
        ordering = ["-proposed_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(state="created") | Q(unit__isnull=False), name="created_proposal_has_unit"
            ),
            models.CheckConstraint(
                condition=~Q(state__in=["approved", "created"]) | (Q(approved_on__isnull=False) & ~Q(approval_ref="")),
                name="approval_recorded_before_creation",
            ),
        ]

    def __str__(self) -> str:
        return _("提请增加成员单位：%(name)s") % {"name": self.name}

    def get_absolute_url(self) -> str:
        return reverse("members:proposal", kwargs={"pk": self.pk})

    @property
    def state_tone(self) -> str:
        return NEW_UNIT_STATE_TONE[NewUnitState(self.state)]

    # --- the workflow (Art 6): the committee agrees, the office reports to the town government and records its
    # approval, and only then is the unit created ---

    @step(
        state,
        source=NewUnitState.PROPOSED,
        target=NewUnitState.AGREED,
        action=Action.DECIDE_IMPORTANT,
        label=_("记录同意"),
        refused=lambda proposal: _proposal_refused(proposal),
    )
    def agree(self):
        """The committee agrees (an important matter: the director, or a deputy delegated to decide)."""

    @step(
        state,
        source=NewUnitState.AGREED,
        target=NewUnitState.SUBMITTED,
        action=Action.MANAGE_COMMITTEE,
        label=_("登记报送"),
        refused=lambda proposal: _proposal_refused(proposal),
    )
    def submit(self):
        """The office submits the agreed proposal to the town government."""

    @step(
        state,
        source=NewUnitState.SUBMITTED,
        target=NewUnitState.APPROVED,
        action=Action.MANAGE_COMMITTEE,
        label=_("登记批准"),
        refused=lambda proposal: _proposal_refused(proposal),
        confirm=_("登记批准后将增设该成员单位。确定吗？"),
    )
    def approve(self):
        """The town government's approval is recorded; the unit is created at once (`unit_created`)."""

    @transition(field=state, source=NewUnitState.APPROVED, target=NewUnitState.CREATED)
    def unit_created(self):
        """Not a step anyone takes: it follows the approval in the same transaction, once the unit exists."""

    @step(
        state,
        source=[NewUnitState.PROPOSED, NewUnitState.AGREED, NewUnitState.SUBMITTED],
        target=NewUnitState.REJECTED,
        # The committee refuses what it has not yet agreed to; after that, the office records the town's refusal.
        action=lambda proposal: (
            Action.DECIDE_IMPORTANT if proposal.state == NewUnitState.PROPOSED else Action.MANAGE_COMMITTEE
        ),
        label=_("不同意 / 未获批准"),
        refused=_("该提请已办结。"),
        style="outline-danger",
    )
    def reject(self):
        """The committee does not agree, or the town government does not approve; the reason is recorded."""


def _proposal_refused(proposal: NewUnitProposal) -> str:
    return _("该提请当前状态为“%(state)s”，不能办理此步骤。") % {"state": proposal.get_state_display()}
