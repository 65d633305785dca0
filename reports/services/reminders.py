"""The office's 催报: a reminder now, recorded in the one ledger (the schedule is in reports/reminders.py)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from committee.services import reminder_notify
from committee.workflow import perform
from core.reminders import remind

from ..models import AnnualReport
from ..reminders import DEADLINE, reminder_message, report_people
from .workflow import _lock


@transaction.atomic
def report_remind(*, by, report: AnnualReport) -> bool:
    """One click on the status board: the office reminds a unit now (once a minute at most)."""
    report = _lock(report)
    capacity = perform(report, "remind", by)
    now = timezone.now()
    key = f"manual-{timezone.localtime(now):%Y%m%d%H%M}"
    message = reminder_message(report, key, now)
    reminded = remind(
        DEADLINE,
        report,
        key,
        report_people(report),
        lambda fresh: reminder_notify(fresh, message),
        sent_by=capacity.appointment,
    )
    return bool(reminded)
