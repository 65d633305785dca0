"""The committee itself, its rules, the people in it and the positions they hold (Arts 1-4, 25, 26)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase
from simple_history.models import HistoricalRecords

from core.wording import Phrase


class Committee(models.Model):
    """Arts 1-2, 4: a community-correction committee, its standing, and the prefixes of its documents.

    Committees nest town -> district -> city (Art 5 speaks of 市区镇三级); a viewer appointed
    to a parent committee reads its child committees.
    """

    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("全称"), max_length=120)
    short_name = models.CharField(_("简称"), max_length=60)
    nature = models.CharField(_("性质"), max_length=60)
    legal_basis = models.CharField(_("设立依据"), max_length=120)
    approving_body = models.CharField(_("批准机关"), max_length=120)
    established_on = models.DateField(_("成立日期"))
    effective_on = models.DateField(_("规则施行日期"))
    office_name = models.CharField(_("办公室名称"), max_length=120)
    office_host = models.CharField(_("办公室所在单位"), max_length=60)
    doc_prefix = models.CharField(_("委员会发文代字"), max_length=30)
    office_doc_prefix = models.CharField(_("办公室发文代字"), max_length=30)
    max_deputies = models.PositiveSmallIntegerField(_("副主任职数"), default=3)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级委员会"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # A committee made for the demonstration (its names are real places, its rules text and people are not theirs):
    # shown with a badge wherever its name heads a page or a row.
    is_demo = models.BooleanField(_("演示数据"), default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("委员会")
        verbose_name_plural = _("委员会")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(condition=Q(max_deputies__gte=1), name="committee_has_deputy_seat"),
            models.CheckConstraint(condition=~Q(parent=models.F("pk")), name="committee_not_own_parent"),
        ]
        permissions = [
            ("view_committee_affairs", _("查看委员会事务")),
            ("manage_committee", _("办理委员会日常工作")),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("committee:detail", kwargs={"code": self.code})


class RulesVersion(models.Model):
    """Art 26: the committee's work rules as issued; an amendment is loaded as a new version."""

    committee = models.ForeignKey(
        Committee, verbose_name=_("委员会"), on_delete=models.CASCADE, related_name="rules_versions"
    )
    version = models.PositiveIntegerField(_("版本"))
    title = models.CharField(_("标题"), max_length=200)
    issuer = models.CharField(_("印发机关"), max_length=120)
    issued_on = models.DateField(_("印发日期"))
    issued_on_as_printed = models.CharField(_("原文落款日期"), max_length=40)
    text = models.TextField(_("全文"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    loaded_at = models.DateTimeField(_("载入时间"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("工作规则版本")
        verbose_name_plural = _("工作规则版本")
        ordering = ["committee", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "version"], name="rules_version_unique"),
            models.UniqueConstraint(fields=["committee", "sha256"], name="rules_text_loaded_once"),
        ]

    def __str__(self) -> str:
        return f"{self.title}（{_('第%(n)s版') % {'n': self.version}}）"


class Article(models.Model):
    """One article (条) of a rules version, its text verbatim, under its chapter heading."""

    rules = models.ForeignKey(
        RulesVersion, verbose_name=_("规则版本"), on_delete=models.CASCADE, related_name="articles"
    )
    number = models.PositiveSmallIntegerField(_("条号"))
    label = models.CharField(_("条目"), max_length=20, help_text=_("原文中的条号，如“第七条”。"))
    chapter = models.CharField(_("章"), max_length=60)
    text = models.TextField(_("条文"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("条文")
        verbose_name_plural = _("条文")
        ordering = ["rules", "number"]
        constraints = [models.UniqueConstraint(fields=["rules", "number"], name="article_number_unique")]

    def __str__(self) -> str:
        return self.label

    @property
    def paragraphs(self) -> list[str]:
        return self.text.split("\n\n")


class MailDelivery(models.TextChoices):
    """How a person's notifications reach their mailbox; the inbox shows each at once either way."""

    IMMEDIATE = "immediate", _("每条通知即时发送")
    DIGEST = "digest", _("每日汇总发送一封")


DEFAULT_DIGEST_HOUR = 17


class Person(models.Model):
    """A person who holds or held a position in a committee; a login is optional (Art 3)."""

    committee = models.ForeignKey(Committee, verbose_name=_("委员会"), on_delete=models.PROTECT, related_name="people")
    name = models.CharField(_("姓名"), max_length=40)
    job_title = models.CharField(_("职务"), max_length=120, blank=True)
    phone = models.CharField(_("电话"), max_length=30, blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登录账号"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )
    mail_delivery = models.CharField(
        _("通知邮件"), max_length=20, choices=MailDelivery.choices, default=MailDelivery.IMMEDIATE
    )
    digest_hour = models.PositiveSmallIntegerField(
        _("汇总发送时间"),
        default=DEFAULT_DIGEST_HOUR,
        help_text=_("每日汇总邮件在这一小时发出（北京时间，0-23）。"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("人员")
        verbose_name_plural = _("人员")
        ordering = ["committee", "name"]
        constraints = [
            models.CheckConstraint(condition=Q(digest_hour__lte=23), name="person_digest_hour_of_day"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("committee:person", kwargs={"pk": self.pk})


class Position(models.TextChoices):
    """The positions of Arts 3, 4 and 25, and the read-only viewer of a parent committee."""

    DIRECTOR = "director", _("主任")
    DEPUTY = "deputy", _("副主任")
    OFFICE_DIRECTOR = "office_director", _("办公室主任")
    OFFICE_STAFF = "office_staff", _("办公室工作人员")
    UNIT_HEAD = "unit_head", _("成员（单位负责人）")
    LIAISON = "liaison", _("联络员")
    VIEWER = "viewer", _("观察员")


UNIT_POSITIONS = frozenset({Position.UNIT_HEAD, Position.LIAISON})


class AppointmentQuerySet(models.QuerySet):
    def in_force(self, on: datetime.date | None = None) -> AppointmentQuerySet:
        """Appointments in force on a date: started, and not yet ended (end_date is the first day without it)."""
        on = on or timezone.localdate()
        return self.filter(start_date__lte=on).filter(Q(end_date__isnull=True) | Q(end_date__gt=on))


class Appointment(models.Model):
    """Arts 3, 4, 25: a person holds a position from a start date until an end date.

    Powers come only from appointments in force; `end_date` is the first day on which the
    appointment no longer holds, so ending one today ends its powers at once.
    Open-ended appointments are kept unique by partial indexes; overlapping dated ones are
    refused by `appointment_make` under a lock on the committee row.
    """

    committee = models.ForeignKey(
        Committee, verbose_name=_("委员会"), on_delete=models.PROTECT, related_name="appointments"
    )
    person = models.ForeignKey(Person, verbose_name=_("人员"), on_delete=models.PROTECT, related_name="appointments")
    position = models.CharField(_("职位"), max_length=20, choices=Position.choices)
    unit = models.ForeignKey(
        "members.MemberUnit",
        verbose_name=_("成员单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="appointments",
    )
    seat = models.PositiveSmallIntegerField(
        _("席位"), null=True, blank=True, help_text=_("副主任的席位号，从 1 到委员会的副主任职数。")
    )
    duties_note = models.CharField(_("分工"), max_length=200, blank=True)
    start_date = models.DateField(_("任职日期"))
    end_date = models.DateField(_("免职日期"), null=True, blank=True)
    history = HistoricalRecords()

    objects = AppointmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("任职")
        verbose_name_plural = _("任职")
        ordering = ["committee", "position", "seat", "start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gt=models.F("start_date")),
                name="appointment_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(position__in=sorted(UNIT_POSITIONS), unit__isnull=False)
                | (~Q(position__in=sorted(UNIT_POSITIONS)) & Q(unit__isnull=True)),
                name="appointment_unit_iff_unit_position",
            ),
            models.CheckConstraint(
                condition=Q(position=Position.DEPUTY, seat__gte=1)
                | (~Q(position=Position.DEPUTY) & Q(seat__isnull=True)),
                name="appointment_seat_iff_deputy",
            ),
            models.UniqueConstraint(
                fields=["committee"],
                condition=Q(position=Position.DIRECTOR, end_date__isnull=True),
                name="one_open_director",
                violation_error_message=_("委员会只能有一名主任。"),
            ),
            models.UniqueConstraint(
                fields=["committee"],
                condition=Q(position=Position.OFFICE_DIRECTOR, end_date__isnull=True),
                name="one_open_office_director",
                violation_error_message=_("委员会办公室只能有一名办公室主任。"),
            ),
            models.UniqueConstraint(
                fields=["committee", "seat"],
                condition=Q(position=Position.DEPUTY, end_date__isnull=True),
                name="one_open_deputy_per_seat",
                violation_error_message=_("该副主任席位已有人担任。"),
            ),
            models.UniqueConstraint(
                fields=["unit"],
                condition=Q(position=Position.LIAISON, end_date__isnull=True),
                name="one_open_liaison_per_unit",
                violation_error_message=_("每个成员单位只能有一名联络员。"),
            ),
            models.UniqueConstraint(
                fields=["unit"],
                condition=Q(position=Position.UNIT_HEAD, end_date__isnull=True),
                name="one_open_head_per_unit",
                violation_error_message=_("每个成员单位只能有一名委员会成员。"),
            ),
        ]

    def __str__(self) -> str:
        where = f"{self.unit.short_name}" if self.unit_id else ""
        return f"{self.person} · {where}{self.get_position_display()}"

    def is_in_force(self, on: datetime.date | None = None) -> bool:
        on = on or timezone.localdate()
        return self.start_date <= on and (self.end_date is None or on < self.end_date)

    @property
    def position_words(self) -> str:
        """The position as a greeting or a history row names it, in the active language: 主任, 西滨河派出所联络员
        (liaison of 西滨河派出所)."""
        match self.position:
            case Position.UNIT_HEAD:
                return _("%(unit)s负责人") % {"unit": self.unit.short_name}
            case Position.LIAISON:
                return _("%(unit)s联络员") % {"unit": self.unit.short_name}
        return str(self.get_position_display())

    def clean(self) -> None:
        super().clean()
        if self.person_id and self.committee_id and self.person.committee_id != self.committee_id:
            raise ValidationError({"person": _("该人员不属于本委员会。")})
        if self.unit_id and self.committee_id and self.unit.committee_id != self.committee_id:
            raise ValidationError({"unit": _("该成员单位不属于本委员会。")})
        if self.position in UNIT_POSITIONS and not self.unit_id:
            raise ValidationError({"unit": _("成员和联络员必须属于一个成员单位。")})
        if self.position not in UNIT_POSITIONS and self.unit_id:
            raise ValidationError({"unit": _("只有成员和联络员属于成员单位。")})
        if self.position == Position.DEPUTY:
            limit = self.committee.max_deputies if self.committee_id else 0
            if self.seat is None or not 1 <= self.seat <= limit:
                raise ValidationError(
                    {
                        "seat": _("副主任席位必须在 1 到 %(limit)s 之间（委员会设副主任%(limit)s名）。")
                        % {"limit": limit}
                    }
                )
        elif self.seat is not None:
            raise ValidationError({"seat": _("只有副主任有席位号。")})
        if self.end_date and self.end_date <= self.start_date:
            raise ValidationError({"end_date": _("免职日期必须晚于任职日期。")})


class Power(models.TextChoices):
    """What the director may delegate to a deputy (Arts 21, 23, 24: 受委托的副主任)."""

    CHAIR = "chair", _("主持会议")
    DECIDE = "decide", _("研究决定重要事项")
    APPROVE_INSPECTION = "approve_inspection", _("批准督导检查")
    SIGN = "sign", _("签发重要事项公文")


class DelegationQuerySet(models.QuerySet):
    def in_force(self, at: datetime.datetime | None = None) -> DelegationQuerySet:
        at = at or timezone.now()
        return self.filter(starts_at__lte=at, ends_at__gt=at).filter(Q(revoked_at__isnull=True) | Q(revoked_at__gt=at))

    def covering(self, power: str, at: datetime.datetime | None = None) -> DelegationQuerySet:
        return self.in_force(at).filter(**{f"grants_{power}": True})


class Delegation(models.Model):
    """Arts 21, 23, 24: the director entrusts a deputy with powers for a period, for a reason.

    A delegation grants nothing before it starts, after it ends, or once revoked; every act
    done under it records it, so that "as deputy under delegation N" can be shown later.
    """

    committee = models.ForeignKey(
        Committee, verbose_name=_("委员会"), on_delete=models.PROTECT, related_name="delegations"
    )
    number = models.PositiveIntegerField(_("编号"))
    deputy = models.ForeignKey(
        Appointment,
        verbose_name=_("受委托的副主任"),
        on_delete=models.PROTECT,
        related_name="delegations_received",
        limit_choices_to={"position": Position.DEPUTY},
    )
    granted_by = models.ForeignKey(
        Appointment,
        verbose_name=_("委托人"),
        on_delete=models.PROTECT,
        related_name="delegations_granted",
        limit_choices_to={"position": Position.DIRECTOR},
    )
    grants_chair = models.BooleanField(Power.CHAIR.label, default=False)
    grants_decide = models.BooleanField(Power.DECIDE.label, default=False)
    grants_approve_inspection = models.BooleanField(Power.APPROVE_INSPECTION.label, default=False)
    grants_sign = models.BooleanField(Power.SIGN.label, default=False)
    starts_at = models.DateTimeField(_("起始时间"))
    ends_at = models.DateTimeField(_("截止时间"))
    reason = models.CharField(_("委托事由"), max_length=300)
    created_at = models.DateTimeField(_("登记时间"), default=timezone.now)
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        Appointment,
        verbose_name=_("撤销人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="delegations_revoked",
    )
    revoke_reason = models.CharField(_("撤销理由"), max_length=300, blank=True)
    history = HistoricalRecords()

    objects = DelegationQuerySet.as_manager()

    class Meta:
        verbose_name = _("委托")
        verbose_name_plural = _("委托")
        ordering = ["committee", "-starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "number"], name="delegation_number_unique"),
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="delegation_ends_after_start"),
            models.CheckConstraint(
                condition=Q(grants_chair=True)
                | Q(grants_decide=True)
                | Q(grants_approve_inspection=True)
                | Q(grants_sign=True),
                name="delegation_grants_something",
            ),
        ]

    def __str__(self) -> str:
        return _("第%(number)s号委托（%(deputy)s）") % {"number": self.number, "deputy": self.deputy.person}

    @property
    def powers(self) -> list[Power]:
        return [power for power in Power if getattr(self, f"grants_{power.value}")]

    def grants(self, power: str) -> bool:
        return bool(getattr(self, f"grants_{power}"))

    def is_in_force(self, at: datetime.datetime | None = None) -> bool:
        at = at or timezone.now()
        return self.starts_at <= at < self.ends_at and (self.revoked_at is None or at < self.revoked_at)

    def state(self, at: datetime.datetime | None = None) -> str:
        at = at or timezone.now()
        if self.revoked_at is not None and self.revoked_at <= at:
            return "revoked"
        if at < self.starts_at:
            return "pending"
        if at >= self.ends_at:
            return "expired"
        return "in_force"

    # What a page shows of each state: its word and its badge colour.
    STATE_BADGES = {
        "in_force": (_("在效"), "success"),
        "pending": (_("未开始"), "info"),
        "revoked": (_("已撤销"), "danger"),
        "expired": (_("已到期"), "secondary"),
    }

    @property
    def badge(self) -> tuple[str, str]:
        return self.STATE_BADGES[self.state()]

    @property
    def revocable(self) -> bool:
        """Still in force, or not yet begun: a revocation takes its powers away from now on."""
        return self.state() in {"in_force", "pending"}


class Notification(models.Model):
    """An in-app message to a person, also sent by e-mail once (DESIGN: reminders and notifications): at once, or
    in the person's daily digest (`in_digest`); `emailed_at` is the ledger that makes it once either way.

    `action` and `deadline` say what the person is asked to do and by when; an urgent notification (a document to
    sign, a deadline today or tomorrow) is never held for a digest. `about` is the object it concerns, whose app may
    attach something to the e-mail (a meeting's calendar invitation).

    The words are the reader's: `wording` keeps the subject, body and action as phrases (core.wording: the message
    id and its parameters), worded when shown in the reader's language (`shown_subject`, …). The text columns hold
    them in the site's language (LANGUAGE_CODE) for the admin and for searching; notifications written before the
    phrases were kept have only the text, shown as it was stored.
    """

    committee = models.ForeignKey(
        Committee, verbose_name=_("委员会"), on_delete=models.CASCADE, related_name="notifications"
    )
    recipient = models.ForeignKey(
        Person, verbose_name=_("收件人"), on_delete=models.CASCADE, related_name="notifications"
    )
    subject = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"), blank=True)
    link = models.CharField(_("链接"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)
    action = models.CharField(_("请办事项"), max_length=100, blank=True)
    deadline = models.DateField(_("办理期限"), null=True, blank=True)
    urgent = models.BooleanField(_("紧急"), default=False)
    about_type = models.ForeignKey(
        ContentType, verbose_name=_("所涉对象类型"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    about_id = models.PositiveBigIntegerField(_("所涉对象编号"), null=True, blank=True)
    about = GenericForeignKey("about_type", "about_id")
    in_digest = models.BooleanField(_("汇总发送"), default=False)
    emailed_at = models.DateTimeField(_("邮件发送时间"), null=True, blank=True)
    wording = models.JSONField(
        _("措辞"),
        default=dict,
        blank=True,
        help_text=_("标题、内容和请办事项的原文及参数，按读者选择的语言显示。"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("通知")
        verbose_name_plural = _("通知")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread_idx"),
            # What the hourly digest run looks for: the few rows still waiting for someone's digest.
            models.Index(
                fields=["recipient", "created_at"],
                condition=Q(in_digest=True, emailed_at__isnull=True),
                name="notification_digest_due_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.shown_subject

    def _shown(self, part: str) -> str:
        kept = (self.wording or {}).get(part)
        return str(Phrase.from_data(kept)) if kept else getattr(self, part)

    @property
    def shown_subject(self) -> str:
        """The subject in the reader's (active) language."""
        return self._shown("subject")

    @property
    def shown_body(self) -> str:
        return self._shown("body")

    @property
    def shown_action(self) -> str:
        return self._shown("action")


class ShareQuerySet(models.QuerySet):
    def in_force(self, at: datetime.datetime | None = None) -> ShareQuerySet:
        at = at or timezone.now()
        return self.filter(created_at__lte=at, expires_at__gt=at).filter(
            Q(revoked_at__isnull=True) | Q(revoked_at__gt=at)
        )


class Share(models.Model):
    """What roles cannot express: the office shares one document or report with a named person (a district
    reviewer, a guest at one meeting), for a reason, until a moment. The authority service reads these rows in
    `decide` and `restrict`; appointments are never copied here.

    Kept in this table rather than guardian's: a share ends by itself at `expires_at` and is revoked with a
    reason, and both must hold at the moment asked without a job deleting rows; guardian's rows have neither.
    """

    committee = models.ForeignKey(Committee, verbose_name=_("委员会"), on_delete=models.CASCADE, related_name="shares")
    content_type = models.ForeignKey(ContentType, verbose_name=_("对象类型"), on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField(_("对象编号"))
    content_object = GenericForeignKey("content_type", "object_id")
    action = models.CharField(_("授予的权限"), max_length=60)
    grantee = models.ForeignKey(Person, verbose_name=_("被授权人"), on_delete=models.PROTECT, related_name="shares")
    reason = models.CharField(_("授权理由"), max_length=300)
    created_at = models.DateTimeField(_("授权时间"), default=timezone.now)
    expires_at = models.DateTimeField(_("到期时间"))
    granted_by = models.ForeignKey(
        Appointment, verbose_name=_("授权人"), on_delete=models.PROTECT, related_name="shares_granted"
    )
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        Appointment,
        verbose_name=_("撤销人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="shares_revoked",
    )
    history = HistoricalRecords()

    objects = ShareQuerySet.as_manager()

    class Meta:
        verbose_name = _("单项授权")
        verbose_name_plural = _("单项授权")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="share_object_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(expires_at__gt=models.F("created_at")), name="share_expires_after_grant")
        ]

    def __str__(self) -> str:
        return _("%(person)s：%(object)s") % {"person": self.grantee, "object": self.content_object}

    def is_in_force(self, at: datetime.datetime | None = None) -> bool:
        at = at or timezone.now()
        return self.created_at <= at < self.expires_at and (self.revoked_at is None or at < self.revoked_at)


class CommitteeUserObjectPermission(UserObjectPermissionBase):
    """Direct-foreign-key object permission on a committee, granted by the appointment services only."""

    content_object = models.ForeignKey(Committee, on_delete=models.CASCADE)

    class Meta(UserObjectPermissionBase.Meta):
        verbose_name = _("委员会对象权限")
        verbose_name_plural = _("委员会对象权限")


class CommitteeGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Committee, on_delete=models.CASCADE)

    class Meta(GroupObjectPermissionBase.Meta):
        verbose_name = _("委员会组权限")
        verbose_name_plural = _("委员会组权限")
