"""Reminders follow the cycle's schedule, are sent once each, and stop when the report is submitted."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from committee.models import Notification
from core.models import ReminderSent
from core.reminders import reminders_send
from reports.models import ReportCycle
from reports.reminders import DEADLINE, due_reminder_key


def sent(**lookup):
    return ReminderSent.objects.filter(kind=DEADLINE, **lookup)


def units_reminded() -> int:
    """Runs the report schedule now (the hour aside) and counts the reports reminded."""
    before = set(sent().values_list("subject_id", "key"))
    reminders_send(kinds=[DEADLINE])
    return len(set(sent().values_list("subject_id", "key")) - before)


def _at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 0)))


def _cycle(opened: datetime.date, deadline: datetime.date, days="14,3", weekly=True) -> ReportCycle:
    return ReportCycle(
        year=deadline.year,
        deadline=deadline,
        opened_at=_at(opened),
        remind_days_before=days,
        remind_weekly_after=weekly,
    )


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        ("2026-03-01", None),  # the day of opening: the opening notice is the reminder
        ("2026-03-16", None),
        ("2026-03-17", "before-14"),  # 14 days before the 31st
        ("2026-03-27", "before-14"),
        ("2026-03-28", "before-3"),
        ("2026-03-31", "before-3"),  # the deadline itself
        ("2026-04-01", "after-1"),  # the day after
        ("2026-04-07", "after-1"),
        ("2026-04-08", "after-2"),  # a week later
        ("2026-04-15", "after-3"),
    ],
)
def test_schedule(today, expected):
    cycle = _cycle(datetime.date(2026, 3, 1), datetime.date(2026, 3, 31))
    assert due_reminder_key(cycle, datetime.date.fromisoformat(today)) == expected


def test_a_reminder_date_before_the_opening_is_skipped():
    cycle = _cycle(datetime.date(2026, 3, 25), datetime.date(2026, 3, 31))
    assert due_reminder_key(cycle, datetime.date(2026, 3, 26)) is None
    assert due_reminder_key(cycle, datetime.date(2026, 3, 28)) == "before-3"


def test_no_weekly_reminders_when_switched_off():
    cycle = _cycle(datetime.date(2026, 3, 1), datetime.date(2026, 3, 31), weekly=False)
    assert due_reminder_key(cycle, datetime.date(2026, 4, 10)) is None


def test_the_reminder_task_run_twice_sends_once_and_none_after_submission(
    open_cycle, report_of, users, to_office, monkeypatch
):
    cycle = open_cycle(deadline_in=10)  # "14 days before" is already past: the next is 3 days before
    submitted = to_office(report_of(cycle, "gonghui"))
    assert submitted.state == "submitted"
    three_days_before = cycle.deadline - datetime.timedelta(days=3)
    monkeypatch.setattr(timezone, "now", lambda: _at(three_days_before))
    before = Notification.objects.count()
    assert units_reminded() == 13
    assert units_reminded() == 0  # run twice: nothing more
    assert sent(key="before-3").values("subject_id").distinct().count() == 13
    assert not sent(subject_id=submitted.pk, key="before-3").exists()
    fulian = Notification.objects.filter(recipient__user__username="liaison-fulian", subject__startswith="提醒")
    assert fulian.count() == 1
    assert Notification.objects.count() - before == 26  # a liaison and a head for each of 13 units
    assert not Notification.objects.filter(
        recipient__user__username="liaison-gonghui", subject__startswith="提醒"
    ).exists()


def test_weekly_reminders_after_the_deadline_once_a_week(open_cycle, report_of, monkeypatch):
    cycle = open_cycle(deadline_in=1)
    day_after = cycle.deadline + datetime.timedelta(days=1)
    monkeypatch.setattr(timezone, "now", lambda: _at(day_after))
    assert units_reminded() == 14
    monkeypatch.setattr(timezone, "now", lambda: _at(day_after + datetime.timedelta(days=3)))
    assert units_reminded() == 0
    monkeypatch.setattr(timezone, "now", lambda: _at(day_after + datetime.timedelta(days=7)))
    assert units_reminded() == 14
    keys = set(sent(subject_id=report_of(cycle, "fulian").pk).values_list("key", flat=True))
    assert keys == {"opening", "after-1", "after-2"}
    overdue = Notification.objects.filter(recipient__user__username="liaison-fulian", subject__contains="已逾期")
    assert overdue.count() == 2


def test_one_click_reminder_from_the_board(cycle, report_of, login):
    report = report_of(cycle, "fulian")
    client = login("office_staff")
    url = reverse("reports:step", args=[report.pk, "remind"])
    response = client.post(url)
    assert response.status_code == 302 and response.url == cycle.get_absolute_url()
    again = client.post(url, follow=True)
    assert "一分钟内已提醒过该单位" in again.content.decode()
    manual = sent(subject_id=report.pk, key__startswith="manual-")
    assert manual.values("key").distinct().count() == 1
    assert {row.sent_by.person.user.username for row in manual} == {"office_staff"}
    board = client.get(cycle.get_absolute_url()).content.decode()
    assert timezone.localtime(manual.first().sent_at).strftime("%H:%M") in board
    assert login("liaison-fulian").post(url).status_code == 200  # refused, shown on the report's page
    assert manual.values("key").distinct().count() == 1
