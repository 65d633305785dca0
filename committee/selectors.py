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


def leadership(committee: Committee, on: datetime.date | None = None) -> Structure:
    """Who leads (Arts 3-4): the director, the deputies and the office director in force, in one query; the
    work bench shows them (the committee page shows the whole `committee_structure`)."""
    on = on or timezone.localdate()
    structure = Structure(committee=committee, on=on)
    leaders = (
        Appointment.objects.in_force(on)
        .filter(committee=committee, position__in=[Position.DIRECTOR, Position.DEPUTY, Position.OFFICE_DIRECTOR])
        .select_related("person")
        .order_by("position", "seat", "start_date")
    )
    for appointment in leaders:
        if appointment.position == Position.DIRECTOR:
            structure.director = appointment
        elif appointment.position == Position.DEPUTY:
            structure.deputies.append(appointment)
        else:
            structure.office_director = appointment
    return structure


def current_rules(committee: Committee) -> RulesVersion | None:
    return (
        committee.rules_versions.order_by("-version")
        .prefetch_related(Prefetch("articles", queryset=Article.objects.order_by("number")))
        .first()
    )


def unit_appointments(unit: MemberUnit) -> QuerySet[Appointment]:
    return unit.appointments.select_related("person").order_by("-start_date")


# The committee switcher lists up to this many committees; past it, it is a search (a district viewer reads
# hundreds of towns, and the top bar is on every page).
SWITCHER_LIST_MAX = 12
SWITCHER_RESULTS = 30


@dataclass
class CommitteeChoice:
    """The committee the pages speak of, and what the top bar's switcher offers: the list when it is short
    (`listed`), else a search (`searchable`). Two queries at most, however many committees the user sees."""

    current: Committee | None
    listed: list[Committee] = field(default_factory=list)
    searchable: bool = False

    @property
    def switchable(self) -> bool:
        return self.searchable or len(self.listed) > 1


def committee_choice(request) -> CommitteeChoice:
    """The committee chosen in the switcher (kept in the session), else the user's first by code; read once per
    request (the top bar and the work bench both ask)."""
    cached = getattr(request, "_committee_choice", None)
    if cached is not None:
        return cached
    from .authority import committees_visible_to

    visible = committees_visible_to(request.user).order_by("code")
    first = list(visible[: SWITCHER_LIST_MAX + 1])
    chosen = request.session.get("committee")
    current = next((c for c in first if c.code == chosen), None)
    if current is None and chosen and len(first) > SWITCHER_LIST_MAX:
        current = visible.filter(code=chosen).first()
    current = current or (first[0] if first else None)
    if len(first) > SWITCHER_LIST_MAX:
        choice = CommitteeChoice(current=current, searchable=True)
    else:
        choice = CommitteeChoice(current=current, listed=first)
    request._committee_choice = choice
    return choice


def committees_matching(user, text: str, limit: int = SWITCHER_RESULTS) -> list[Committee]:
    """The committees the user sees whose name, short name or code contains `text` (all of them, first by code,
    when it is empty), at most `limit`."""
    from django.db.models import Q

    from .authority import committees_visible_to

    visible = committees_visible_to(user)
    text = text.strip()
    if text:
        visible = visible.filter(Q(name__icontains=text) | Q(short_name__icontains=text) | Q(code__icontains=text))
    return list(visible.order_by("code")[:limit])


# The inbox badge counts up to this many unread notifications and shows "99+" past it: counting thousands of
# rows on every page would cost more than the page.
UNREAD_CAP = 99


def unread_badge(user) -> str:
    """The inbox badge: how many notifications the user has not read, capped ("99+"), "" when none."""
    from .models import Notification

    unread = (
        Notification.objects.filter(recipient__user=user, read_at__isnull=True).order_by()[: UNREAD_CAP + 1].count()
    )
    if unread > UNREAD_CAP:
        return f"{UNREAD_CAP}+"
    return str(unread) if unread else ""
