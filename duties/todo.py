"""The follow-up tasks part of 我的待办: a unit's open tasks in colour; for the office, what waits for it.

Listed by the work-bench provider in meetings/todo.py, which reads the user's appointments once for the
meetings and the tasks that come out of them (the work bench keeps to a query budget).
"""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from committee.authority import Action, decide
from committee.models import Appointment, Committee, Position
from committee.todo import TodoItem

from .models import SIGNAL_TONE, FollowUpTask, Signal, TaskStatus
from .selectors import pending_extension


def task_items(user, committee: Committee, held: list[Appointment]) -> list[TodoItem]:
    """One query at most, none for those who have no tasks to act on (the director and deputies)."""
    unit_ids = {a.unit_id for a in held if a.position in {Position.LIAISON, Position.UNIT_HEAD}}
    office = bool(decide(user, Action.MANAGE_COMMITTEE, committee, held=held))
    if not unit_ids and not office:
        return []
    today = timezone.localdate()
    wanted = Q(unit_id__in=unit_ids)
    if office:
        wanted |= Q(status=TaskStatus.REPORTED) | Q(status=TaskStatus.OPEN, deadline__lt=today) | Q(has_pending=True)
    tasks = (
        FollowUpTask.objects.filter(committee=committee)
        .exclude(status=TaskStatus.CLOSED)
        .with_signal(today)
        .annotate(has_pending=pending_extension())
        .filter(wanted)
        .select_related("unit")
        .order_by("deadline", "pk")
    )
    items: list[TodoItem] = []
    overdue = 0
    for task in tasks:
        if task.unit_id in unit_ids:
            items.append(
                TodoItem(
                    title=_("本单位督办：%(title)s") % {"title": task.title},
                    url=task.get_absolute_url(),
                    detail=task.signal_label,
                    due=task.deadline,
                    tone=SIGNAL_TONE[task.signal()],
                )
            )
            continue
        if task.status == TaskStatus.REPORTED:
            items.append(
                TodoItem(
                    title=_("待确认办结：%(unit)s · %(title)s") % {"unit": task.unit.short_name, "title": task.title},
                    url=task.get_absolute_url(),
                    tone="info",
                )
            )
        if task.has_pending:
            items.append(
                TodoItem(
                    title=_("待审批延期：%(unit)s · %(title)s") % {"unit": task.unit.short_name, "title": task.title},
                    url=task.get_absolute_url(),
                    due=task.deadline,
                    tone="warning",
                )
            )
        if task.signal() == Signal.OVERDUE:
            overdue += 1
    if overdue:
        items.append(
            TodoItem(
                title=_("逾期督办事项%(n)s项，请催办") % {"n": overdue},
                url=reverse("duties:tasks", kwargs={"committee_code": committee.code}) + f"?signal={Signal.OVERDUE}",
                tone="danger",
            )
        )
    return items
