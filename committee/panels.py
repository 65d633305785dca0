"""Panels of the work bench and the committee page: each app shows its numbers for the year (charts, lists).

The committee layer does not know the workflow apps: each registers its panels in its `panels.py`, found at
start-up (like `todo.py`). A panel computes its numbers with aggregate queries on rows filtered by `restrict`
for the viewing user, so a liaison sees their own unit's numbers, and returns None when it has nothing to show.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from core.charts import Chart

from .models import Committee

Place = Literal["home", "committee"]


@dataclass
class PanelItem:
    text: str
    url: str = ""
    detail: str = ""


@dataclass
class Panel:
    title: str
    order: int = 50
    chart: Chart | None = None
    items: list[PanelItem] = field(default_factory=list)
    empty: str = ""
    note: str = ""
    url: str = ""
    link_label: str = ""
    article: str = ""


PanelProvider = Callable[[object, Committee, int, Place], "Panel | None"]
PANELS: list[PanelProvider] = []


def panel(function: PanelProvider) -> PanelProvider:
    """Registers an app's panel (in its panels.py, found at start-up)."""
    if function not in PANELS:
        PANELS.append(function)
    return function


def panels_for(user, committee: Committee, year: int, place: Place) -> list[Panel]:
    found = [p for function in PANELS if (p := function(user, committee, year, place)) is not None]
    return sorted(found, key=lambda p: p.order)
