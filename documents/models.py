"""Official documents (公文) of the committee and its office, signed off under Art 24.

Art 24: important matters are signed by the director (or a deputy under a delegation to sign) and
issued in the committee's name; general matters are signed by the office director and issued in the
office's name. Each document is numbered at sign-off (代字〔YYYY〕N号), frozen from then on, rendered
to GB/T 9704 PDF, distributed to member units and signed for by each unit's liaison (Art 25).
"""

from __future__ import annotations

import hashlib
import json
import uuid

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from committee.authority import Action
from committee.workflow import Condition, FSMField, step
from core.acts import ActedBy
from core.models import Rendered, RenderStatus

from .actions import RECEIVE_UPPER, REVIEW, VIEW


class DocumentKind(models.TextChoices):
    """The kinds of document the committee issues (党政机关公文处理工作条例 第八条, the ones it uses)."""

    NOTICE = "notice", _("通知")
    DECISION = "decision", _("决定")
    MINUTES = "minutes", _("纪要")
    BULLETIN = "bulletin", _("通报")
    REPORT = "report", _("报告")
    REQUEST = "request", _("请示")
    LETTER = "letter", _("函")
    OPINION = "opinion", _("意见")
    # Art 5 信息共享: the office's periodic 工作简报 (outreach app), issued and signed like any document.
    BRIEFING = "briefing", _("简报")


# Sent up to a higher organ: the number line carries 签发人 (GB/T 9704 7.2.6).
UPWARD_KINDS = frozenset({DocumentKind.REPORT, DocumentKind.REQUEST})


class Classification(models.TextChoices):
    """Art 24: which matters the committee signs and which its office signs."""

    IMPORTANT = "important", _("重要事项")
    GENERAL = "general", _("一般事项")


class Issuer(models.TextChoices):
    COMMITTEE = "committee", _("委员会")
    OFFICE = "office", _("委员会办公室")


ISSUER_OF = {Classification.IMPORTANT: Issuer.COMMITTEE, Classification.GENERAL: Issuer.OFFICE}


class DocumentState(models.TextChoices):
    DRAFT = "draft", _("拟稿")
    IN_REVIEW = "in_review", _("核稿中")
    RETURNED = "returned", _("退回修改")
    AWAITING_SIGNATURE = "awaiting_signature", _("待签发")
    SIGNED = "signed", _("已签发")
    DISTRIBUTED = "distributed", _("已分发")
    ARCHIVED = "archived", _("已归档")


class Secrecy(models.TextChoices):
    """密级 (GB/T 9704 7.2.2); an unclassified document prints none."""

    NONE = "", _("无")
    SECRET = "秘密", _("秘密")
    CONFIDENTIAL = "机密", _("机密")
    TOP_SECRET = "绝密", _("绝密")


class Urgency(models.TextChoices):
    """紧急程度 (GB/T 9704 7.2.3)."""

    NONE = "", _("无")
    URGENT = "加急", _("加急")
    VERY_URGENT = "特急", _("特急")


class NumberSeries(models.TextChoices):
    """Which series a document's number comes from: 纪要 are numbered in their own, by 期 (GB/T 9704 10.2)."""

    DOCUMENT = "document", _("发文字号（号）")
    MINUTES = "minutes", _("纪要期号（期）")


EDITABLE_STATES = frozenset({DocumentState.DRAFT, DocumentState.RETURNED, DocumentState.IN_REVIEW})
SIGNED_STATES = frozenset({DocumentState.SIGNED, DocumentState.DISTRIBUTED, DocumentState.ARCHIVED})

# What a signature covers: once signed, none of these may change (a correction is a new version).
FROZEN_FIELDS = (
    "committee_id",
    "kind",
    "classification",
    "title",
    "main_extra",
    "copy_extra",
    "body",
    "attachments",
    "note",
    "with_seal",
    "attendance",
    "copy_number",
    "secrecy",
    "secrecy_term",
    "urgency",
    "meeting_date",
    "version",
    "corrects_id",
    "records_type_id",
    "records_id",
    "doc_year",
    "doc_serial",
    "doc_number",
    "signed_by_id",
    "signed_under_id",
    "signer_name",
    "sign_opinion",
    "signed_at",
    "content_sha256",
)


# What a document can be the record of (Art 24): a meeting's minutes or decision, a proposal to add a unit,
# an inspection, a 简报 or 通报 and a commendation (Arts 5, 7, 10). Anything else (a notification, a history
# row, a login) is refused, by the page and the service.
RECORDABLE_MODELS = frozenset(
    {
        "meetings.minutes",
        "meetings.decision",
        "members.newunitproposal",
        "duties.inspection",
        "outreach.bulletin",
        "outreach.commendation",
    }
)


def is_recordable(obj) -> bool:
    return obj is not None and obj._meta.label_lower in RECORDABLE_MODELS


class FrozenDocumentError(ValidationError):
    """Raised when something tries to change what a signature covers."""


def _frozen_message(changed) -> str:
    return _("公文已签发，正文和签发信息不能再修改（%(fields)s）；如需更正，请制作更正版本。") % {
        "fields": "、".join(changed)
    }


class DocumentQuerySet(models.QuerySet):
    def update(self, **kwargs):
        """A bulk update cannot slip past the freeze either."""
        frozen = {name.removesuffix("_id") for name in FROZEN_FIELDS} & {k.removesuffix("_id") for k in kwargs}
        if frozen and self.filter(signed_at__isnull=False).exists():
            raise FrozenDocumentError(_frozen_message(sorted(frozen)))
        return super().update(**kwargs)

    def recording(self, obj) -> DocumentQuerySet:
        """Documents that record `obj` (a meeting decision, minutes, an inspection report, ...)."""
        return self.filter(records_type=ContentType.objects.get_for_model(obj), records_id=obj.pk)


class Document(Rendered):
    """Art 24: one official document, one version; a correction is a new version that links back.

    The text and the sign-off are frozen once signed, by `save`, by the queryset's `update` and by
    `content_sha256`, which the renderer checks before it prints.
    """

    committee = models.ForeignKey(
        "committee.Committee", verbose_name=_("委员会"), on_delete=models.PROTECT, related_name="documents"
    )
    kind = models.CharField(_("文种"), max_length=20, choices=DocumentKind.choices)
    classification = models.CharField(
        _("事项类别"),
        max_length=20,
        choices=Classification.choices,
        help_text=_(
            "重要事项以委员会名义发文，由主任或受委托的副主任签发；一般事项以办公室名义发文，由办公室主任签发。"
        ),
    )
    title = models.CharField(_("标题"), max_length=200)
    main_extra = models.CharField(
        _("其他主送机关"), max_length=300, blank=True, help_text=_("成员单位以外的主送机关，如“镇人民政府”。")
    )
    copy_extra = models.CharField(_("其他抄送机关"), max_length=300, blank=True)
    body = models.TextField(_("正文"), help_text=_("每段一行；“一、”“（一）”开头的段落按标题层次排版。"))
    attachments = models.TextField(_("附件说明"), blank=True, help_text=_("附件名称，每行一个。"))
    note = models.CharField(_("附注"), max_length=200, blank=True)
    with_seal = models.BooleanField(_("加盖印章"), default=True)
    attendance = models.JSONField(
        _("出席、请假、列席人员"),
        default=dict,
        blank=True,
        help_text=_("纪要用：{“present”: [...], “absent”: [...], “attending”: [...]}。"),
    )
    copy_number = models.PositiveIntegerField(
        _("份号"), null=True, blank=True, help_text=_("涉密公文须标注份号，印为6位数字，如000001。")
    )
    secrecy = models.CharField(_("密级"), max_length=4, choices=Secrecy.choices, blank=True, default="")
    secrecy_term = models.CharField(
        _("保密期限"), max_length=20, blank=True, help_text=_("如“1年”“6个月”；不填则只印密级。")
    )
    urgency = models.CharField(_("紧急程度"), max_length=4, choices=Urgency.choices, blank=True, default="")
    meeting_date = models.DateField(
        _("会议日期"), null=True, blank=True, help_text=_("纪要用：印在纪要版头；不填时取所记载会议的日期。")
    )
    version = models.PositiveSmallIntegerField(_("版本"), default=1)
    corrects = models.OneToOneField(
        "self",
        verbose_name=_("更正的公文"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="correction",
    )
    records_type = models.ForeignKey(
        ContentType, verbose_name=_("所记载事项类型"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    records_id = models.PositiveBigIntegerField(_("所记载事项编号"), null=True, blank=True)
    records = GenericForeignKey("records_type", "records_id")
    state = FSMField(_("状态"), max_length=20, choices=DocumentState.choices, default=DocumentState.DRAFT)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    drafted_by = models.ForeignKey(
        "committee.Appointment", verbose_name=_("拟稿人"), on_delete=models.PROTECT, related_name="+"
    )
    drafted_under = models.ForeignKey(
        "committee.Delegation",
        verbose_name=_("所依委托"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("送核时间"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        "committee.Appointment",
        verbose_name=_("核稿人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_under = models.ForeignKey(
        "committee.Delegation",
        verbose_name=_("所依委托"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("核稿时间"), null=True, blank=True)
    signed_by = models.ForeignKey(
        "committee.Appointment",
        verbose_name=_("签发人任职"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    signed_under = models.ForeignKey(
        "committee.Delegation",
        verbose_name=_("所依委托"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    signer_name = models.CharField(_("签发人"), max_length=40, blank=True)
    sign_opinion = models.CharField(_("签发意见"), max_length=200, blank=True)
    signed_at = models.DateTimeField(_("签发时间"), null=True, blank=True)
    doc_year = models.PositiveSmallIntegerField(_("发文年度"), null=True, blank=True)
    doc_serial = models.PositiveIntegerField(_("发文顺序号"), null=True, blank=True)
    doc_number = models.CharField(_("发文字号"), max_length=60, blank=True)
    content_sha256 = models.CharField(_("签发内容摘要"), max_length=64, blank=True)
    distributed_at = models.DateTimeField(_("分发时间"), null=True, blank=True)
    distributed_by = models.ForeignKey(
        "committee.Appointment",
        verbose_name=_("分发人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    distributed_under = models.ForeignKey(
        "committee.Delegation",
        verbose_name=_("所依委托"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    archived_at = models.DateTimeField(_("归档时间"), null=True, blank=True)
    archived_by = models.ForeignKey(
        "committee.Appointment",
        verbose_name=_("归档人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    archived_under = models.ForeignKey(
        "committee.Delegation",
        verbose_name=_("所依委托"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    history = HistoricalRecords()

    drafted = ActedBy("drafted", at="created_at", verbose_name=_("拟稿身份"))
    reviewed = ActedBy("reviewed", verbose_name=_("核稿身份"))
    signed = ActedBy("signed", verbose_name=_("签发身份"))
    distributed = ActedBy("distributed", verbose_name=_("分发身份"))
    archived = ActedBy("archived", verbose_name=_("归档身份"))

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("公文")
        verbose_name_plural = _("公文")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "classification", "doc_year", "doc_serial"],
                condition=Q(doc_serial__isnull=False) & ~Q(kind="minutes"),
                name="document_serial_unique_per_issuer_year",
                violation_error_message=_("该发文字号已被使用。"),
            ),
            models.UniqueConstraint(
                fields=["committee", "classification", "doc_year", "doc_serial"],
                condition=Q(doc_serial__isnull=False) & Q(kind="minutes"),
                name="minutes_serial_unique_per_issuer_year",
                violation_error_message=_("该纪要期号已被使用。"),
            ),
            models.UniqueConstraint(
                fields=["committee", "doc_number"], condition=~Q(doc_number=""), name="document_number_unique"
            ),
            models.CheckConstraint(
                condition=(Q(records_type__isnull=True) & Q(records_id__isnull=True))
                | (Q(records_type__isnull=False) & Q(records_id__isnull=False)),
                name="document_records_type_and_id_together",
            ),
            models.CheckConstraint(
                condition=~Q(state__in=sorted(SIGNED_STATES))
                | (
                    Q(signed_at__isnull=False)
                    & Q(signed_by__isnull=False)
                    & Q(doc_serial__isnull=False)
                    & ~Q(doc_number="")
                    & ~Q(content_sha256="")
                ),
                name="signed_document_has_number_and_signer",
            ),
            models.CheckConstraint(
                condition=Q(version=1, corrects__isnull=True) | Q(version__gt=1, corrects__isnull=False),
                name="document_version_follows_correction",
            ),
        ]
        indexes = [
            models.Index(fields=["committee", "state"], name="document_committee_state_idx"),
            models.Index(fields=["records_type", "records_id"], name="document_records_idx"),
            # The lists' order: the newest fifty are read from the index, not sorted out of every document seen.
            models.Index(F("created_at").desc(), F("id").desc(), name="document_newest_first"),
        ]

    def __str__(self) -> str:
        return f"{self.doc_number} {self.title}" if self.doc_number else self.title

    def save(self, *args, **kwargs):
        if self.pk is not None:
            if not hasattr(self, "_frozen"):
                stored = type(self).objects.filter(pk=self.pk).values(*FROZEN_FIELDS).first()
                self._frozen = stored if stored and stored["signed_at"] is not None else None
            if self._frozen:
                changed = [name for name, value in self._frozen.items() if getattr(self, name) != value]
                if changed:
                    labels = [str(self._meta.get_field(name.removesuffix("_id")).verbose_name) for name in changed]
                    raise FrozenDocumentError(_frozen_message(labels))
        super().save(*args, **kwargs)
        self._remember_frozen()

    def get_absolute_url(self) -> str:
        return reverse("documents:detail", kwargs={"pk": self.pk})

    def delete(self, *args, **kwargs):
        if self.signed_at is not None:
            raise FrozenDocumentError(_("已签发的公文不能删除。"))
        return super().delete(*args, **kwargs)

    # --- the workflow (Art 24, Art 4, Art 25): each step, the state it leaves and enters, and who may take it ---

    @step(
        state,
        source=[DocumentState.DRAFT, DocumentState.RETURNED],
        target=DocumentState.IN_REVIEW,
        action=Action.MANAGE_COMMITTEE,
        label=_("送核稿"),
        refused=_("只有拟稿中或退回修改的公文可以送核。"),
    )
    def submit(self):
        """送核: the drafter sends the draft to the office director."""

    @step(
        state,
        source=DocumentState.IN_REVIEW,
        target=DocumentState.AWAITING_SIGNATURE,
        action=REVIEW,
        label=_("核稿通过，送签发"),
        refused=_("该公文不在核稿环节。"),
        confirm=_("送签发后，正文由签发人确认，不能再直接修改。确定送签发吗？"),
    )
    def forward(self):
        """核稿通过: the office director sends the draft on to the signer."""

    @step(
        state,
        source=DocumentState.IN_REVIEW,
        target=DocumentState.RETURNED,
        action=REVIEW,
        label=_("退回修改"),
        refused=_("该公文不在核稿环节。"),
        style="outline-danger",
    )
    def send_back(self):
        """核稿退回: back to the drafter, with comments."""

    @step(
        state,
        source=DocumentState.AWAITING_SIGNATURE,
        target=DocumentState.SIGNED,
        action=lambda document: document.sign_action,
        label=_("签发"),
        refused=_("公文须经办公室主任核稿后才能签发。"),
        confirm=lambda document: (
            _("签发后将编发文字号（%(prefix)s〔年份〕顺序号），正文即行冻结并生成正式文本，不能撤回。确定签发吗？")
            % {"prefix": document.prefix}
        ),
    )
    def sign(self):
        """签发: numbered, frozen, rendered."""

    @step(
        state,
        source=DocumentState.AWAITING_SIGNATURE,
        target=DocumentState.RETURNED,
        action=lambda document: document.sign_action,
        label=_("不签发，退回拟稿人"),
        refused=_("该公文不在待签发环节。"),
        style="outline-danger",
    )
    def decline(self):
        """The signer does not sign and sends the draft back with the reason."""

    @step(
        state,
        source=DocumentState.SIGNED,
        target=DocumentState.DISTRIBUTED,
        action=Action.MANAGE_COMMITTEE,
        label=_("分发至收文单位"),
        refused=_("只有已签发、尚未分发的公文可以分发。"),
        conditions=[Condition(lambda d: d.pdf_ready, _("正式文本（PDF）尚未生成，生成后才能分发。"))],
        confirm=_("分发后各主送、抄送单位即可查阅并须签收。确定分发吗？"),
    )
    def distribute(self):
        """分发: receipts are opened for every addressee."""

    @step(
        state,
        source=DocumentState.DISTRIBUTED,
        action=VIEW,
        label=_("签收"),
        refused=_("只有已分发的公文需要签收。"),
        listed=False,
    )
    def receive(self):
        """签收 (Art 25), one receipt at a time: the page lists one button per unit the user signs for."""

    @step(
        state,
        source=DocumentState.DISTRIBUTED,
        action=Action.MANAGE_COMMITTEE,
        label=_("提醒未签收单位"),
        refused=_("只有已分发的公文需要催签收。"),
        conditions=[Condition(lambda d: d.awaits_receipts, _("各收文单位均已签收。"))],
        style="outline-warning",
    )
    def remind(self):
        """The office reminds the units and the committees below that have not signed for it (once a day each)."""

    @step(
        state,
        source=[DocumentState.SIGNED, DocumentState.DISTRIBUTED],
        target=DocumentState.ARCHIVED,
        action=Action.MANAGE_COMMITTEE,
        label=_("归档"),
        refused=_("只有已分发的公文可以归档。"),
        conditions=[Condition(lambda d: d.archivable, _("各收文单位签收后才能归档。"))],
        style="outline-success",
        confirm=_("归档后办理结束。确定归档吗？"),
    )
    def archive(self):
        """归档: once every unit has signed for it (or, with no addressee, once signed)."""

    @step(
        state,
        source=sorted(SIGNED_STATES),
        action=Action.MANAGE_COMMITTEE,
        label=_("制作更正版本"),
        refused=_("只有已签发的公文需要以更正版本修改。"),
        conditions=[
            Condition(
                lambda d: not type(d).objects.filter(corrects=d).exists(),
                _("该公文已有更正版本，请在最新版本上办理。"),
            )
        ],
        style="outline-secondary",
        confirm=_("将以本文为底稿建立更正版本（新版本须重新核稿、签发并另行编号），本文保留不变。确定吗？"),
    )
    def correct(self):
        """更正: the signed document stays; the correction is a new version."""

    @step(
        state,
        source=sorted(SIGNED_STATES),
        action=Action.MANAGE_COMMITTEE,
        label=_("重新生成"),
        refused=_("公文签发后才生成正式文本。"),
        conditions=[
            Condition(
                lambda d: d.render_stuck,
                lambda d: (
                    _("正式文本%(state)s，无需重新生成。")
                    % {"state": d.render_job.get_status_display() if d.render_job else _("尚未排队")}
                ),
            )
        ],
        style="outline-danger",
        listed=False,
    )
    def render_again(self):
        """The office asks again for a PDF whose render failed (or whose worker vanished)."""

    @property
    def pdf_ready(self) -> bool:
        job = self.render_job
        return job is not None and job.is_ready

    @property
    def render_stuck(self) -> bool:
        """The render failed, or is still pending long after any worker would have finished it."""
        from core.rendering import stale_after

        job = self.render_job
        if job is None or job.status == RenderStatus.FAILED:
            return True
        return job.is_pending and timezone.now() - (job.started_at or job.queued_at) >= stale_after()

    @property
    def awaits_receipts(self) -> bool:
        """A unit or a committee below it was distributed to has not signed for it yet."""
        return (
            self.receipts.filter(received_at__isnull=True).exists()
            or self.committee_receipts.filter(received_at__isnull=True).exists()
        )

    @property
    def archivable(self) -> bool:
        if self.state == DocumentState.SIGNED:
            return not self.addressees.exists() and not self.committee_addressees.exists()
        return not self.awaits_receipts

    # --- the freeze: what a signature covers never changes ---

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._remember_frozen()
        return instance

    def _remember_frozen(self) -> None:
        loaded = self.__dict__
        if loaded.get("signed_at") is not None:
            self._frozen = {name: loaded[name] for name in FROZEN_FIELDS if name in loaded}
        else:
            self._frozen = None

    # --- what the classification implies (Art 24) ---

    @property
    def issuer(self) -> str:
        return ISSUER_OF[Classification(self.classification)]

    @property
    def issuer_name(self) -> str:
        """In whose name the document is issued: the committee's, or its office's."""
        return self.committee.name if self.issuer == Issuer.COMMITTEE else self.committee.office_name

    @property
    def prefix(self) -> str:
        return self.committee.doc_prefix if self.issuer == Issuer.COMMITTEE else self.committee.office_doc_prefix

    @property
    def sign_action(self) -> str:
        return Action.SIGN_IMPORTANT if self.classification == Classification.IMPORTANT else Action.SIGN_GENERAL

    @property
    def is_signed(self) -> bool:
        return self.signed_at is not None

    @property
    def is_editable(self) -> bool:
        return self.state in EDITABLE_STATES

    @property
    def attachment_titles(self) -> list[str]:
        return [line.strip() for line in self.attachments.splitlines() if line.strip()]

    @property
    def is_upward(self) -> bool:
        return self.kind in UPWARD_KINDS

    @property
    def number_series(self) -> str:
        return NumberSeries.MINUTES if self.kind == DocumentKind.MINUTES else NumberSeries.DOCUMENT

    def attendance_list(self, key: str) -> list[str]:
        value = (self.attendance or {}).get(key) or []
        return [str(name) for name in value if str(name).strip()]

    def content_digest(
        self, addressees: list[tuple[str, str]] | None = None, committees: list[tuple[str, str]] | None = None
    ) -> str:
        """SHA-256 of what the signature covers: the text, the addressees (units and committees below) and the
        layout choices."""
        if addressees is None:
            addressees = sorted(self.addressees.values_list("unit__code", "role"))
        if committees is None:
            committees = sorted(self.committee_addressees.values_list("committee__code", "role")) if self.pk else []
        payload = {
            "kind": self.kind,
            "classification": self.classification,
            "title": self.title,
            "body": self.body,
            "attachments": self.attachments,
            "note": self.note,
            "main_extra": self.main_extra,
            "copy_extra": self.copy_extra,
            "with_seal": self.with_seal,
            "attendance": self.attendance or {},
            "version": self.version,
            "addressees": [list(pair) for pair in sorted(addressees)],
        }
        # Added later: present only when set, so that what earlier signatures covered keeps its digest.
        if committees:
            payload["committees"] = [list(pair) for pair in sorted(committees)]
        for name in ("copy_number", "secrecy", "secrecy_term", "urgency", "meeting_date"):
            value = getattr(self, name)
            if value not in (None, ""):
                payload[name] = str(value)
        if self.pk is not None:
            annexes = [annex.digest_item() for annex in self.annexes.order_by("position", "pk")]
            if annexes:
                payload["annexes"] = annexes
        encoded = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()
        return hashlib.sha256(encoded).hexdigest()


class AddresseeRole(models.TextChoices):
    MAIN = "main", _("主送")
    COPY = "copy", _("抄送")


class Addressee(models.Model):
    """A member unit a document is sent to, as 主送 or 抄送; frozen with the document at sign-off."""

    document = models.ForeignKey(Document, verbose_name=_("公文"), on_delete=models.CASCADE, related_name="addressees")
    unit = models.ForeignKey(
        "members.MemberUnit", verbose_name=_("成员单位"), on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(_("方式"), max_length=10, choices=AddresseeRole.choices)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("收文单位")
        verbose_name_plural = _("收文单位")
        ordering = ["document", "role", "unit__sort_order"]
        constraints = [models.UniqueConstraint(fields=["document", "unit"], name="addressee_unit_once")]

    def __str__(self) -> str:
        return f"{self.get_role_display()} {self.unit}"

    def save(self, *args, **kwargs):
        self._refuse_if_signed()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._refuse_if_signed()
        return super().delete(*args, **kwargs)

    def _refuse_if_signed(self) -> None:
        if Document.objects.filter(pk=self.document_id, signed_at__isnull=False).exists():
            raise FrozenDocumentError(_("公文已签发，主送、抄送单位不能再修改。"))


class CommitteeAddressee(models.Model):
    """Art 5: a committee directly below the issuing one that a document is sent to (主送 or 抄送), as a district
    sends its decisions down to the town committees; frozen with the document at sign-off, like `Addressee`."""

    document = models.ForeignKey(
        Document, verbose_name=_("公文"), on_delete=models.CASCADE, related_name="committee_addressees"
    )
    committee = models.ForeignKey(
        "committee.Committee", verbose_name=_("下级委员会"), on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(_("方式"), max_length=10, choices=AddresseeRole.choices)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("收文下级委员会")
        verbose_name_plural = _("收文下级委员会")
        ordering = ["document", "role", "committee__code"]
        constraints = [models.UniqueConstraint(fields=["document", "committee"], name="addressee_committee_once")]

    def __str__(self) -> str:
        return f"{self.get_role_display()} {self.committee}"

    def save(self, *args, **kwargs):
        self._refuse_if_signed()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._refuse_if_signed()
        return super().delete(*args, **kwargs)

    def _refuse_if_signed(self) -> None:
        if Document.objects.filter(pk=self.document_id, signed_at__isnull=False).exists():
            raise FrozenDocumentError(_("公文已签发，主送、抄送的下级委员会不能再修改。"))


class ReviewStage(models.TextChoices):
    REVIEW = "review", _("核稿")
    SIGN = "sign", _("签发")


class ReviewOutcome(models.TextChoices):
    FORWARD = "forward", _("送签发")
    RETURN = "return", _("退回修改")


class DocumentReview(models.Model):
    """A review (核稿) by the office director, or a signer's refusal, with the comment sent to the drafter."""

    document = models.ForeignKey(Document, verbose_name=_("公文"), on_delete=models.CASCADE, related_name="reviews")
    stage = models.CharField(_("环节"), max_length=10, choices=ReviewStage.choices)
    outcome = models.CharField(_("结果"), max_length=10, choices=ReviewOutcome.choices)
    comment = models.TextField(_("意见"), blank=True)
    by = models.ForeignKey(
        "committee.Appointment", verbose_name=_("办理人"), on_delete=models.PROTECT, related_name="+"
    )
    by_name = models.CharField(_("办理人姓名"), max_length=40)
    under = models.ForeignKey(
        "committee.Delegation",
        verbose_name=_("所依委托"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("时间"), default=timezone.now)
    history = HistoricalRecords()

    acted = ActedBy("acted", by="by", under="under", at="at", verbose_name=_("身份"))

    class Meta:
        verbose_name = _("核稿意见")
        verbose_name_plural = _("核稿意见")
        ordering = ["document", "at"]
        constraints = [
            models.CheckConstraint(condition=~Q(outcome="return") | ~Q(comment=""), name="document_return_has_comment"),
        ]

    def __str__(self) -> str:
        return f"{self.get_stage_display()} · {self.get_outcome_display()}"


class NumberCounter(models.Model):
    """The last serial issued per issuer and year; locked while a document is signed, so numbers have no gaps.

    Art 24: every number a document bears comes from here. Its history shows each number taken, and each
    adjustment by hand (`number_counter_adjust`) with who made it and why, so an auditor of 文号 can
    account for every number.
    """

    committee = models.ForeignKey(
        "committee.Committee", verbose_name=_("委员会"), on_delete=models.CASCADE, related_name="+"
    )
    classification = models.CharField(_("事项类别"), max_length=20, choices=Classification.choices)
    series = models.CharField(_("编号序列"), max_length=10, choices=NumberSeries.choices, default=NumberSeries.DOCUMENT)
    year = models.PositiveSmallIntegerField(_("年度"))
    last_serial = models.PositiveIntegerField(_("已用顺序号"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("发文编号计数")
        verbose_name_plural = _("发文编号计数")
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "classification", "series", "year"], name="number_counter_unique"
            )
        ]

    def __str__(self) -> str:
        series = "" if self.series == NumberSeries.DOCUMENT else f" {self.get_series_display()}"
        return f"{self.get_classification_display()}{series} {self.year}: {self.last_serial}"


class Receipt(models.Model):
    """签收: a unit the document was distributed to, and who signed for it when (Art 25: the liaison)."""

    document = models.ForeignKey(Document, verbose_name=_("公文"), on_delete=models.CASCADE, related_name="receipts")
    unit = models.ForeignKey(
        "members.MemberUnit", verbose_name=_("成员单位"), on_delete=models.PROTECT, related_name="document_receipts"
    )
    role = models.CharField(_("方式"), max_length=10, choices=AddresseeRole.choices)
    received_at = models.DateTimeField(_("签收时间"), null=True, blank=True)
    received_by = models.ForeignKey(
        "committee.Appointment",
        verbose_name=_("签收人任职"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    receiver_name = models.CharField(_("签收人"), max_length=40, blank=True)
    received_under = models.ForeignKey(
        "committee.Delegation",
        verbose_name=_("所依委托"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    history = HistoricalRecords()

    received = ActedBy("received", verbose_name=_("签收身份"))

    class Meta:
        verbose_name = _("签收")
        verbose_name_plural = _("签收")
        ordering = ["document", "role", "unit__sort_order"]
        constraints = [
            models.UniqueConstraint(fields=["document", "unit"], name="receipt_once_per_unit"),
            models.CheckConstraint(
                condition=Q(received_at__isnull=True) | Q(received_by__isnull=False), name="receipt_has_receiver"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.document}"

    def get_absolute_url(self) -> str:
        return self.document.get_absolute_url()

    @property
    def committee(self):
        return self.document.committee


class UpperReceiptState(models.TextChoices):
    PENDING = "pending", _("待签收")
    RECEIVED = "received", _("已签收")


class CommitteeReceipt(models.Model):
    """上级来文的签收 (Art 5): a committee below the issuer that a document was distributed to, and who in its office
    signed for it when. `committee` is the receiving committee: its office signs, and its own follow-up (an agenda
    item, follow-up tasks for its units) starts from here."""

    document = models.ForeignKey(
        Document, verbose_name=_("公文"), on_delete=models.CASCADE, related_name="committee_receipts"
    )
    committee = models.ForeignKey(
        "committee.Committee", verbose_name=_("收文委员会"), on_delete=models.PROTECT, related_name="upper_receipts"
    )
    role = models.CharField(_("方式"), max_length=10, choices=AddresseeRole.choices)
    state = FSMField(_("状态"), max_length=20, choices=UpperReceiptState.choices, default=UpperReceiptState.PENDING)
    received_at = models.DateTimeField(_("签收时间"), null=True, blank=True)
    received_by = models.ForeignKey(
        "committee.Appointment",
        verbose_name=_("签收人任职"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    receiver_name = models.CharField(_("签收人"), max_length=40, blank=True)
    received_under = models.ForeignKey(
        "committee.Delegation",
        verbose_name=_("所依委托"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    history = HistoricalRecords()

    received = ActedBy("received", verbose_name=_("签收身份"))

    class Meta:
        verbose_name = _("上级来文签收")
        verbose_name_plural = _("上级来文签收")
        ordering = ["document", "role", "committee__code"]
        constraints = [
            models.UniqueConstraint(fields=["document", "committee"], name="committee_receipt_once"),
            models.CheckConstraint(
                condition=(Q(state="pending") & Q(received_at__isnull=True))
                | (Q(state="received") & Q(received_at__isnull=False) & Q(received_by__isnull=False)),
                name="committee_receipt_state_matches_receiver",
            ),
        ]
        indexes = [models.Index(fields=["committee", "state"], name="committee_receipt_inbox_idx")]

    def __str__(self) -> str:
        return f"{self.committee.short_name} · {self.document}"

    def get_absolute_url(self) -> str:
        return self.document.get_absolute_url()

    @step(
        state,
        source=UpperReceiptState.PENDING,
        target=UpperReceiptState.RECEIVED,
        action=RECEIVE_UPPER,
        label=_("签收"),
        refused=_("该上级来文已签收。"),
        style="success",
        confirm=_("签收后即可据此列入议程、交办督办事项。确定签收吗？"),
    )
    def receive(self):
        """签收: the receiving committee's office records that the committee received the document."""


def _seal_path(seal, filename: str) -> str:
    return f"seals/{seal.committee_id}/{seal.issuer}-{uuid.uuid4().hex}.png"


def validate_seal_png(upload) -> None:
    """A seal is a PNG with transparency (so the text under it shows through), of a sensible size."""
    from PIL import Image, UnidentifiedImageError

    if upload.size is not None and upload.size > SEAL_MAX_BYTES:
        raise ValidationError(_("印章图片不能超过2 MB。"))
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            image_format, mode, size = image.format, image.mode, image.size
            has_alpha = mode in {"RGBA", "LA", "PA"} or (mode == "P" and "transparency" in image.info)
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ValidationError(_("印章须为PNG图片。")) from exc
    finally:
        upload.seek(0)
    if image_format != "PNG":
        raise ValidationError(_("印章须为PNG图片。"))
    if not has_alpha:
        raise ValidationError(_("印章图片须有透明背景（带透明通道的PNG）。"))
    if min(size) < 200 or max(size) > 4000:
        raise ValidationError(_("印章图片的边长应在200到4000像素之间。"))


SEAL_MAX_BYTES = 2 * 1024 * 1024


class IssuerSeal(models.Model):
    """The seal (印章) of an issuing organ — the committee or its office — as the image printed on its signed
    documents (GB/T 9704 7.3.5.1). Uploaded by the system administrator; never drawn by the system.

    A document takes the seal of its issuer in force when it was signed; drafts and documents of an issuer
    without a seal image print none (the space stays for the seal stamped by hand).
    """

    committee = models.ForeignKey(
        "committee.Committee", verbose_name=_("委员会"), on_delete=models.PROTECT, related_name="seals"
    )
    issuer = models.CharField(_("发文机关"), max_length=20, choices=Issuer.choices)
    image = models.FileField(
        _("印章图片"),
        upload_to=_seal_path,
        validators=[validate_seal_png],
        help_text=_("透明背景的PNG图片，红色印模，建议边长800像素以上。"),
    )
    valid_from = models.DateTimeField(_("启用时间"), default=timezone.now)
    retired_at = models.DateTimeField(_("停用时间"), null=True, blank=True)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("印章")
        verbose_name_plural = _("印章")
        ordering = ["committee", "issuer", "-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(retired_at__isnull=True) | Q(retired_at__gt=models.F("valid_from")),
                name="seal_retired_after_valid_from",
            )
        ]

    def __str__(self) -> str:
        return f"{self.committee} · {self.get_issuer_display()}"


class AnnexKind(models.TextChoices):
    TEXT = "text", _("文字附件")
    PDF = "pdf", _("PDF文件")
    WORD = "word", _("Word文件")
    EXCEL = "excel", _("Excel文件")


ANNEX_TYPES = {
    "application/pdf": (AnnexKind.PDF, {"pdf"}),
    "application/msword": (AnnexKind.WORD, {"doc"}),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": (AnnexKind.WORD, {"docx"}),
    "application/vnd.ms-excel": (AnnexKind.EXCEL, {"xls"}),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": (AnnexKind.EXCEL, {"xlsx"}),
}


def _annex_path(annex, filename: str) -> str:
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"documents/annexes/{annex.document_id}/{uuid.uuid4().hex}.{suffix}"


class DocumentAnnex(models.Model):
    """One attachment (附件) of a document, GB/T 9704 7.3.7: a text typeset after the document on pages of its
    own (附件N, its title, its text), or a file: a PDF appended after the document with its 附件N mark,
    a Word or Excel file listed in the 附件说明 and sent with the document. Frozen with the document."""

    document = models.ForeignKey(Document, verbose_name=_("公文"), on_delete=models.CASCADE, related_name="annexes")
    position = models.PositiveSmallIntegerField(_("序号"), default=1)
    title = models.CharField(_("附件名称"), max_length=200)
    kind = models.CharField(_("类型"), max_length=10, choices=AnnexKind.choices, default=AnnexKind.TEXT)
    text = models.TextField(_("附件正文"), blank=True)
    file = models.FileField(_("附件文件"), upload_to=_annex_path, blank=True)
    file_name = models.CharField(_("原文件名"), max_length=200, blank=True)
    sha256 = models.CharField(_("文件摘要"), max_length=64, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")
        ordering = ["document", "position", "pk"]

    def __str__(self) -> str:
        return f"附件{self.position} {self.title}"

    def save(self, *args, **kwargs):
        self._refuse_if_signed()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._refuse_if_signed()
        return super().delete(*args, **kwargs)

    def _refuse_if_signed(self) -> None:
        if Document.objects.filter(pk=self.document_id, signed_at__isnull=False).exists():
            raise FrozenDocumentError(_("公文已签发，附件不能再修改。"))

    def digest_item(self) -> list[str]:
        text_digest = hashlib.sha256(self.text.encode()).hexdigest() if self.text else ""
        return [str(self.position), self.title, self.kind, text_digest, self.sha256]


def _pdf_path(job, filename: str) -> str:
    """Named by migration 0001 (the documents' own render job, now core.RenderJob); kept for it alone."""
    return f"documents/{filename}"
