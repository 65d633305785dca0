"""Background work of the committee app; thin wrappers around services."""

from __future__ import annotations

import logging

from celery import shared_task

logger = logging.getLogger(__name__)


@shared_task(autoretry_for=(ConnectionError,), retry_backoff=True, retry_jitter=True, max_retries=5, time_limit=300)
def permissions_sync() -> dict[str, int]:
    """Hourly: appointments that started or ended by date gain or lose their object permissions."""
    from .permissions import permissions_sync_all

    granted, revoked = permissions_sync_all()
    if granted or revoked:
        logger.info("object permissions synced: %s granted, %s revoked", granted, revoked)
    return {"granted": granted, "revoked": revoked}


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
