"""The member-unit picker (UI.md): units grouped by kind, each with who holds its roles (its committee member and
its liaison), searchable by unit or person; a plain grouped list without script (committee/pickers.py)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from committee.models import Appointment, Position
from committee.params import BoundedModelMultipleChoiceField
from committee.pickers import PickerSelectMultiple, described, joined

from .models import MemberUnit, UnitKind

_KIND_ORDER = {kind: index for index, kind in enumerate(UnitKind.values)}
ROLE_ORDER = (Position.UNIT_HEAD, Position.LIAISON)


def unit_roles(units: QuerySet[MemberUnit]) -> dict[int, str]:
    """Who holds each unit's roles now, in words: 成员（单位负责人）：刘芳；联络员：王丽 (one query)."""
    held: dict[int, list[str]] = {}
    appointments = (
        Appointment.objects.in_force()
        .filter(unit__in=units, position__in=ROLE_ORDER)
        .select_related("person")
        .order_by("unit_id", "position", "person__name")
    )
    for appointment in sorted(appointments, key=lambda a: (a.unit_id, ROLE_ORDER.index(a.position))):
        role = _("%(position)s：%(name)s") % {
            "position": appointment.get_position_display(),
            "name": appointment.person.name,
        }
        held.setdefault(appointment.unit_id, []).append(role)
    return {unit_id: joined(roles) for unit_id, roles in held.items()}


class UnitPickerField(BoundedModelMultipleChoiceField):
    """Member units, grouped by kind (司法行政, 公安机关, 群团组织 …) and searchable by name or by the people in their
    roles. Call `offer(queryset)` in the form's `__init__` with the units the form may take."""

    widget = PickerSelectMultiple

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("queryset", MemberUnit.objects.none())
        super().__init__(*args, **kwargs)

    def offer(self, units: QuerySet[MemberUnit]) -> None:
        self.queryset = units.order_by("sort_order", "code")
        roles = unit_roles(units)
        described(
            self,
            lambda unit: (_KIND_ORDER.get(unit.kind, len(_KIND_ORDER)), str(unit.get_kind_display())),
            lambda unit: (unit.short_name, roles.get(unit.pk, "")),
        )
