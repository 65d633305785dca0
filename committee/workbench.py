"""What the work bench (工作台) shows one person in one committee, kept until a write or the clock changes it.

Building it asks every app's to-do provider and panel, each filtering through `restrict`: the most expensive
page people open most often. How long an answer is kept, and why that is safe: `committee.viewcache`.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString

from . import selectors
from .authority import powers_of
from .models import Committee
from .panels import panels_for
from .todo import todo_for
from .viewcache import kept

TODO = "committee/includes/workbench_todo.html"


@dataclass
class WorkBench:
    """The bench's parts as rendered HTML (rendering the panels' charts costs as much as building them)."""

    todo: SafeString
    leaders: SafeString
    panels: SafeString


def work_bench(user, committee: Committee | None) -> WorkBench:
    """The bench for this person now: from the cache if nothing was written, and no moment passed, since."""
    now = timezone.now()
    if committee is None:
        return build(user, None, now)
    return kept("workbench", user, committee, lambda: build(user, committee, now))


def build(user, committee: Committee | None, now: datetime.datetime) -> WorkBench:
    """Built afresh: 我的待办 and 我此刻可以行使的职权, the committee's leaders and the panels of the year."""
    today = timezone.localdate(now)
    if committee is None:
        return WorkBench(todo=render_to_string(TODO, {}), leaders=SafeString(), panels=SafeString())
    context = {
        "committee": committee,
        "todo": todo_for(user, committee),
        "powers": powers_of(user, committee),
        "structure": selectors.leadership(committee, today),
        "panels": panels_for(user, committee, today.year, "home"),
        "year": today.year,
        "panel_col": "col-md-6",
    }
    return WorkBench(
        todo=render_to_string(TODO, context),
        leaders=render_to_string("committee/includes/workbench_leaders.html", context),
        panels=render_to_string("committee/includes/panels.html", context),
    )
