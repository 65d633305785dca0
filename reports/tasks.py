"""Background work of the annual reports: reminders on the cycle's schedule. PDFs are core's render job."""

from __future__ import annotations

import logging

from celery import shared_task

logger = logging.getLogger(__name__)


@shared_task(
    autoretry_for=(ConnectionError,),
    retry_backoff=True,
    retry_jitter=True,
    max_retries=5,
    soft_time_limit=240,
    time_limit=300,
)
def reminders_send() -> int:
    """Hourly: the reminders each cycle's schedule makes due; each is sent once, and none after submission."""
    from .services import reminders_send_due

    sent = reminders_send_due()
    if sent:
        logger.info("report reminders sent: %s", sent)
    return sent
