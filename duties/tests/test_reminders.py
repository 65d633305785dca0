"""Reminders before and after a task's deadline: at the configured offsets, each sent once."""

from __future__ import annotations

import datetime

import pytest
from django.test import override_settings
from django.utils import timezone

from committee.models import Notification
from core.models import ReminderSent
from core.reminders import reminders_send
from duties import services
from duties.models import FollowUpTask
from duties.reminders import TASK_DEADLINE
from meetings.tests import factories as f


@pytest.fixture
def task(staffed, users):
    _meeting, _minutes, (decision,) = f.approved_meeting(users, staffed)
    created = f.task(users, decision, "fulian", days=10)
    FollowUpTask.objects.filter(pk=created.pk).update(created_at=timezone.now() - datetime.timedelta(days=30))
    return created


def send_on(day: datetime.date) -> int:
    """Runs the task-deadline schedule as the beat would on that day, at nine in the morning."""
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))
    return reminders_send(now=moment, kinds=[TASK_DEADLINE])


def offsets(task) -> set[int]:
    keys = ReminderSent.objects.filter(kind=TASK_DEADLINE, subject_id=task.pk).values_list("key", flat=True)
    return {int(key.split("@")[0]) for key in keys}


def reminded(users, username: str) -> list[str]:
    return list(
        Notification.objects.filter(recipient__user=users[username], subject__startswith="督办").values_list(
            "subject", flat=True
        )
    )


def test_before_the_deadline_the_liaison_is_reminded_once_per_offset(users, task):
    day = task.deadline - datetime.timedelta(days=3)
    assert send_on(day - datetime.timedelta(days=1)) == 0
    assert send_on(day) == 1
    assert send_on(day) == 0  # the beat ran twice
    assert send_on(day + datetime.timedelta(days=1)) == 0  # still the 3-day reminder
    assert send_on(task.deadline - datetime.timedelta(days=1)) == 1
    subjects = reminded(users, "liaison-fulian")
    assert sum("将于3天后到期" in s for s in subjects) == 1 and sum("将于1天后到期" in s for s in subjects) == 1
    assert not any("到期" in s for s in reminded(users, "head-fulian"))


def test_after_the_deadline_the_liaison_and_the_member_are_reminded(users, task):
    day = task.deadline + datetime.timedelta(days=1)
    assert send_on(day) == 2
    assert send_on(day) == 0
    assert any("已逾期1天" in s for s in reminded(users, "head-fulian"))
    assert send_on(task.deadline + datetime.timedelta(days=7)) == 2
    assert offsets(task) == {-1, -7}


def test_the_schedule_run_twice_sends_once(users, task):
    FollowUpTask.objects.filter(pk=task.pk).update(deadline=timezone.localdate() + datetime.timedelta(days=1))
    assert reminders_send(kinds=[TASK_DEADLINE]) == 1
    assert reminders_send(kinds=[TASK_DEADLINE]) == 0
    assert ReminderSent.objects.filter(kind=TASK_DEADLINE, subject_id=task.pk).count() == 1


def test_the_hourly_beat_sends_task_reminders_in_the_morning_only(users, task):
    FollowUpTask.objects.filter(pk=task.pk).update(deadline=timezone.localdate() + datetime.timedelta(days=1))
    today = timezone.localdate()
    night = timezone.make_aware(datetime.datetime.combine(today, datetime.time(23)))
    morning = timezone.make_aware(datetime.datetime.combine(today, datetime.time(8, 5)))
    assert reminders_send(now=night) == 0
    assert reminders_send(now=morning) >= 1


def test_a_granted_extension_starts_the_reminders_again(users, task):
    day = task.deadline - datetime.timedelta(days=1)
    assert send_on(day) == 1
    extension = services.task_extension_request(
        by=users["liaison-fulian"],
        task=task,
        requested_deadline=task.deadline + datetime.timedelta(days=5),
        reason="等待",
    )
    services.task_extension_decide(by=users["office_staff"], extension=extension, grant=True)
    task.refresh_from_db()
    assert send_on(task.deadline - datetime.timedelta(days=1)) == 1


def test_reported_and_closed_tasks_are_not_chased(users, task):
    services.task_report_completion(by=users["liaison-fulian"], task=task, text="完成")
    assert send_on(task.deadline + datetime.timedelta(days=1)) == 0


def test_no_reminder_for_a_moment_before_the_task_was_assigned(staffed, users):
    _meeting, _minutes, (decision,) = f.approved_meeting(users, staffed)
    fresh = f.task(users, decision, "gonghui", days=2)
    assert send_on(timezone.localdate()) == 0  # the 3-day mark was before assignment
    assert send_on(fresh.deadline - datetime.timedelta(days=1)) == 1


@override_settings(TASK_REMINDER_DAYS_BEFORE=(5,), TASK_REMINDER_DAYS_AFTER=())
def test_offsets_come_from_the_settings(users, task):
    assert send_on(task.deadline - datetime.timedelta(days=5)) == 1
    assert send_on(task.deadline - datetime.timedelta(days=1)) == 0
    assert send_on(task.deadline + datetime.timedelta(days=1)) == 0
