"""One render job for every PDF: queued through the outbox, claimed by one worker, stored with its SHA-256.

An app declares what it renders with `register_renderer` (in its `renderers.py`, loaded at start-up):
the kind, the model, a function that makes the PDF, a path for the file and, optionally, a check that
the object may be printed now. Everything else — the queue, the claim, retries, the failure shown to the
office, the recovery of a job whose worker died — is here, once.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from .models import RenderJob, RenderStatus
from .outbox import outbox_put

logger = logging.getLogger(__name__)

RENDER_TASK = "core.tasks.render_job_run"


@dataclass(frozen=True)
class Rendered:
    """What a renderer returns: the PDF, its page count if known, and anything to keep beside it."""

    pdf: bytes
    pages: int | None = None
    extra: dict | None = None


class RenderRefused(Exception):
    """The object may not be printed as it stands (not signed yet, its text changed since): a failure to show."""


@dataclass(frozen=True)
class Renderer:
    kind: str
    model: str
    render: Callable[[models.Model], Rendered]
    path: Callable[[RenderJob], str]
    check: Callable[[models.Model], None] | None = None
    may_view: Callable[[object, models.Model], bool] = lambda user, obj: False


_RENDERERS: dict[str, Renderer] = {}


def register_renderer(
    kind: str,
    *,
    model: str,
    render: Callable[[models.Model], Rendered],
    path: Callable[[RenderJob], str],
    check: Callable[[models.Model], None] | None = None,
    may_view: Callable[[object, models.Model], bool],
) -> Renderer:
    """Declares a kind of PDF: `render(obj)` makes it, `path(job)` names its file, `check(obj)` raises
    `RenderRefused` when the object may not be printed now, and `may_view(user, obj)` says who sees its
    state (the app asks the authority service; this layer knows no rules)."""
    renderer = Renderer(kind=kind, model=model, render=render, path=path, check=check, may_view=may_view)
    _RENDERERS[kind] = renderer
    return renderer


def renderer_for(kind: str) -> Renderer:
    return _RENDERERS[kind]


def stale_after() -> datetime.timedelta:
    """A job still rendering after this long was abandoned by a worker that died (above the task's time limit)."""
    return datetime.timedelta(seconds=getattr(settings, "RENDER_STALE_SECONDS", 420))


def render_job_of(kind: str, obj) -> RenderJob | None:
    return RenderJob.objects.filter(
        kind=kind, subject_type=ContentType.objects.get_for_model(obj), subject_id=obj.pk
    ).first()


def render_jobs_for(kind: str, objects) -> dict[int, RenderJob]:
    """The jobs of many objects of one kind, by object id, in one query (for lists)."""
    objects = list(objects)
    if not objects:
        return {}
    content_type = ContentType.objects.get_for_model(objects[0])
    jobs = RenderJob.objects.filter(kind=kind, subject_type=content_type, subject_id__in=[o.pk for o in objects])
    return {job.subject_id: job for job in jobs}


@transaction.atomic
def render_job_enqueue(kind: str, obj, *, again: bool = False) -> RenderJob:
    """Queues the object's PDF, once: a job that is done or under way is left alone unless `again` (asked by
    the office, or because the object changed). The task goes to the outbox, relayed after commit."""
    renderer_for(kind)  # an unknown kind fails here, in the request that asked, not in a worker
    content_type = ContentType.objects.get_for_model(obj)
    RenderJob.objects.get_or_create(kind=kind, subject_type=content_type, subject_id=obj.pk)
    job = RenderJob.objects.select_for_update().get(kind=kind, subject_type=content_type, subject_id=obj.pk)
    now = timezone.now()
    under_way = job.status == RenderStatus.RENDERING and job.started_at and now - job.started_at < stale_after()
    if under_way or (job.status == RenderStatus.DONE and not again):
        return job
    if job.status == RenderStatus.QUEUED and not again and _message_waiting(job):
        return job  # its message waits in the outbox already: one is enough
    job.status = RenderStatus.QUEUED
    job.queued_at = now
    job.error = ""
    job.save(update_fields=["status", "queued_at", "error"])
    outbox_put(RENDER_TASK, job_id=job.pk)
    return job


@transaction.atomic
def render_job_refresh(kind: str, obj) -> RenderJob | None:
    """What the object's PDF is made of has changed (a report accepted into a compilation): its job, if one was
    ever asked for, is queued again through the outbox, also when a render is under way, since that render may
    have read the object before the change (`render_job_run` then drops its result). Without a job nothing is
    queued: the first PDF is made when someone asks for it. A job already queued and waiting keeps its message,
    which renders the object as it is when a worker takes it."""
    renderer_for(kind)
    job = (
        RenderJob.objects.select_for_update()
        .filter(kind=kind, subject_type=ContentType.objects.get_for_model(obj), subject_id=obj.pk)
        .first()
    )
    if job is None:
        return None
    if job.status == RenderStatus.QUEUED and _message_waiting(job):
        return job
    job.status = RenderStatus.QUEUED
    job.queued_at = timezone.now()
    job.error = ""
    job.save(update_fields=["status", "queued_at", "error"])
    outbox_put(RENDER_TASK, job_id=job.pk)
    return job


def _message_waiting(job: RenderJob) -> bool:
    from .models import OutboxMessage

    return OutboxMessage.objects.filter(task=RENDER_TASK, kwargs__job_id=job.pk, relayed_at=None).exists()


def render_job_run(*, job_id: int) -> str:
    """Renders one job unless it is done already or another worker holds it; stores the file and its
    SHA-256, or the error. Returns what happened: done, already-done, busy, missing or superseded (taken up by
    another worker, or queued again because its object changed meanwhile)."""
    with transaction.atomic():
        job = RenderJob.objects.select_for_update().filter(pk=job_id).first()
        if job is None:
            return "missing"
        now = timezone.now()
        if job.status == RenderStatus.DONE and job.pdf and job.pdf.storage.exists(job.pdf.name):
            return "already-done"
        if job.status == RenderStatus.RENDERING and job.started_at and now - job.started_at < stale_after():
            return "busy"
        job.status = RenderStatus.RENDERING
        job.started_at = now
        job.finished_at = None
        job.attempts += 1
        job.save(update_fields=["status", "started_at", "finished_at", "attempts"])
    started_at, clock = job.started_at, time.monotonic()
    renderer = renderer_for(job.kind)
    try:
        subject = job.subject
        if subject is None:
            raise RenderRefused(f"{job.kind}:{job.subject_id} no longer exists")
        if renderer.check is not None:
            renderer.check(subject)
        rendered = renderer.render(subject)
    except Exception as exc:
        _fail(job_id, started_at, exc)
        raise
    with transaction.atomic():
        job = RenderJob.objects.select_for_update().filter(pk=job_id).first()
        # Another worker took the job up since, or it was queued again because its object changed while this
        # render ran (render_job_refresh): what this render made is out of date, and the queued message makes it anew.
        if job is None or job.started_at != started_at or job.status != RenderStatus.RENDERING:
            return "superseded"
        name = renderer.path(job)
        if job.pdf.storage.exists(name):
            job.pdf.storage.delete(name)
        job.pdf.save(name, ContentFile(rendered.pdf), save=False)
        job.sha256 = hashlib.sha256(rendered.pdf).hexdigest()
        job.size_bytes = len(rendered.pdf)
        job.pages = rendered.pages
        job.extra = rendered.extra or {}
        job.duration_ms = int((time.monotonic() - clock) * 1000)
        job.status = RenderStatus.DONE
        job.error = ""
        job.finished_at = timezone.now()
        job.save()
    return "done"


def _fail(job_id: int, started_at, exc: Exception) -> None:
    with transaction.atomic():
        job = RenderJob.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.started_at != started_at or job.status != RenderStatus.RENDERING:
            return
        job.status = RenderStatus.FAILED
        job.error = f"{type(exc).__name__}: {exc}"[:2000]
        job.finished_at = timezone.now()
        job.save(update_fields=["status", "error", "finished_at"])


def render_jobs_resume(*, now: datetime.datetime | None = None) -> int:
    """Queues again, through the outbox, every job whose worker died (rendering for longer than a render may
    take) or whose message was lost (queued, relayed, and still untouched after the stale time), of every kind."""
    from .models import OutboxMessage

    now = now or timezone.now()
    cutoff = now - stale_after()
    waiting = OutboxMessage.objects.filter(task=RENDER_TASK, relayed_at=None).values_list("kwargs__job_id", flat=True)
    stuck = list(
        RenderJob.objects.filter(
            Q(status=RenderStatus.RENDERING, started_at__lt=cutoff)
            | Q(status=RenderStatus.QUEUED, queued_at__lt=cutoff)
        )
        .exclude(pk__in=[pk for pk in waiting if pk is not None])
        .values_list("pk", flat=True)
    )
    with transaction.atomic():
        for job_id in stuck:
            outbox_put(RENDER_TASK, job_id=job_id)
        RenderJob.objects.filter(pk__in=stuck, status=RenderStatus.QUEUED).update(queued_at=now)
    if stuck:
        logger.info("render jobs taken up again: %s", stuck)
    return len(stuck)
