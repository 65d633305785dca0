"""Background work of official documents: the receipt reminders (a thin wrapper). PDFs are core's render job."""

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
def receipt_reminders() -> int:
    """Hourly: reminds each unit that has not signed for a distributed document, once per round."""
    from .services import receipts_remind_due

    sent = receipts_remind_due()
    if sent:
        logger.info("receipt reminders sent: %s", sent)
    return sent
