"""Reminders before and after a task's deadline: at the configured offsets, each sent once."""

from __future__ import annotations

import datetime

import pytest
from django.test import override_settings
from django.utils import timezone

from committee.models import Notification
from duties import services, tasks
from duties.models import FollowUpTask, TaskReminder
from meetings.tests import factories as f


@pytest.fixture
def task(staffed, users):
    _meeting, _minutes, (decision,) = f.approved_meeting(users, staffed)
    created = f.task(users, decision, "fulian", days=10)
    FollowUpTask.objects.filter(pk=created.pk).update(created_at=timezone.now() - datetime.timedelta(days=30))
    return created


def reminded(users, username: str) -> list[str]:
    return list(
        Notification.objects.filter(recipient__user=users[username], subject__startswith="督办").values_list(
            "subject", flat=True
        )
    )


def test_before_the_deadline_the_liaison_is_reminded_once_per_offset(users, task):
    day = task.deadline - datetime.timedelta(days=3)
    assert services.task_reminders_send(today=day - datetime.timedelta(days=1)) == 0
    assert services.task_reminders_send(today=day) == 1
    assert services.task_reminders_send(today=day) == 0  # the beat ran twice
    assert services.task_reminders_send(today=day + datetime.timedelta(days=1)) == 0  # still the 3-day reminder
    assert services.task_reminders_send(today=task.deadline - datetime.timedelta(days=1)) == 1
    subjects = reminded(users, "liaison-fulian")
    assert sum("将于3天后到期" in s for s in subjects) == 1 and sum("将于1天后到期" in s for s in subjects) == 1
    assert not any("到期" in s for s in reminded(users, "head-fulian"))


def test_after_the_deadline_the_liaison_and_the_member_are_reminded(users, task):
    day = task.deadline + datetime.timedelta(days=1)
    assert services.task_reminders_send(today=day) == 2
    assert services.task_reminders_send(today=day) == 0
    assert any("已逾期1天" in s for s in reminded(users, "head-fulian"))
    assert services.task_reminders_send(today=task.deadline + datetime.timedelta(days=7)) == 2
    assert set(TaskReminder.objects.filter(task=task).values_list("offset_days", flat=True)) == {-1, -7}


def test_the_task_function_run_twice_sends_once(users, task):
    FollowUpTask.objects.filter(pk=task.pk).update(deadline=timezone.localdate() + datetime.timedelta(days=1))
    assert tasks.task_reminders_send() == 1
    assert tasks.task_reminders_send() == 0
    assert TaskReminder.objects.filter(task=task).count() == 1


def test_a_granted_extension_starts_the_reminders_again(users, task):
    day = task.deadline - datetime.timedelta(days=1)
    assert services.task_reminders_send(today=day) == 1
    extension = services.task_extension_request(
        by=users["liaison-fulian"],
        task=task,
        requested_deadline=task.deadline + datetime.timedelta(days=5),
        reason="等待",
    )
    services.task_extension_decide(by=users["office_staff"], extension=extension, grant=True)
    task.refresh_from_db()
    assert services.task_reminders_send(today=task.deadline - datetime.timedelta(days=1)) == 1


def test_reported_and_closed_tasks_are_not_chased(users, task):
    services.task_report_completion(by=users["liaison-fulian"], task=task, text="完成")
    assert services.task_reminders_send(today=task.deadline + datetime.timedelta(days=1)) == 0


def test_no_reminder_for_a_moment_before_the_task_was_assigned(staffed, users):
    _meeting, _minutes, (decision,) = f.approved_meeting(users, staffed)
    fresh = f.task(users, decision, "gonghui", days=2)
    assert services.task_reminders_send(today=timezone.localdate()) == 0  # the 3-day mark was before assignment
    assert services.task_reminders_send(today=fresh.deadline - datetime.timedelta(days=1)) == 1


@override_settings(TASK_REMINDER_DAYS_BEFORE=(5,), TASK_REMINDER_DAYS_AFTER=())
def test_offsets_come_from_the_settings(users, task):
    assert services.task_reminders_send(today=task.deadline - datetime.timedelta(days=5)) == 1
    assert services.task_reminders_send(today=task.deadline - datetime.timedelta(days=1)) == 0
    assert services.task_reminders_send(today=task.deadline + datetime.timedelta(days=1)) == 0
