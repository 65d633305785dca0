"""The base layer's records: side effects waiting to be relayed, PDFs being rendered, reminders sent.

Every workflow app writes these through `core.outbox`, `core.rendering` and `core.reminders`; none keeps a
copy of its own. They know nothing of the committee's rules: subjects are generic foreign keys.
"""

from __future__ import annotations

from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutboxMessage(models.Model):
    """A side effect (an e-mail, a render, a fan-out) written in the same transaction as the change causing it.

    A relay hands it to Celery after commit, and again from the beat while the broker is down; the tasks it
    names are harmless to run twice, so a message relayed twice still has its effect once.
    """

    task = models.CharField(_("任务"), max_length=200)
    kwargs = models.JSONField(_("参数"), default=dict)
    queue = models.CharField(_("队列"), max_length=60, blank=True)
    created_at = models.DateTimeField(_("写入时间"), default=timezone.now, db_index=True)
    relayed_at = models.DateTimeField(_("转交时间"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("转交次数"), default=0)
    last_error = models.TextField(_("最近错误"), blank=True)

    class Meta:
        verbose_name = _("待发事务")
        verbose_name_plural = _("待发事务")
        ordering = ["pk"]
        indexes = [
            models.Index(fields=["created_at"], condition=Q(relayed_at=None), name="outbox_pending"),
        ]

    def __str__(self) -> str:
        return f"{self.task} #{self.pk}"


class RenderStatus(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RENDERING = "rendering", _("生成中")
    DONE = "done", _("已生成")
    FAILED = "failed", _("生成失败")


def _render_path(job: RenderJob, filename: str) -> str:
    from .rendering import renderer_for

    return renderer_for(job.kind).path(job)


class RenderJob(models.Model):
    """One PDF of one object (a signed document, an accepted report, a compilation), rendered in the background.

    Its state is what the pages show while it is queued or rendering; a job that is done is not rendered again
    unless asked, and one whose worker died is taken up again (see `core.rendering`).
    """

    kind = models.CharField(_("类别"), max_length=60)
    subject_type = models.ForeignKey(
        ContentType, verbose_name=_("对象类型"), on_delete=models.CASCADE, related_name="+"
    )
    subject_id = models.PositiveBigIntegerField(_("对象编号"))
    subject = GenericForeignKey("subject_type", "subject_id")
    status = models.CharField(_("状态"), max_length=12, choices=RenderStatus.choices, default=RenderStatus.QUEUED)
    error = models.TextField(_("错误信息"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    queued_at = models.DateTimeField(_("排队时间"), default=timezone.now)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    pdf = models.FileField(_("PDF 文件"), upload_to=_render_path, max_length=300, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    size_bytes = models.PositiveIntegerField(_("文件大小"), null=True, blank=True)
    pages = models.PositiveIntegerField(_("页数"), null=True, blank=True)
    duration_ms = models.PositiveIntegerField(_("生成用时（毫秒）"), null=True, blank=True)
    extra = models.JSONField(_("附加信息"), default=dict, blank=True)

    class Meta:
        verbose_name = _("PDF 生成任务")
        verbose_name_plural = _("PDF 生成任务")
        ordering = ["-queued_at"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "subject_type", "subject_id"], name="render_job_one_per_subject"),
            models.CheckConstraint(
                condition=~Q(status="done") | (~Q(sha256="") & ~Q(pdf="")), name="render_job_done_has_file"
            ),
            models.CheckConstraint(condition=~Q(status="failed") | ~Q(error=""), name="render_job_failure_has_error"),
        ]
        indexes = [models.Index(fields=["subject_type", "subject_id"], name="render_job_subject")]

    def __str__(self) -> str:
        return f"{self.kind}:{self.subject_id} · {self.get_status_display()}"

    @property
    def is_ready(self) -> bool:
        return self.status == RenderStatus.DONE and bool(self.pdf)

    @property
    def is_pending(self) -> bool:
        return self.status in {RenderStatus.QUEUED, RenderStatus.RENDERING}

    @property
    def is_failed(self) -> bool:
        return self.status == RenderStatus.FAILED


class Rendered(models.Model):
    """A model whose rows get a PDF through the render job (one kind per model): `obj.render_job` is it.

    Lists prefetch `render_jobs`, so that showing each row's state costs one query for the page.
    """

    render_jobs = GenericRelation(RenderJob, content_type_field="subject_type", object_id_field="subject_id")

    class Meta:
        abstract = True

    @property
    def render_job(self) -> RenderJob | None:
        return next(iter(self.render_jobs.all()), None)


class ReminderSent(models.Model):
    """The ledger of reminders: one row per (subject, recipient, reminder key), so each is sent once.

    The key says which reminder of the subject it was (`before-3@2026-12-01`, `round-2`, `manual-202611301030`):
    a second run of the schedule, a restarted beat or two workers at once find the row and send nothing.
    """

    kind = models.CharField(_("提醒类别"), max_length=60)
    subject_type = models.ForeignKey(
        ContentType, verbose_name=_("对象类型"), on_delete=models.CASCADE, related_name="+"
    )
    subject_id = models.PositiveBigIntegerField(_("对象编号"))
    subject = GenericForeignKey("subject_type", "subject_id")
    recipient = models.ForeignKey(
        "committee.Person", verbose_name=_("收件人"), on_delete=models.CASCADE, related_name="reminders_received"
    )
    key = models.CharField(_("提醒批次"), max_length=80)
    sent_at = models.DateTimeField(_("发送时间"), default=timezone.now)
    sent_by = models.ForeignKey(
        "committee.Appointment",
        verbose_name=_("催办人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Which run of the schedule wrote the row: a run inserts its rows skipping those already there, then reads
    # back the ones bearing its token, which are the reminders it is to send (`core.reminders.remind_many`).
    run = models.UUIDField(_("发送批次"), null=True, blank=True, editable=False, db_index=True)

    class Meta:
        verbose_name = _("提醒记录")
        verbose_name_plural = _("提醒记录")
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "subject_type", "subject_id", "recipient", "key"], name="reminder_ledger_once"
            )
        ]
        indexes = [models.Index(fields=["subject_type", "subject_id"], name="reminder_subject")]

    def __str__(self) -> str:
        return f"{self.kind}:{self.subject_id}:{self.recipient_id}:{self.key}"
