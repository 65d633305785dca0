"""What the work bench (工作台) shows one person in one committee, kept for the minute it was asked in.

Building it asks every app's to-do provider and panel, each filtering through `restrict`: the most expensive
page people open most often. The answer is cached per person, committee, language, data version and minute:

- the data version (`core.dataversion`) changes after any write commits, by anyone in any process, so a task
  assigned to a unit shows on its liaison's bench at their next page, and an appointment made or ended, or a
  delegation revoked, counts at once;
- the minute (local time, which holds the date) covers what changes with time alone: appointments start and
  end on a date, delegations and meetings at a minute (the forms take no seconds), deadlines turn overdue by
  the day. Whatever is built is built at one moment, as before; it is shown for the rest of that minute.

Every act is still decided afresh when it is done (`authority.decide`): the bench only lists and links.
"""

from __future__ import annotations

import datetime
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
from .todo import todo_for

# An entry serves one minute; kept a little longer so that a clock a second off another does not miss.
KEEP_SECONDS = 90

TODO = "committee/includes/workbench_todo.html"


@dataclass
class WorkBench:
    """The bench's parts as rendered HTML (rendering the panels' charts costs as much as building them)."""

    todo: SafeString
    leaders: SafeString
    panels: SafeString


def work_bench(user, committee: Committee | None) -> WorkBench:
    """The bench as built this minute for this person: from the cache if nothing was written since."""
    if committee is None:
        return build(user, None, timezone.localtime())
    now = timezone.localtime()
    # The version is read before anything is built: a write committing meanwhile makes a newer version, so what
    # is built from rows older than it is never served under it.
    key = _key(user, committee, now)
    found = cache.get(key)
    if found is None:
        found = build(user, committee, now)
        cache.set(key, found, KEEP_SECONDS)
    return found


def _key(user, committee: Committee, now: datetime.datetime) -> str:
    minute = now.strftime("%Y%m%d%H%M")
    return f"workbench:{user.pk}:{committee.pk}:{translation.get_language()}:{dataversion.current()}:{minute}"


def build(user, committee: Committee | None, now: datetime.datetime) -> WorkBench:
    """Built afresh: 我的待办 and 我此刻可以行使的职权, the committee's leaders and the panels of the year."""
    if committee is None:
        return WorkBench(todo=render_to_string(TODO, {}), leaders=SafeString(), panels=SafeString())
    context = {
        "committee": committee,
        "todo": todo_for(user, committee),
        "powers": powers_of(user, committee),
        "structure": selectors.leadership(committee, now.date()),
        "panels": panels_for(user, committee, now.year, "home"),
        "year": now.year,
        "panel_col": "col-md-6",
    }
    return WorkBench(
        todo=render_to_string(TODO, context),
        leaders=render_to_string("committee/includes/workbench_leaders.html", context),
        panels=render_to_string("committee/includes/panels.html", context),
    )
