"""Background work of the base layer: the outbox relay, the render job, and the reminder schedule (thin)."""

from __future__ import annotations

import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded

logger = logging.getLogger(__name__)


@shared_task(ignore_result=True, soft_time_limit=50, time_limit=60)
def outbox_relay() -> int:
    """Every few seconds: hands to the broker what was written while it was down (or before a nudge ran)."""
    from .outbox import outbox_relay as relay

    return relay()


@shared_task(ignore_result=True, soft_time_limit=240, time_limit=300)
def outbox_prune() -> int:
    from .outbox import outbox_prune as prune

    return prune()


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OSError, ConnectionError, SoftTimeLimitExceeded),
    retry_backoff=True,
    retry_jitter=True,
    max_retries=3,
    soft_time_limit=300,
    time_limit=330,
)
def render_job_run(job_id: int) -> str:
    """Renders one PDF; harmless to run twice (a finished job is not rendered again, one under way is left
    to its worker). The message is acknowledged only after the render, so a worker killed mid-render leaves
    it for the broker to deliver again after the visibility timeout; `render_jobs_resume` covers brokers
    without one. A failure is written on the job before it is raised, so the office sees it."""
    from .rendering import render_job_run as run

    outcome = run(job_id=job_id)
    logger.info("render job %s: %s", job_id, outcome)
    return outcome


@shared_task(ignore_result=True, soft_time_limit=50, time_limit=60)
def render_jobs_resume() -> int:
    """Every two minutes: render jobs of every kind whose worker died or whose message was lost."""
    from .rendering import render_jobs_resume as resume

    return resume()


@shared_task(
    autoretry_for=(ConnectionError,),
    retry_backoff=True,
    retry_jitter=True,
    max_retries=5,
    soft_time_limit=540,
    time_limit=600,
)
def reminders_send() -> int:
    """Hourly: every reminder the apps' declared schedules make due; each is sent once (the ledger)."""
    from .reminders import reminders_send as send

    return send()
