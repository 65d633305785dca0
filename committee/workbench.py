"""What the work bench (工作台) shows one person in one committee, cached until a write or the clock changes it.

Building it asks every app's to-do provider and panel, each filtering through `restrict`: the most expensive
page people open most often. The answer is cached per person, committee, language and data version, with the
moment it holds until:

- the data version (`core.dataversion`) changes after any write commits, by anyone in any process, so a task
  assigned to a unit shows on its liaison's bench at their next page, and an appointment made or ended, or a
  delegation granted or revoked, counts at once;
- what changes with time alone ends the entry at that moment (`todo.next_change`): local midnight (appointments
  start and end on a date, deadlines turn overdue by the day), a delegation or share beginning or ending, a
  meeting starting or coming within the month ahead, a comment period closing, a receipt turning late. An entry
  never lives longer than MAX_AGE, in case something shown by the clock was not declared there.

Every act is still decided afresh when it is done (`authority.decide`): the bench only lists and links.
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import SafeString

from core import dataversion

from . import selectors
from .authority import powers_of
from .models import Committee
from .panels import panels_for
from .todo import next_change, todo_for

# The most an entry lives: a bound on the staleness of anything shown by the clock that no app declared in
# `todo.changes_at` (everything else ends an entry at once).
MAX_AGE = datetime.timedelta(minutes=10)

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
    # The version is read before anything is built: a write committing meanwhile makes a newer version, so what
    # is built from rows older than it is never served under it.
    key = f"workbench:{user.pk}:{committee.pk}:{translation.get_language()}:{dataversion.current()}"
    found = cache.get(key)
    if found is not None and now < found[0]:
        return found[1]
    until = min(next_change(user, committee, now), now + MAX_AGE)
    bench = build(user, committee, now)
    cache.set(key, (until, bench), math.ceil((until - now).total_seconds()))
    return bench


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
