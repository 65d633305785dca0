"""Reads of follow-up tasks, filtered in the query by what the user may see, coloured in the query too."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from committee.authority import Action, decide, restrict
from committee.models import Committee
from members.models import MemberUnit

from .models import (
    ExtensionRequest,
    ExtensionState,
    FollowUpTask,
    Signal,
    TaskStatus,
    TaskUpdate,
    UpdateKind,
    due_soon_days,
)


def signal_q(signal: str, today: datetime.date | None = None) -> Q:
    """The rows of one colour, as a condition (the same rule as `FollowUpTaskQuerySet.with_signal`)."""
    today = today or timezone.localdate()
    soon = today + datetime.timedelta(days=due_soon_days())
    is_open = Q(status=TaskStatus.OPEN)
    return {
        Signal.CLOSED: Q(status=TaskStatus.CLOSED),
        Signal.REPORTED: Q(status=TaskStatus.REPORTED),
        Signal.OVERDUE: is_open & Q(deadline__lt=today),
        Signal.DUE_SOON: is_open & Q(deadline__gte=today, deadline__lte=soon),
        Signal.ON_TRACK: is_open & Q(deadline__gt=soon),
    }[Signal(signal)]


def sees_every_unit(user, committee: Committee, held=None) -> bool:
    """The leadership, the office and a parent committee's viewers see every unit's tasks; a unit its own."""
    return bool(decide(user, Action.VIEW_UNIT_AFFAIRS, committee, held=held))


def pending_extension() -> Exists:
    """Annotation: whether a task has an extension request waiting for the office."""
    return Exists(ExtensionRequest.objects.filter(task=OuterRef("pk"), state=ExtensionState.PENDING))


def urge_count() -> Subquery:
    """Annotation: how many times the office has pressed the unit on a task (催办)."""
    urged = (
        TaskUpdate.objects.filter(task=OuterRef("pk"), kind=UpdateKind.URGED)
        .order_by()
        .values("task")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(urged[:1]), 0)


def effective_decisions(committee: Committee):
    """Decisions in effect, which the office may turn into tasks (交办 from the 督办 list), newest first."""
    from meetings.models import Decision

    return (
        Decision.objects.filter(committee=committee, effective_at__isnull=False)
        .select_related("meeting")
        .order_by("-meeting__starts_at", "number")
    )


def visible_units(user, committee: Committee) -> QuerySet[MemberUnit]:
    """Units whose affairs the user sees (`VIEW_UNIT_AFFAIRS`): for a unit's member or liaison, their own."""
    return restrict(MemberUnit.objects.filter(committee=committee), user, Action.VIEW_UNIT_AFFAIRS)


def visible_tasks(user, committee: Committee) -> QuerySet[FollowUpTask]:
    """The committee's follow-up tasks the user sees (`VIEW_UNIT_AFFAIRS` on each task's unit)."""
    return restrict(FollowUpTask.objects.filter(committee=committee), user, Action.VIEW_UNIT_AFFAIRS)


def with_latest_update(tasks: QuerySet[FollowUpTask]) -> QuerySet[FollowUpTask]:
    latest = TaskUpdate.objects.filter(task=OuterRef("pk")).order_by("-created_at", "-pk")
    return tasks.annotate(
        latest_update=Subquery(latest.values("text")[:1]), latest_at=Subquery(latest.values("created_at")[:1])
    )


@dataclass
class SummaryRow:
    """Counts of one unit's or one decision's tasks by colour."""

    key: object
    label: str
    counts: dict[str, int] = field(default_factory=dict)
    urged: int = 0

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def _counts_by_signal() -> dict[str, Count]:
    """Tasks by colour, and the 催办 entries on them (distinct: the join to the updates repeats each task)."""
    today = timezone.localdate()
    counts = {signal.value: Count("pk", filter=signal_q(signal, today), distinct=True) for signal in Signal}
    counts["urged"] = Count("updates", filter=Q(updates__kind=UpdateKind.URGED), distinct=True)
    return counts


def summary_by_unit(tasks: QuerySet[FollowUpTask]) -> list[SummaryRow]:
    """One row per unit: how many of its tasks are on track, due soon, overdue, awaiting confirmation, closed."""
    grouped = (
        tasks.order_by()
        .values("unit_id", "unit__short_name", "unit__sort_order")
        .annotate(**_counts_by_signal())
        .order_by("unit__sort_order", "unit_id")
    )
    return [
        SummaryRow(
            key=values["unit_id"],
            label=values["unit__short_name"],
            counts={signal.value: values[signal.value] for signal in Signal},
            urged=values["urged"],
        )
        for values in grouped
    ]


def summary_by_decision(tasks: QuerySet[FollowUpTask], *, year: int | None = None, text: str = "") -> QuerySet:
    """One row per source decision, newest meeting first, counted in the query: the decisions of meetings held in
    `year` (all years when None) whose title contains `text`. A queryset of dicts, for a paginator; turn a page
    into rows with `summary_rows`."""
    tasks = tasks.exclude(decision=None)
    if year is not None:
        start = datetime.datetime(year, 1, 1, tzinfo=timezone.get_current_timezone())
        tasks = tasks.filter(
            decision__meeting__starts_at__gte=start, decision__meeting__starts_at__lt=start.replace(year=year + 1)
        )
    if text:
        tasks = tasks.filter(decision__title__icontains=text)
    return (
        tasks.order_by()
        .values("decision_id", "decision__title", "decision__meeting__title", "decision__meeting__starts_at")
        .annotate(**_counts_by_signal())
        .order_by("-decision__meeting__starts_at", "decision_id")
    )


def summary_rows(grouped) -> list[SummaryRow]:
    return [
        SummaryRow(
            key=values["decision_id"],
            label=f"{values['decision__title']}（{values['decision__meeting__title']}）",
            counts={signal.value: values[signal.value] for signal in Signal},
            urged=values["urged"],
        )
        for values in grouped
    ]


class SummaryPage:
    """A page of a summary, read with one more row than shown to know whether there is a next page: no count."""

    def __init__(self, rows, number: int, per_page: int):
        self.number = max(1, number)
        found = list(rows[(self.number - 1) * per_page : self.number * per_page + 1])
        self.object_list = found[:per_page]
        self.has_previous = self.number > 1
        self.has_next = len(found) > per_page

    @property
    def has_other_pages(self) -> bool:
        return self.has_previous or self.has_next

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1


def unit_tasks_of_year(unit: MemberUnit, year: int) -> QuerySet[FollowUpTask]:
    """Art 22, part 2 (完成委员会决策部署情况): the unit's tasks assigned or due in a year, with their record."""
    return (
        FollowUpTask.objects.filter(unit=unit)
        .filter(Q(created_at__year=year) | Q(deadline__year=year))
        .with_signal()
        .select_related("decision__meeting")
        .prefetch_related("updates")
        .order_by("deadline", "pk")
    )
