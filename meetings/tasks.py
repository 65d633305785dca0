"""Background work of meetings; thin wrappers around services, harmless to run twice."""

from __future__ import annotations

import logging

from celery import shared_task
from django.db import OperationalError

logger = logging.getLogger(__name__)

RETRY = {
    "autoretry_for": (ConnectionError, OperationalError),
    "retry_backoff": True,
    "retry_jitter": True,
    "max_retries": 5,
    "soft_time_limit": 240,
    "time_limit": 300,
}


@shared_task(**RETRY)
def meeting_reminders_send() -> int:
    """Hourly: invitees are reminded 3 and 1 days before a meeting (configurable), each once."""
    from .services import meeting_reminders_send as send

    sent = send()
    if sent:
        logger.info("meeting reminders sent: %s", sent)
    return sent


@shared_task(**RETRY)
def office_meeting_check() -> int:
    """Daily, Art 21: remind the office director once a year if no office meeting is scheduled by the set date."""
    from .services import office_meeting_reminders_send as send

    return send()
