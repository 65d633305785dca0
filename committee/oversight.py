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

from django.db.models import F, Func, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.urls import reverse
from django.utils import timezone

from .authority import OVERSIGHT_DEPTH, Action, restrict
from .models import Committee

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
    committee: Committee
    cells: list[Cell]
    has_children: bool

    def value(self, key: str) -> int:
        return next(cell.value for cell in self.cells if cell.measure.key == key)


def oversight_rows(
    user, committee: Committee, year: int, sort: str = NAME_SORT, today: datetime.date | None = None
) -> list[Row]:
    """One row per child committee the user sees, with every registered measure for `year`: one query."""
    today = today or timezone.localdate()
    found = measures()
    annotations = {f"ov_{m.key}": count_of(m.rows(user, year, today).filter(subtree(m.path))) for m in found}
    links = {
        f"ov_{m.key}_link": Subquery(
            m.link(user, year).filter(committee=OuterRef("pk")).order_by("pk").values("pk")[:1]
        )
        for m in found
        if m.link is not None
    }
    below = Committee.objects.filter(parent=OuterRef("pk")).order_by().values("pk")[:1]
    queryset = child_committees(user, committee).annotate(**annotations, **links, oversight_children=Subquery(below))
    key = sort_or_default(sort)
    # Annotations carry a prefix: a measure may be named like a reverse relation (`inspections`).
    field = "short_name" if key.removeprefix("-") == NAME_SORT else f"ov_{key.removeprefix('-')}"
    queryset = queryset.order_by(f"-{field}" if key.startswith("-") else field, "code")
    rows = []
    for child in queryset:
        cells = []
        for m in found:
            value = getattr(child, f"ov_{m.key}") or 0
            link_pk = getattr(child, f"ov_{m.key}_link", None)
            cells.append(
                Cell(
                    measure=m,
                    value=value,
                    tone=m.tone(value) if m.tone else "",
                    words=m.words(value) if m.words else "",
                    url=reverse(m.link_name, args=[link_pk]) if link_pk else "",
                )
            )
        rows.append(Row(committee=child, cells=cells, has_children=child.oversight_children is not None))
    return rows
