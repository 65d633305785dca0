"""Meeting reminders at their offsets and the Art 21 office-meeting reminder: each sent once, however often the
beat runs the task."""

from __future__ import annotations

import datetime

import pytest
from django.test import override_settings
from django.utils import timezone

from committee.models import Notification
from core.models import ReminderSent
from core.reminders import reminders_send
from meetings import services
from meetings.models import MeetingKind
from meetings.reminders import MEETING, OFFICE_MEETING
from meetings.tests import factories as f


def meeting_reminders_send(now=None) -> int:
    return reminders_send(now=now, kinds=[MEETING])


def office_meeting_reminders_send(today: datetime.date) -> int:
    moment = timezone.make_aware(datetime.datetime.combine(today, datetime.time(9, 5)))
    return reminders_send(now=moment, kinds=[OFFICE_MEETING])


def offsets(meeting) -> list[int]:
    keys = ReminderSent.objects.filter(kind=MEETING, subject_id=meeting.pk).values_list("key", flat=True)
    return [int(key.split("@")[0]) for key in keys]


def reminders_to(users, username: str) -> list[str]:
    return list(
        Notification.objects.filter(recipient__user=users[username], subject__startswith="会议提醒").values_list(
            "subject", flat=True
        )
    )


@pytest.fixture
def notified(staffed, users):
    """Notified today for a meeting five days ahead: the 3-day and 1-day reminders are still to come."""
    meeting = f.schedule(users, staffed, starts_at=f.at(5, 9), units=("fulian",), persons=("office_director",))
    return services.meeting_notify(by=users["office_staff"], meeting=meeting)


def test_each_reminder_is_sent_once_per_person_and_offset_even_if_the_task_runs_twice(staffed, users, notified):
    assert meeting_reminders_send() == 0  # five days ahead: nothing due yet
    three_days_before = notified.starts_at - datetime.timedelta(days=3) + datetime.timedelta(minutes=5)
    first = meeting_reminders_send(now=three_days_before)
    again = meeting_reminders_send(now=three_days_before + datetime.timedelta(hours=1))
    assert first == 4 and again == 0  # chair, office director, the unit's member and liaison
    assert len(reminders_to(users, "liaison-fulian")) == 1
    one_day_before = notified.starts_at - datetime.timedelta(days=1) + datetime.timedelta(minutes=5)
    assert meeting_reminders_send(now=one_day_before) == 4
    assert meeting_reminders_send(now=one_day_before) == 0
    assert len(reminders_to(users, "liaison-fulian")) == 2
    assert set(offsets(notified)) == {3, 1}


def test_the_schedule_itself_sends_once(staffed, users):
    meeting = f.schedule(users, staffed, starts_at=timezone.now() + datetime.timedelta(hours=20), persons=())
    services.meeting_notify(by=users["office_staff"], meeting=meeting)
    # Notified a few hours before the 1-day mark: the 3-day reminder is skipped, the 1-day one is due.
    Notification.objects.all().delete()
    from meetings.models import Meeting

    Meeting.objects.filter(pk=meeting.pk).update(notice_sent_at=timezone.now() - datetime.timedelta(hours=10))
    assert meeting_reminders_send() == 3
    assert meeting_reminders_send() == 0
    assert offsets(meeting) == [1, 1, 1]


def test_an_offset_already_past_when_the_notice_went_out_is_skipped(staffed, users):
    meeting = f.schedule(users, staffed, starts_at=f.at(2, 15), persons=())
    services.meeting_notify(by=users["office_staff"], meeting=meeting)
    assert meeting_reminders_send(now=timezone.now() + datetime.timedelta(minutes=1)) == 0


@override_settings(MEETING_REMINDER_DAYS=(7,))
def test_offsets_come_from_the_settings(staffed, users):
    meeting = f.schedule(users, staffed, starts_at=f.at(10, 9), persons=())
    services.meeting_notify(by=users["office_staff"], meeting=meeting)
    assert meeting_reminders_send(now=meeting.starts_at - datetime.timedelta(days=7, minutes=-1)) == 3
    assert meeting_reminders_send(now=meeting.starts_at - datetime.timedelta(hours=12)) == 0


def test_a_moved_meeting_is_reminded_again_for_its_new_time(staffed, users, notified):
    moment = notified.starts_at - datetime.timedelta(days=1) + datetime.timedelta(minutes=5)
    assert meeting_reminders_send(now=moment) == 4
    services.meeting_update(
        by=users["office_staff"],
        meeting=notified,
        title=notified.title,
        starts_at=notified.starts_at + datetime.timedelta(days=1),
        location=notified.location,
        chair=f.person(users, "director"),
    )
    notified.refresh_from_db()
    later = notified.starts_at - datetime.timedelta(days=1) + datetime.timedelta(minutes=5)
    assert meeting_reminders_send(now=later) == 4


def test_a_cancelled_meeting_is_not_reminded(staffed, users, notified):
    services.meeting_cancel(by=users["office_staff"], meeting=notified, reason="改期另定")
    assert meeting_reminders_send(now=notified.starts_at - datetime.timedelta(hours=2)) == 0


# Art 21: the office meets at least once a year.


def office_reminders(users) -> int:
    return Notification.objects.filter(
        recipient__user=users["office_director"], subject__contains="尚未安排委员会办公室会议"
    ).count()


@override_settings(OFFICE_MEETING_REMINDER_DATE="10-01")
def test_the_office_director_is_reminded_once_a_year_after_the_date(staffed, users):
    year = timezone.localdate().year
    assert office_meeting_reminders_send(today=datetime.date(year, 9, 30)) == 0
    assert office_meeting_reminders_send(today=datetime.date(year, 10, 1)) == 1
    assert office_meeting_reminders_send(today=datetime.date(year, 10, 2)) == 0
    assert office_reminders(users) == 1
    assert ReminderSent.objects.filter(kind=OFFICE_MEETING, subject_id=staffed.pk, key=str(year)).count() == 1


def test_no_reminder_when_an_office_meeting_is_scheduled_this_year(staffed, users):
    today = timezone.localdate()
    starts = datetime.datetime.combine(
        today.replace(month=12, day=15), datetime.time(9), tzinfo=timezone.get_current_timezone()
    )
    if starts < timezone.now():
        starts = timezone.now() + datetime.timedelta(hours=2)
    f.schedule(users, staffed, kind=MeetingKind.OFFICE, starts_at=starts)
    with override_settings(OFFICE_MEETING_REMINDER_DATE="01-01"):
        assert office_meeting_reminders_send(timezone.localdate()) == 0
        assert office_reminders(users) == 0


def test_the_compliance_years(staffed, users):
    from meetings.selectors import office_meeting_years

    meeting, _minutes, _decisions = f.approved_meeting(users, staffed, kind=MeetingKind.OFFICE, days=-3)
    years = office_meeting_years(staffed)
    this_year = years[0]
    local_year = timezone.localtime(meeting.starts_at).year
    row = next(row for row in years if row.year == local_year)
    assert row.status == "held" and row.held == [meeting]
    assert years[-1].year == staffed.effective_on.year and years[-1].status == "missing"
    assert this_year.year == timezone.localdate().year
