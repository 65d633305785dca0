"""Reads of the committee's records, shaped for pages, in a fixed number of queries."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from members.models import MemberUnit

from .models import Appointment, Article, Committee, Delegation, Position, RulesVersion


@dataclass
class UnitRow:
    unit: MemberUnit
    head: Appointment | None = None
    liaison: Appointment | None = None


@dataclass
class Structure:
    """Art 3-4 and 25 as of a date: who leads, who runs the office, who stands for each unit."""

    committee: Committee
    on: datetime.date
    director: Appointment | None = None
    deputies: list[Appointment] = field(default_factory=list)
    office_director: Appointment | None = None
    office_staff: list[Appointment] = field(default_factory=list)
    units: list[UnitRow] = field(default_factory=list)
    delegations_in_force: list[Delegation] = field(default_factory=list)


def committee_structure(committee: Committee, on: datetime.date | None = None) -> Structure:
    on = on or timezone.localdate()
    structure = Structure(committee=committee, on=on)
    in_force = Appointment.objects.in_force(on).filter(committee=committee).select_related("person", "unit")
    rows = {unit.pk: UnitRow(unit) for unit in committee.units.active().order_by("sort_order", "code")}
    for appointment in in_force.order_by("position", "seat", "start_date"):
        match appointment.position:
            case Position.DIRECTOR:
                structure.director = appointment
            case Position.DEPUTY:
                structure.deputies.append(appointment)
            case Position.OFFICE_DIRECTOR:
                structure.office_director = appointment
            case Position.OFFICE_STAFF:
                structure.office_staff.append(appointment)
            case Position.UNIT_HEAD if appointment.unit_id in rows:
                rows[appointment.unit_id].head = appointment
            case Position.LIAISON if appointment.unit_id in rows:
                rows[appointment.unit_id].liaison = appointment
    structure.units = list(rows.values())
    structure.delegations_in_force = list(
        Delegation.objects.in_force().filter(committee=committee).select_related("deputy__person")
    )
    return structure


def current_rules(committee: Committee) -> RulesVersion | None:
    return (
        committee.rules_versions.order_by("-version")
        .prefetch_related(Prefetch("articles", queryset=Article.objects.order_by("number")))
        .first()
    )


def unit_appointments(unit: MemberUnit) -> QuerySet[Appointment]:
    return unit.appointments.select_related("person").order_by("-start_date")
