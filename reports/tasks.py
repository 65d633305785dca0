"""Background work of the annual reports: reminders on the cycle's schedule, and the PDFs."""

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


@shared_task(
    autoretry_for=(OSError,),
    retry_backoff=True,
    retry_jitter=True,
    max_retries=3,
    soft_time_limit=170,
    time_limit=200,
)
def report_pdf_render(report_id: int) -> bool:
    """Renders an accepted report's PDF; a report gone or already rendered is left alone."""
    from .services import report_pdf_render as render

    return render(report_id=report_id)


@shared_task(
    autoretry_for=(OSError,),
    retry_backoff=True,
    retry_jitter=True,
    max_retries=3,
    soft_time_limit=280,
    time_limit=320,
)
def compilation_render(cycle_id: int) -> bool:
    """Renders the annual compilation (年度履职情况汇编) of the cycle's accepted reports."""
    from .services import compilation_render as render

    return render(cycle_id=cycle_id)
