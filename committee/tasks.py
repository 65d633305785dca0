"""Background work of the committee app; thin wrappers around services."""

from __future__ import annotations

import logging

from celery import shared_task

logger = logging.getLogger(__name__)


@shared_task(
    autoretry_for=(ConnectionError, OSError),
    retry_backoff=True,
    retry_jitter=True,
    max_retries=8,
    soft_time_limit=50,
    time_limit=60,
)
def notification_deliver(notification_id: int) -> bool:
    """E-mails one notification; harmless to run twice (it is sent once)."""
    from .services import notification_deliver as deliver

    return deliver(notification_id=notification_id)
