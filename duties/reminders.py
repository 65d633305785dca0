"""The reminders of follow-up tasks (督办), declared to the one reminder schedule (core.reminders).

Before the deadline the unit's liaison is reminded (3 and 1 days before, by default); after a missed deadline
the liaison and the unit's head (1 and 7 days after). A deadline moved by an extension starts its own
reminders; a day the beat missed is caught up with the nearest reminder only, and none falls before the task
was assigned.
"""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext_noop

from committee.models import Position
from committee.services import reminder_notify, reminder_notify_many
from core.reminders import Message, register_reminder
from core.wording import Phrase

from .models import FollowUpTask, TaskStatus
from .services import _unit_people, reminder_days_after, reminder_days_before

TASK_DEADLINE = "duties.task_deadline"


def _subjects(now: datetime.datetime):
    horizon = timezone.localdate(now) + datetime.timedelta(days=max(reminder_days_before(), default=0))
    return FollowUpTask.objects.filter(status=TaskStatus.OPEN, deadline__lte=horizon).select_related("unit")


def due_offset(deadline: datetime.date, assigned: datetime.date, today: datetime.date) -> int | None:
    """The reminder due today, in days before the deadline (negative: after): the nearest one before it, or the
    latest one after it."""
    left = (deadline - today).days
    if left >= 0:
        due = [
            days
            for days in reminder_days_before()
            if left <= days and deadline - datetime.timedelta(days=days) >= assigned
        ]
        return min(due) if due else None
    due = [days for days in reminder_days_after() if -left >= days]
    return -max(due) if due else None


def _key(task: FollowUpTask, now: datetime.datetime) -> str | None:
    offset = due_offset(task.deadline, timezone.localdate(task.created_at), timezone.localdate(now))
    return None if offset is None else f"{offset}@{task.deadline.isoformat()}"


def _recipients(task: FollowUpTask, key: str):
    overdue = key.startswith("-")
    return _unit_people(task.unit, (Position.LIAISON, Position.UNIT_HEAD) if overdue else (Position.LIAISON,))


def _message(task: FollowUpTask, key: str, now: datetime.datetime) -> Message:
    left = (task.deadline - timezone.localdate(now)).days
    if left > 0:
        subject = Phrase(gettext_noop("督办提醒：“%(title)s”将于%(days)s天后到期"), title=task.title, days=left)
    elif left == 0:
        subject = Phrase(gettext_noop("督办提醒：“%(title)s”今天到期"), title=task.title)
    else:
        subject = Phrase(gettext_noop("督办催办：“%(title)s”已逾期%(days)s天"), title=task.title, days=-left)
    body = Phrase(gettext_noop("办理期限：%(date)s。"), date=task.deadline)
    action = Phrase(gettext_noop("办结督办事项"))
    return Message(subject, body, task.get_absolute_url(), action=action, deadline=task.deadline)


register_reminder(
    TASK_DEADLINE,
    subjects=_subjects,
    key=_key,
    recipients=_recipients,
    message=_message,
    send=reminder_notify,
    # The tasks of one unit have the same people to remind: asked once per run, not once per task.
    audience=lambda task, key: (task.unit_id, key.startswith("-")),
    send_many=reminder_notify_many,
    # Mornings, and again after lunch in case the morning run was missed; a reminder is sent once either way.
    hours=(8, 14),
)
