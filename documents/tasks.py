"""Background work of official documents: the PDF render and the receipt reminders (thin wrappers)."""

from __future__ import annotations

import datetime
import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded

logger = logging.getLogger(__name__)


@shared_task(
    autoretry_for=(OSError, ConnectionError, SoftTimeLimitExceeded),
    retry_backoff=True,
    retry_jitter=True,
    max_retries=3,
    soft_time_limit=120,
    time_limit=150,
)
def document_render(job_id: int) -> str:
    """Renders one document's PDF; harmless to run twice (a finished job is not rendered again).

    A failure is written on the job (status failed, the error, the attempt count) before it is raised,
    so that the office sees it; passing failures (I/O, time limit) are retried with backoff.
    """
    from .rendering import render_job_run

    outcome = render_job_run(job_id=job_id)
    logger.info("render job %s: %s", job_id, outcome)
    return outcome


@shared_task(
    autoretry_for=(ConnectionError,),
    retry_backoff=True,
    retry_jitter=True,
    max_retries=5,
    soft_time_limit=240,
    time_limit=300,
)
def receipt_reminders() -> int:
    """Hourly: reminds each unit that has not signed for a distributed document, once per round."""
    from .services import receipts_remind_due

    sent = receipts_remind_due()
    if sent:
        logger.info("receipt reminders sent: %s", sent)
    return sent


@shared_task(
    autoretry_for=(ConnectionError,),
    retry_backoff=True,
    retry_jitter=True,
    max_retries=5,
    soft_time_limit=50,
    time_limit=60,
)
def render_jobs_resume() -> int:
    """Every ten minutes: sends again the jobs whose message was lost (queued for long) or whose worker died
    (rendering for longer than a render may take)."""
    from django.db.models import Q
    from django.utils import timezone

    from .models import RenderJob, RenderStatus
    from .rendering import STALE_AFTER

    now = timezone.now()
    stuck = list(
        RenderJob.objects.filter(
            Q(status=RenderStatus.QUEUED, queued_at__lt=now - datetime.timedelta(minutes=10))
            | Q(status=RenderStatus.RENDERING, started_at__lt=now - STALE_AFTER)
        ).values_list("pk", flat=True)
    )
    for job_id in stuck:
        document_render.delay(job_id)
    return len(stuck)
