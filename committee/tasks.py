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


@shared_task(ignore_result=True, soft_time_limit=50, time_limit=60)
def notification_digests_queue() -> int:
    """Hourly (committee/schedule.py): writes an outbox row for each person whose daily digest is due."""
    from .services import notification_digests_queue as queue

    return queue()


@shared_task(
    autoretry_for=(ConnectionError, OSError),
    retry_backoff=True,
    retry_jitter=True,
    max_retries=8,
    soft_time_limit=110,
    time_limit=120,
)
def notifications_deliver(notification_ids: list[int]) -> int:
    """E-mails a chunk of notifications (a run of the reminder schedule); harmless to run twice."""
    from .services import notifications_deliver as deliver

    return deliver(notification_ids=notification_ids)


@shared_task(
    autoretry_for=(ConnectionError, OSError),
    retry_backoff=True,
    retry_jitter=True,
    max_retries=8,
    soft_time_limit=50,
    time_limit=60,
)
def notification_digest_send(person_id: int, until: str) -> int:
    """E-mails one person's digest; harmless to run twice (each notification is sent once)."""
    from .services import notification_digest_send as send

    return send(person_id=person_id, until=until)
