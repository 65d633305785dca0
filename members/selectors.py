"""Reads of member units and their changes, filtered in the query by what the user may see."""

from __future__ import annotations

from django.db.models import QuerySet

from committee.authority import Action, restrict
from committee.models import Committee
from committee.selectors import UnitRow, committee_structure

from .models import MembershipChange, MemberUnit, NewUnitProposal


def unit_rows(committee: Committee) -> list[UnitRow]:
    return committee_structure(committee).units


def units_of_user(user, committee: Committee) -> QuerySet[MemberUnit]:
    """Units the user stands for, as their head or liaison (those who may propose its changes, Art 25)."""
    return restrict(MemberUnit.objects.filter(committee=committee), user, Action.PROPOSE_MEMBER_CHANGE)


def changes_visible_to(user, committee: Committee) -> QuerySet[MembershipChange]:
    changes = MembershipChange.objects.filter(committee=committee).select_related(
        "unit", "proposed_by__person", "decided_by__person"
    )
    return restrict(changes, user, Action.VIEW_UNIT_AFFAIRS)


def unit_proposals(committee: Committee) -> QuerySet[NewUnitProposal]:
    return NewUnitProposal.objects.filter(committee=committee).select_related("proposed_by__person", "unit")
