"""Reminders of a report's deadline on the cycle's schedule, each sent once (Art 22)."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from committee.authority import Action, require
from committee.numerals import chinese_date
from committee.services import notification_send

from ..models import (
    EDITABLE_STATES,
    AnnualReport,
    Reminder,
    ReportCycle,
)
from ..selectors import unit_people
from .workflow import _link, _lock, _names


def due_reminder_key(cycle: ReportCycle, today: datetime.date) -> str | None:
    """The reminder of the cycle's schedule due today, if any: the latest "before" date reached since the
    opening, or the week after the deadline. Reminders missed while the beat was down are not all sent at once."""
    if today > cycle.deadline:
        if not cycle.remind_weekly_after:
            return None
        return f"after-{((today - cycle.deadline).days - 1) // 7 + 1}"
    opened = timezone.localdate(cycle.opened_at)
    due = [days for days in cycle.reminder_days if opened < cycle.deadline - datetime.timedelta(days=days) <= today]
    return f"before-{min(due)}" if due else None


def _reminder_text(report: AnnualReport, today: datetime.date) -> tuple[str, str]:
    cycle = report.cycle
    if today > cycle.deadline:
        return (
            _("%(unit)s%(year)s年度书面报告已逾期，请尽快报送") % {"unit": report.unit.short_name, "year": cycle.year},
            _("报送截止日期为%(deadline)s。") % {"deadline": chinese_date(cycle.deadline)},
        )
    return (
        _("提醒：请于%(deadline)s前报送%(year)s年度书面报告")
        % {"deadline": chinese_date(cycle.deadline), "year": cycle.year},
        _("距截止还有%(days)s天。") % {"days": (cycle.deadline - today).days},
    )


def _send_reminder(report: AnnualReport, key: str, today: datetime.date, sent_by=None) -> bool:
    """Records the reminder and sends it, once: a second attempt with the same key finds the row and stops."""
    people = unit_people([report.unit_id]).get(report.unit_id, [])
    try:
        with transaction.atomic():
            Reminder.objects.create(report=report, key=key, sent_by=sent_by, recipients=_names(people))
    except IntegrityError:
        return False
    subject, body = _reminder_text(report, today)
    if people:
        notification_send(recipients=people, subject=subject, body=body, link=_link(report))
    return True


@transaction.atomic
def reminders_send_due(*, now: datetime.datetime | None = None) -> int:
    """Sends each report still with its unit the reminder its cycle's schedule makes due; returns how many.

    Harmless to run twice: each (report, reminder) is recorded once. A report the unit has submitted
    gets none.
    """
    today = timezone.localdate(now or timezone.now())
    sent = 0
    reports = AnnualReport.objects.filter(state__in=EDITABLE_STATES).select_related("cycle", "unit")
    for report in reports:
        key = due_reminder_key(report.cycle, today)
        if key and _send_reminder(report, key, today):
            sent += 1
    return sent


@transaction.atomic
def report_remind(*, by, report: AnnualReport) -> bool:
    """One click on the status board: the office reminds a unit now (once a minute at most)."""
    report = _lock(report)
    capacity = require(by, Action.MANAGE_COMMITTEE, report)
    if report.state not in EDITABLE_STATES:
        raise ValidationError(_("报告%(state)s，无需催报。") % {"state": report.get_state_display()})
    now = timezone.now()
    key = f"manual-{timezone.localtime(now):%Y%m%d%H%M}"
    return _send_reminder(report, key, timezone.localdate(now), sent_by=capacity.appointment)
