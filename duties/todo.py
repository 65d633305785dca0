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
from committee.models import Appointment, Committee, Position
from committee.todo import TodoItem, first_items, first_of, first_of_each, provider

from .models import SIGNAL_TONE, FollowUpTask, Signal, TaskStatus
from .selectors import pending_extension, signal_q


@provider
def task_todo(user, committee: Committee) -> list[TodoItem]:
    """The tasks part of 我的待办, on the appointments read once per page with the other providers'."""
    return task_items(user, committee, appointments_held(user, committee))


def task_items(user, committee: Committee, held: list[Appointment]) -> list[TodoItem]:
    """A unit's open tasks (its first few, soonest deadline first), and for the office the tasks reported done,
    the extensions asked for and how many are overdue: one query for the unit, one for the office, whatever the
    number of tasks; none for those who have no tasks to act on (the director and deputies)."""
    unit_ids = sorted({a.unit_id for a in held if a.position in {Position.LIAISON, Position.UNIT_HEAD}})
    office = bool(decide(user, Action.MANAGE_COMMITTEE, committee, held=held))
    if not unit_ids and not office:
        return []
    today = timezone.localdate()
    overview = reverse("duties:tasks", kwargs={"committee_code": committee.code})
    tasks = FollowUpTask.objects.filter(committee=committee).exclude(status=TaskStatus.CLOSED)
    items: list[TodoItem] = []
    if unit_ids:
        rows, total = first_of(
            tasks.filter(unit_id__in=unit_ids)
            .with_signal(today)
            .only("committee_id", "unit_id", "title", "deadline", "status")
            .order_by("deadline", "pk")
        )
        items += first_items(
            [
                TodoItem(
                    title=_("本单位督办：%(title)s") % {"title": task.title},
                    url=task.get_absolute_url(),
                    detail=task.signal_label,
                    due=task.deadline,
                    tone=SIGNAL_TONE[task.signal()],
                )
                for task in rows
            ],
            total,
            more=_("本单位还有%(n)s项督办事项"),
            url=f"{overview}?unit={unit_ids[0]}",
        )
    if not office:
        return items
    # The office's part in one query: the first few tasks reported done and with an extension asked for, how
    # many of each, and how many are overdue.
    found = first_of_each(
        tasks.annotate(has_pending=pending_extension())
        .select_related("unit")
        .only("committee_id", "title", "deadline", "status", "unit__short_name"),
        by=["status", "has_pending"],
        order=["deadline"],
        totals={"overdue": Count("pk", filter=signal_q(Signal.OVERDUE, today))},
    )
    rows, total = found.of(TaskStatus.REPORTED, False)
    items += first_items(
        [
            TodoItem(
                title=_("待确认办结：%(unit)s · %(title)s") % {"unit": task.unit.short_name, "title": task.title},
                url=task.get_absolute_url(),
                tone="info",
            )
            for task in rows
        ],
        total,
        more=_("还有%(n)s项督办事项待确认办结"),
        url=f"{overview}?status={TaskStatus.REPORTED}",
    )
    rows, total = found.of(TaskStatus.OPEN, True)
    items += first_items(
        [
            TodoItem(
                title=_("待审批延期：%(unit)s · %(title)s") % {"unit": task.unit.short_name, "title": task.title},
                url=task.get_absolute_url(),
                due=task.deadline,
                tone="warning",
            )
            for task in rows
        ],
        total,
        more=_("还有%(n)s项延期申请待审批"),
        url=f"{overview}?extension=pending",
    )
    if found.totals["overdue"]:
        items.append(
            TodoItem(
                title=_("逾期督办事项%(n)s项，请催办") % {"n": found.totals["overdue"]},
                url=f"{overview}?signal={Signal.OVERDUE}",
                tone="danger",
            )
        )
    return items


@provider
def inspection_todo(user, committee: Committee) -> list[TodoItem]:
    """督导检查 (Art 23): for the director or a deputy delegated to approve, proposals waiting for approval;
    for the office, approved inspections to plan and running ones with findings still to record.

    One query for the first few and their number, none for those who can have nothing here."""
    from .models import Inspection, InspectionState

    office = bool(decide(user, Action.MANAGE_COMMITTEE, committee))
    seen = decide(user, Action.VIEW_UNIT_AFFAIRS, committee)
    may_approve_by_position = bool(seen) and seen.capacity.appointment.position in {Position.DIRECTOR, Position.DEPUTY}
    may_approve = may_approve_by_position and bool(decide(user, Action.APPROVE_INSPECTION, committee))
    states = ([InspectionState.PROPOSED] if may_approve else []) + (
        [InspectionState.APPROVED, InspectionState.PLANNED] if office else []
    )
    if not states:
        return []
    inspections, total = first_of(
        Inspection.objects.filter(committee=committee, state__in=states)
        .annotate(open_items=Count("items", filter=Q(items__finding__isnull=True)))
        .order_by("proposed_at", "pk")
    )
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
    return first_items(
        items,
        total,
        more=_("还有%(n)s项督导检查待办理"),
        url=reverse("duties:inspections", kwargs={"committee_code": committee.code}),
    )
