"""Sections other apps add to a committee's annual compilation (年度履职情况汇编), without the reports app
knowing them: each app registers its part in its `annual.py`, found at start-up (core/apps.py). When what a
section shows changes, the app sends `annual_changed`, and the compilation is made again."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.dispatch import Signal


@dataclass
class AnnualSection:
    """A titled table: the column headers and one row of text per item."""

    title: str
    headers: list[str]
    rows: list[list[str]] = field(default_factory=list)
    empty: str = ""
    order: int = 50


SectionProvider = Callable[[object, int], "AnnualSection | None"]
SECTIONS: list[SectionProvider] = []


def section(function: SectionProvider) -> SectionProvider:
    """Registers a section of the annual compilation: function(committee, year) -> AnnualSection | None."""
    if function not in SECTIONS:
        SECTIONS.append(function)
    return function


def sections_for(committee, year: int) -> list[AnnualSection]:
    found = [s for function in SECTIONS if (s := function(committee, year)) is not None]
    return sorted(found, key=lambda s: s.order)


# Sent (inside the transaction of the change) when something the annual compilation of `committee` for `year`
# shows has changed: a section's rows (a commendation decided). Keyword arguments: committee, year.
annual_changed = Signal()
