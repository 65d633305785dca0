"""我的待办: what waits for a person, built from their appointments and delegations in force (UI.md)."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.numerals import join_items

from .authority import Action, decide
from .models import Committee, Delegation


@dataclass
class TodoItem:
    title: str
    url: str
    detail: str = ""
    due: datetime.datetime | datetime.date | None = None
    tone: str = "secondary"


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
    for delegation in (
        Delegation.objects.in_force(now).filter(committee=committee, deputy__person__user=user).select_related("deputy")
    ):
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
