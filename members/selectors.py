"""Reads of member units and their changes, filtered in the query by what the user may see."""

from __future__ import annotations

from django.db.models import QuerySet
from guardian.shortcuts import get_objects_for_user

from committee.authority import Action, decide
from committee.models import Committee
from committee.selectors import UnitRow, committee_structure

from .models import MembershipChange, MemberUnit, NewUnitProposal


def unit_rows(committee: Committee) -> list[UnitRow]:
    return committee_structure(committee).units


def units_of_user(user, committee: Committee) -> QuerySet[MemberUnit]:
    """Units whose affairs the user sees as their head or liaison (object permissions mirror appointments)."""
    return get_objects_for_user(
        user, "members.view_unit_affairs", MemberUnit.objects.filter(committee=committee), accept_global_perms=False
    )


def changes_visible_to(user, committee: Committee) -> QuerySet[MembershipChange]:
    changes = MembershipChange.objects.filter(committee=committee).select_related(
        "unit", "proposed_by__person", "decided_by__person"
    )
    if decide(user, Action.VIEW_UNIT_AFFAIRS, committee):
        return changes
    return changes.filter(unit__in=units_of_user(user, committee))


def unit_proposals(committee: Committee) -> QuerySet[NewUnitProposal]:
    return NewUnitProposal.objects.filter(committee=committee).select_related("proposed_by__person", "unit")
