"""The office's 催报: a reminder now, recorded in the one ledger (the schedule is in reports/reminders.py)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from committee.authority import Action, require
from committee.services import reminder_notify
from core.reminders import remind

from ..models import EDITABLE_STATES, AnnualReport
from ..reminders import DEADLINE, reminder_message, report_people
from .workflow import _lock


@transaction.atomic
def report_remind(*, by, report: AnnualReport) -> bool:
    """One click on the status board: the office reminds a unit now (once a minute at most)."""
    report = _lock(report)
    capacity = require(by, Action.MANAGE_COMMITTEE, report)
    if report.state not in EDITABLE_STATES:
        raise ValidationError(_("报告%(state)s，无需催报。") % {"state": report.get_state_display()})
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
