"""Reminders of a report's deadline on its cycle's schedule (Art 22), declared to the one reminder schedule.

A report still with its unit (draft or returned) is reminded on the days before the deadline the cycle sets
(14 and 3 by default), and weekly after it if the cycle says so; the opening notice and the office's
"催报" clicks are recorded in the same ledger. A submitted report gets none.
"""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_noop

from committee.services import reminder_notify, reminder_notify_many
from core.reminders import Message, register_reminder
from core.wording import Phrase

from .models import EDITABLE_STATES, AnnualReport, ReportCycle
from .selectors import unit_people

DEADLINE = "reports.deadline"


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


def reminder_message(report: AnnualReport, key: str, now: datetime.datetime) -> Message:
    cycle, today = report.cycle, timezone.localdate(now)
    link = reverse("reports:report", kwargs={"pk": report.pk})
    if today > cycle.deadline:
        return Message(
            Phrase(
                gettext_noop("%(unit)s%(year)s年度书面报告已逾期，请尽快报送"),
                unit=report.unit.short_name,
                year=cycle.year,
            ),
            Phrase(gettext_noop("报送截止日期为%(deadline)s。"), deadline=cycle.deadline),
            link,
            action=Phrase(gettext_noop("报送年度书面报告")),
            deadline=cycle.deadline,
        )
    return Message(
        Phrase(
            gettext_noop("提醒：请于%(deadline)s前报送%(year)s年度书面报告"), deadline=cycle.deadline, year=cycle.year
        ),
        Phrase(gettext_noop("距截止还有%(days)s天。"), days=(cycle.deadline - today).days),
        link,
        action=Phrase(gettext_noop("报送年度书面报告")),
        deadline=cycle.deadline,
    )


def report_people(report: AnnualReport, key: str = ""):
    """The unit's liaison and head in force: who reports and confirms."""
    return unit_people([report.unit_id]).get(report.unit_id, [])


register_reminder(
    DEADLINE,
    subjects=lambda now: AnnualReport.objects.filter(state__in=EDITABLE_STATES).select_related("cycle", "unit"),
    key=lambda report, now: due_reminder_key(report.cycle, timezone.localdate(now)),
    recipients=report_people,
    message=reminder_message,
    send=reminder_notify,
    audience=lambda report, key: report.unit_id,
    send_many=reminder_notify_many,
    # Office hours, twice in case the first run was missed; each reminder is sent once either way.
    hours=(9, 15),
)
