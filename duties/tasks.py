"""Background work of follow-up tasks; thin wrappers around services."""

from __future__ import annotations

import logging

from celery import shared_task
from django.db import OperationalError

logger = logging.getLogger(__name__)


@shared_task(
    autoretry_for=(ConnectionError, OperationalError),
    retry_backoff=True,
    retry_jitter=True,
    max_retries=5,
    soft_time_limit=240,
    time_limit=300,
)
def task_reminders_send() -> int:
    """Daily: reminders before and after task deadlines; harmless to run twice (each is sent once)."""
    from .services import task_reminders_send as send

    sent = send()
    if sent:
        logger.info("task reminders sent: %s", sent)
    return sent
