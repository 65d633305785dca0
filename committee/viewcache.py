"""What a page shows one person in one committee, kept until a write or the clock changes it.

The work bench, the 督办 overview, the change log, the report board and the district oversight are the pages
people open most and the ones that cost most to build: each asks `restrict` over years of rows and renders
hundreds of cells. What they show is kept per person, committee, language and data version, with the moment it
holds until:

- the data version (`core.dataversion`) changes after any write commits, by anyone in any process, so a task
  assigned to a unit shows on its liaison's pages at their next visit, and an appointment made or ended, or a
  delegation granted or revoked, counts at once;
- what changes with time alone ends the entry at that moment (`todo.next_change`): local midnight (appointments
  start and end on a date, deadlines turn overdue by the day), a delegation or share beginning or ending, a
  meeting starting or coming within the month ahead, a comment period closing, a receipt turning late. An entry
  never lives longer than MAX_AGE, in case something shown by the clock was not declared there.

A page's parts that hold a POST form keep its CSRF token: their key includes (a digest of) the browser's CSRF
secret, so a token rendered for one browser is never served to another. Every act is still decided afresh when it
is done (`authority.decide`): a kept page only lists and links.
"""

from __future__ import annotations

import datetime
import hashlib
import math
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone, translation

from core import dataversion

from .models import Committee
from .todo import next_change

# The most an entry lives: a bound on the staleness of anything shown by the clock that no app declared in
# `todo.changes_at` (everything else ends an entry at once).
MAX_AGE = datetime.timedelta(minutes=10)

T = TypeVar("T")


def kept(name: str, user, committee: Committee, build: Callable[[], T], *parts: object) -> T:
    """`build()`, or what it gave for this person, committee, language and `parts` since the last write, until the
    clock changes it. The version is read before anything is built: a write committing meanwhile makes a newer
    version, so what is built from rows older than it is never served under it."""
    now = timezone.now()
    key = ":".join(
        [str(user.pk), str(committee.pk), translation.get_language() or "", dataversion.current(), *map(str, parts)]
    )
    key = f"kept:{name}:{hashlib.sha256(key.encode()).hexdigest()}"
    found = cache.get(key)
    if found is not None and now < found[0]:
        return found[1]
    until = min(next_change(user, committee, now), now + MAX_AGE)
    value = build()
    cache.set(key, (until, value), max(1, math.ceil((until - now).total_seconds())))
    return value


def kept_for_request(
    name: str, request: HttpRequest, committee: Committee, build: Callable[[], T], *, forms: bool = False
) -> T:
    """`kept` for what a GET request shows: keyed also by its query string and, when what is kept holds a POST form
    (`forms`), by the browser's CSRF secret."""
    query = sorted((key, value) for key, values in request.GET.lists() for value in values)
    secret = ""
    if forms:
        get_token(request)  # the browser's secret, made now if it has none (the page's forms would make it)
        secret = request.META["CSRF_COOKIE"]
    return kept(name, request.user, committee, build, request.path, query, secret)


def render_page(
    request: HttpRequest,
    committee: Committee,
    template: str,
    body: str,
    context: Callable[[], dict],
    *,
    around: dict | None = None,
    keep: bool = True,
    forms: bool = False,
) -> HttpResponse:
    """A page whose `body` template (its content, built from `context()`) is kept for the viewer (`kept_for_request`)
    on a GET, and built afresh otherwise (`keep=False`: a form posted back with its errors, what was typed kept);
    `template` lays it out in the site's frame, from `around` (what the title and breadcrumbs need)."""
    name = f"page:{body}"

    def build() -> str:
        return render_to_string(body, context(), request=request)

    html = (
        kept_for_request(name, request, committee, build, forms=forms) if keep and request.method == "GET" else build()
    )
    return render(request, template, {"committee": committee, **(around or {}), "body": html})
