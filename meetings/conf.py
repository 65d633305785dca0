"""The meeting settings an installation may change, with their defaults."""

from __future__ import annotations

import datetime

from django.conf import settings


def reminder_days() -> tuple[int, ...]:
    """Days before a meeting on which invitees are reminded (setting MEETING_REMINDER_DAYS, default 3 and 1)."""
    return tuple(sorted({int(days) for days in getattr(settings, "MEETING_REMINDER_DAYS", (3, 1))}, reverse=True))


def comment_days() -> int:
    """How long attendees may comment on draft minutes, by default (setting MINUTES_COMMENT_DAYS)."""
    return int(getattr(settings, "MINUTES_COMMENT_DAYS", 3))


def office_meeting_due(year: int) -> datetime.date:
    """Art 21: by this date of each year an office meeting should be scheduled, else the office director is
    reminded (setting OFFICE_MEETING_REMINDER_DATE as "MM-DD", default "10-01")."""
    month, day = (int(part) for part in str(getattr(settings, "OFFICE_MEETING_REMINDER_DATE", "10-01")).split("-"))
    return datetime.date(year, month, day)
