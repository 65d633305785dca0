"""我的待办: what waits for a person, built from their appointments and delegations in force (UI.md)."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count, F, Min, Q, Window
from django.db.models.functions import Coalesce, RowNumber
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.models import RenderJob, RenderStatus
from core.numerals import join_items
from core.rendering import stale_after

from .authority import Action, decide, held_by
from .models import Committee, Delegation, Position, Share


@dataclass
class TodoItem:
    title: str
    url: str
    detail: str = ""
    due: datetime.datetime | datetime.date | None = None
    tone: str = "secondary"
    # "And N more": the link to the list that has them all (see `first_items`).
    more: bool = False


# Items of one kind the work bench lists; past them, one item says how many more and links to the full list,
# so that the page stays the same size after ten years of work.
TODO_FIRST = 5


def first_of(queryset, limit: int = TODO_FIRST) -> tuple[list, int]:
    """The first `limit` rows of `queryset` and how many rows it has, in one query (a window count)."""
    rows = list(queryset.annotate(todo_total=Window(Count("pk")))[:limit])
    return rows, (rows[0].todo_total if rows else 0)


@dataclass
class Firsts:
    """What `first_of_each` read: the first rows and the count of each group, and the totals asked for."""

    groups: dict[tuple, tuple[list, int]]
    totals: dict[str, int]

    def of(self, *key) -> tuple[list, int]:
        return self.groups.get(key, ([], 0))


def first_of_each(
    queryset, by: list[str], order: list[str], limit: int = TODO_FIRST, totals: dict | None = None
) -> Firsts:
    """For each group of rows with the same values of the fields `by` (plain columns or annotations), its first
    `limit` rows in `order` and how many rows it has, in one query (window functions: ranked and counted per
    group before the rows past `limit` are left out). `totals` are aggregates over all the rows ({"overdue":
    Count("pk", filter=...)}), counted in the same query."""
    totals = totals or {}
    partition = [F(name) for name in by]
    ranked = queryset.annotate(
        todo_rank=Window(RowNumber(), partition_by=partition, order_by=[*order, "pk"]),
        todo_total=Window(Count("pk"), partition_by=partition),
        **{f"todo_{name}": Window(aggregate) for name, aggregate in totals.items()},
    ).filter(todo_rank__lte=limit)
    groups: dict[tuple, tuple[list, int]] = {}
    counted = dict.fromkeys(totals, 0)
    for row in ranked.order_by(*by, "todo_rank"):
        rows, _total = groups.setdefault(tuple(getattr(row, name) for name in by), ([], row.todo_total))
        rows.append(row)
        counted = {name: getattr(row, f"todo_{name}") for name in totals}
    return Firsts(groups, counted)


def first_items(items: list[TodoItem], total: int, *, more: str, url: str) -> list[TodoItem]:
    """`items` (the first of `total`) and, when there are more, an item "还有N项…" linking to `url`;
    `more` is the translated title with `%(n)s`."""
    if total > len(items):
        items = [*items, TodoItem(title=more % {"n": total - len(items)}, url=url, tone="light", more=True)]
    return items


TodoProvider = Callable[[object, Committee], list["TodoItem"]]
PROVIDERS: list[TodoProvider] = []


def provider(function: TodoProvider) -> TodoProvider:
    """Registers an app's part of 我的待办 (in its todo.py, found at start-up)."""
    if function not in PROVIDERS:
        PROVIDERS.append(function)
    return function


def todo_for(user, committee: Committee) -> list[TodoItem]:
    """Every item links to the page where the action is done; soonest deadline first."""
    items: list[TodoItem] = []
    for function in PROVIDERS:
        items.extend(function(user, committee))
    return sorted(items, key=lambda item: _as_datetime(item.due) or FAR)


FAR = datetime.datetime.max.replace(tzinfo=datetime.UTC)

# What the to-dos and panels show by the clock, finer than the day, each app says when it next changes (a meeting
# starting, a delegation ending, a receipt turning late): a cached work bench is built again then, with no write.
ChangeMoment = Callable[[object, Committee, datetime.datetime], "datetime.datetime | None"]
CHANGES: list[ChangeMoment] = []


def changes_at(function: ChangeMoment) -> ChangeMoment:
    """Registers when an app's part of the work bench next changes with time alone (in its todo.py)."""
    if function not in CHANGES:
        CHANGES.append(function)
    return function


def next_change(user, committee: Committee, now: datetime.datetime) -> datetime.datetime:
    """The first moment after `now` at which the to-dos or panels could read differently without a write: the
    next local midnight (appointments, deadlines and signals go by the day), or sooner an app's own moment."""
    tomorrow = timezone.localtime(now).date() + datetime.timedelta(days=1)
    midnight = datetime.datetime.combine(tomorrow, datetime.time(), tzinfo=timezone.get_current_timezone())
    moments = [midnight]
    for function in CHANGES:
        if (moment := function(user, committee, now)) is not None:
            moments.append(moment)
    return min(moments)


def earliest(*moments: datetime.datetime | None) -> datetime.datetime | None:
    return min((moment for moment in moments if moment is not None), default=None)


@changes_at
def render_changes(user, committee: Committee, now: datetime.datetime) -> datetime.datetime | None:
    """A PDF still queued or rendering long after a worker would have finished it is shown as stuck, with the step
    to ask for it again (`core.rendering.stale_after`): that moment, for the earliest such job."""
    since = Coalesce("started_at", "queued_at")
    first = (
        RenderJob.objects.filter(status__in=[RenderStatus.QUEUED, RenderStatus.RENDERING])
        .annotate(since=since)
        .filter(since__gt=now - stale_after())
        .aggregate(first=Min("since"))["first"]
    )
    return first and first + stale_after()


@changes_at
def delegation_changes(user, committee: Committee, now: datetime.datetime) -> datetime.datetime | None:
    """Delegations begin, end and are revoked at a moment, and with them powers, to-dos and what `restrict` lets
    a deputy see (every committee's: the table is small); the office's shares with this person end at theirs."""
    delegations = Delegation.objects.aggregate(
        starts=Min("starts_at", filter=Q(starts_at__gte=now)),
        ends=Min("ends_at", filter=Q(ends_at__gte=now)),
        revoked=Min("revoked_at", filter=Q(revoked_at__gte=now)),
    )
    shares = Share.objects.filter(grantee__user=user).aggregate(
        expires=Min("expires_at", filter=Q(expires_at__gte=now)),
        revoked=Min("revoked_at", filter=Q(revoked_at__gte=now)),
    )
    return earliest(*delegations.values(), *shares.values())


@provider
def delegation_todo(user, committee: Committee) -> list[TodoItem]:
    items: list[TodoItem] = []
    now = timezone.now()
    if decide(user, Action.DELEGATE, committee):
        for delegation in Delegation.objects.in_force(now).filter(committee=committee).select_related("deputy__person"):
            items.append(
                TodoItem(
                    title=_("委托在效：%(deputy)s") % {"deputy": delegation.deputy.person},
                    url=reverse("committee:delegations", kwargs={"code": committee.code}),
                    detail=join_items(p.label for p in delegation.powers),
                    due=delegation.ends_at,
                    tone="info",
                )
            )
    deputies = [a.pk for a in held_by(user, committee) if a.position == Position.DEPUTY]
    mine = Delegation.objects.in_force(now).filter(committee=committee, deputy_id__in=deputies) if deputies else []
    for delegation in mine:
        items.append(
            TodoItem(
                title=_("您受主任委托（第%(number)s号）") % {"number": delegation.number},
                url=reverse("committee:delegations", kwargs={"code": committee.code}),
                detail=join_items(p.label for p in delegation.powers),
                due=delegation.ends_at,
                tone="primary",
            )
        )
    return items


def _as_datetime(value):
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return value
    return datetime.datetime.combine(value, datetime.time.max, tzinfo=timezone.get_current_timezone())
