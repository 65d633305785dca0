"""District oversight (Art 5: 市、区、镇三级): one row per child committee, the year's numbers of each workflow.

The committee layer does not know the workflow apps: each registers its measures in its `oversight.py`, found at
start-up (like `panels.py`). A measure is a queryset of the rows it counts for a year, already filtered by
`restrict` for the viewing user; this module counts them per child committee, over the child and the committees
below it (a city's row for a district counts the district's towns too), each count a correlated subquery of the
one query that lists the rows. However many child committees there are, the page asks the same number of queries.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from django.db.models import Count, F, Func, IntegerField, Min, OuterRef, Q, QuerySet, Subquery
from django.urls import reverse
from django.utils import timezone

from .authority import OVERSIGHT_DEPTH, Action, restrict
from .models import Committee
from .viewcache import kept

RowsForYear = Callable[[object, int, datetime.date], QuerySet]


@dataclass(frozen=True)
class Measure:
    """One column: `rows(user, year, today)` are the rows counted (restricted to what the user sees), `path` the
    lookup from them to their committee. `tone(n)` colours a cell (a badge with its words, never colour alone);
    `chart` puts the measure in the page's chart with that tone. `link` (with `link_name`) gives, per child
    committee, the object its cell opens: `link(user, year)` is a queryset of objects with a `committee` field, the
    first of the child's own is linked with `reverse(link_name, args=[pk])`."""

    key: str
    label: object
    group: object
    order: int
    rows: RowsForYear
    path: str = "committee"
    tone: Callable[[int], str] | None = None
    words: Callable[[int], str] | None = None
    chart: str = ""
    link: Callable[[object, int], QuerySet] | None = None
    link_name: str = ""


MEASURES: dict[str, Measure] = {}


def measure(item: Measure) -> Measure:
    """Registers a column of the oversight page (in an app's oversight.py, found at start-up)."""
    MEASURES[item.key] = item
    return item


def measures() -> list[Measure]:
    return sorted(MEASURES.values(), key=lambda m: (m.order, m.key))


def subtree(path: str = "committee") -> Q:
    """Rows whose committee is the outer committee or one below it (as far down as oversight reaches)."""
    condition = Q(**{path: OuterRef("pk")})
    for depth in range(1, OVERSIGHT_DEPTH):
        condition |= Q(**{f"{path}__{'__'.join(['parent'] * depth)}": OuterRef("pk")})
    return condition


def count_of(rows: QuerySet) -> Subquery:
    """COUNT(*) of `rows` as a correlated subquery (no GROUP BY: the count of no rows is 0, not NULL)."""
    counted = rows.order_by().annotate(oversight_n=Func(F("pk"), function="COUNT")).values("oversight_n")
    return Subquery(counted, output_field=IntegerField())


def child_committees(user, committee: Committee) -> QuerySet[Committee]:
    """The committees directly below `committee` that the user may see (`VIEW_COMMITTEE`)."""
    return restrict(Committee.objects.filter(parent=committee), user, Action.VIEW_COMMITTEE)


# Sort keys besides the measures' own; a key with a leading "-" sorts descending.
NAME_SORT = "name"


def sort_keys() -> set[str]:
    return {NAME_SORT, *MEASURES}


def sort_or_default(value: str) -> str:
    """A whitelisted sort key (optionally "-key"), else the default (by name)."""
    if value.removeprefix("-") in sort_keys():
        return value
    return NAME_SORT


@dataclass
class Cell:
    measure: Measure
    value: int
    tone: str = ""
    words: str = ""
    url: str = ""


@dataclass
class Row:
    """A child committee and its counts (`values`: measure key -> count); `cells` are built when shown, so that a
    page of fifty rows out of hundreds pays for its own fifty."""

    committee: Committee
    values: dict[str, int]
    links: dict[str, int]
    has_children: bool

    def value(self, key: str) -> int:
        return self.values[key]

    @cached_property
    def cells(self) -> list[Cell]:
        cells = []
        for m in measures():
            value, link_pk = self.values[m.key], self.links.get(m.key)
            cells.append(
                Cell(
                    measure=m,
                    value=value,
                    tone=m.tone(value) if m.tone else "",
                    words=m.words(value) if m.words else "",
                    url=reverse(m.link_name, args=[link_pk]) if link_pk else "",
                )
            )
        return cells


def oversight_rows(
    user, committee: Committee, year: int, sort: str = NAME_SORT, today: datetime.date | None = None
) -> list[Row]:
    """One row per child committee the user sees, with every registered measure for `year`.

    Each measure is one grouped COUNT over the year's rows of the whole subtree (a city's hundreds of towns in one
    pass over an index), summed up in Python to the child committee each row belongs to; each link one grouped
    MIN. The page asks 2 + one per measure (+ one per link) queries, however many committees are below."""
    today = today or timezone.localdate()
    found = measures()
    below = Committee.objects.filter(parent=OuterRef("pk")).order_by().values("pk")[:1]
    children = list(
        child_committees(user, committee).annotate(oversight_children=Subquery(below)).order_by("short_name", "code")
    )
    if not children:
        return []
    # Which child row each committee of the subtree counts towards: itself, or the child it is below.
    owner = {child.pk: child.pk for child in children}
    child_pks = set(owner)
    ancestors = ["__".join(["parent"] * depth) for depth in range(1, OVERSIGHT_DEPTH)]
    if ancestors:
        deeper = Q()
        for path in ancestors:
            deeper |= Q(**{f"{path}__in": child_pks})
        for pk, *above in Committee.objects.filter(deeper).values_list("pk", *(f"{path}__id" for path in ancestors)):
            owner.setdefault(pk, next(a for a in above if a in child_pks))
    within = Q()
    for depth in range(1, OVERSIGHT_DEPTH + 1):
        within |= Q(**{"__".join(["parent"] * depth): committee})

    counts: dict[str, dict[int, int]] = {}
    for m in found:
        per_committee = (
            m.rows(user, year, today)
            .filter(**{f"{m.path}__in": Committee.objects.filter(within)})
            .order_by()
            .values_list(m.path)
            .annotate(n=Count("pk", distinct=True))
        )
        totals: dict[int, int] = {}
        for committee_pk, n in per_committee:
            child = owner.get(committee_pk)
            if child is not None:
                totals[child] = totals.get(child, 0) + n
        counts[m.key] = totals
    links = {
        m.key: dict(
            m.link(user, year)
            .filter(committee__in=list(owner))
            .order_by()
            .values_list("committee")
            .annotate(first=Min("pk"))
        )
        for m in found
        if m.link is not None
    }

    rows = [
        Row(
            committee=child,
            values={m.key: counts[m.key].get(child.pk, 0) for m in found},
            links={key: per_child[child.pk] for key, per_child in links.items() if child.pk in per_child},
            has_children=child.oversight_children is not None,
        )
        for child in children
    ]
    key = sort_or_default(sort)
    if key.removeprefix("-") != NAME_SORT:
        # By the measure, ties by code (stable sorts: first by code, then by the value).
        rows.sort(key=lambda row: row.committee.code)
        rows.sort(key=lambda row: row.value(key.removeprefix("-")), reverse=key.startswith("-"))
    elif key.startswith("-"):
        rows.reverse()
    return rows


def oversight_rows_cached(user, committee: Committee, year: int, sort: str = NAME_SORT) -> list[Row]:
    """`oversight_rows`, kept for the viewer until anyone's next write commits or the day changes (overdue counts;
    `committee.viewcache`): a district's or a city's hundreds of towns are counted once between two changes, not
    on every visit."""
    return kept("oversight", user, committee, lambda: oversight_rows(user, committee, year, sort), year, sort)
