"""The follow-up tasks part of 我的待办: a unit's open tasks in colour; for the office, what waits for it.

The user's appointments come from `appointments_held`, read once per page with the other providers' (the
work bench keeps to a query budget); the tasks in at most one more query.
"""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from committee.authority import Action, appointments_held, decide
from committee.models import Committee, Position
from committee.todo import TodoItem, provider

from .models import SIGNAL_TONE, FollowUpTask, Signal, TaskStatus
from .selectors import pending_extension


@provider
def task_todo(user, committee: Committee) -> list[TodoItem]:
    """One query at most, none for those who have no tasks to act on (the director and deputies)."""
    held = appointments_held(user, committee)
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


@provider
def inspection_todo(user, committee: Committee) -> list[TodoItem]:
    """督导检查 (Art 23): for the director or a deputy delegated to approve, proposals waiting for approval;
    for the office, approved inspections to plan and running ones with findings still to record.

    One query, none for those who can have nothing here; a deputy's delegation is looked up only when a
    proposal is actually waiting (the work bench keeps to a query budget)."""
    from .models import Inspection, InspectionState

    office = bool(decide(user, Action.MANAGE_COMMITTEE, committee))
    seen = decide(user, Action.VIEW_UNIT_AFFAIRS, committee)
    may_approve_by_position = bool(seen) and seen.capacity.appointment.position in {Position.DIRECTOR, Position.DEPUTY}
    states = ([InspectionState.PROPOSED] if may_approve_by_position else []) + (
        [InspectionState.APPROVED, InspectionState.PLANNED] if office else []
    )
    if not states:
        return []
    inspections = list(
        Inspection.objects.filter(committee=committee, state__in=states)
        .annotate(open_items=Count("items", filter=Q(items__finding__isnull=True)))
        .order_by("proposed_at", "pk")
    )
    if any(i.state == InspectionState.PROPOSED for i in inspections) and not decide(
        user, Action.APPROVE_INSPECTION, committee
    ):
        inspections = [i for i in inspections if i.state != InspectionState.PROPOSED]
    items: list[TodoItem] = []
    for inspection in inspections:
        if inspection.state == InspectionState.PROPOSED:
            items.append(
                TodoItem(
                    title=_("督导检查待批准：%(title)s") % {"title": inspection.title},
                    url=inspection.get_absolute_url(),
                    detail=inspection.proposer_label,
                    tone="warning",
                )
            )
        elif inspection.state == InspectionState.APPROVED:
            items.append(
                TodoItem(
                    title=_("督导检查待制定方案：%(title)s") % {"title": inspection.title},
                    url=inspection.get_absolute_url(),
                    tone="info",
                )
            )
        else:
            items.append(
                TodoItem(
                    title=(
                        _("督导检查待记录结论%(n)s项：%(title)s")
                        % {"n": inspection.open_items, "title": inspection.title}
                        if inspection.open_items
                        else _("督导检查待起草报告、结束：%(title)s") % {"title": inspection.title}
                    ),
                    url=inspection.get_absolute_url(),
                    due=inspection.ends_on,
                    tone="primary",
                )
            )
    return items
