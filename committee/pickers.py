"""Searchable pickers of people and member units (UI.md: units grouped by kind, people with their position and unit).

A picker is a plain `<select>` that works as it is without script: its options are grouped (`<optgroup>`) and each
option's text says everything (妇联 — 成员（单位负责人）：刘芳；联络员：王丽). `static/js/pickers.js` turns every
`select[data-picker]` into a Tom Select search box (static/vendor/tom-select), which shows the option's name
(`data-name`) above its detail (`data-detail`) and finds an option by any word of its text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django import forms
from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from .models import Appointment, Committee, Person, Position
from .params import BoundedModelMultipleChoiceField

# Rows a multiple picker shows without script, at most: enough to see the groups, short enough for a phone.
VISIBLE_ROWS = 12

Group = tuple[int, str]  # (order, label)
Described = tuple[str, str]  # (name, detail)


class _Picker:
    """Groups the options by `group_of(instance)` and gives each its name and detail (`describe(instance)`)."""

    group_of: Callable[[Any], Group] | None = None
    describe: Callable[[Any], Described] | None = None

    def __init__(self, attrs=None, **kwargs):
        super().__init__({"data-picker": "", **(attrs or {})}, **kwargs)

    def optgroups(self, name, value, attrs=None):
        if self.group_of is None:
            return super().optgroups(name, value, attrs)
        flat = self.choices
        groups: dict[Group, list] = {}
        blank = []
        for option_value, label in flat:
            instance = getattr(option_value, "instance", None)
            if instance is None:
                blank.append((option_value, label))  # the empty choice of a single picker stays on top
                continue
            groups.setdefault(self.group_of(instance), []).append((option_value, label))
        self.choices = blank + [(label, options) for (_order, label), options in sorted(groups.items())]
        try:
            return super().optgroups(name, value, attrs)
        finally:
            self.choices = flat

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex=subindex, attrs=attrs)
        instance = getattr(value, "instance", None)
        if instance is not None and self.describe is not None:
            short, detail = self.describe(instance)
            option["attrs"]["data-name"] = short
            if detail:
                option["attrs"]["data-detail"] = detail
        return option

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        if self.allow_multiple_selected:
            rows = sum((1 if group else 0) + len(options) for group, options, _index in context["widget"]["optgroups"])
            context["widget"]["attrs"].setdefault("size", str(max(4, min(rows, VISIBLE_ROWS))))
        return context


class PickerSelect(_Picker, forms.Select):
    """One choice, searchable."""


class PickerSelectMultiple(_Picker, forms.SelectMultiple):
    """Several choices, searchable; without script, a list to pick from with Ctrl (or ⌘) held."""


def joined(parts: Iterable[str]) -> str:
    """Parts of an option's detail, the way the active language separates them: 甲；乙 / A; B."""
    separator = "；" if (translation.get_language() or "zh").startswith("zh") else "; "
    return separator.join(parts)


def described(field: forms.ModelChoiceField, group_of, describe) -> None:
    """Labels a model choice field's options `name — detail` (what search and a page without script read) and
    tells its picker widget how to group and show them."""
    field.widget.group_of = group_of
    field.widget.describe = describe

    def label(instance) -> str:
        short, detail = describe(instance)
        return f"{short} — {detail}" if detail else short

    field.label_from_instance = label


# People --------------------------------------------------------------------------------------------------------

LEADERSHIP = (Position.DIRECTOR, Position.DEPUTY)
OFFICE = (Position.OFFICE_DIRECTOR, Position.OFFICE_STAFF)
_POSITION_ORDER = {position: index for index, position in enumerate(Position.values)}


def ordered_people(ids: list[int]) -> QuerySet[Person]:
    """A queryset of people kept in the given order."""
    return Person.objects.filter(pk__in=ids).order_by(
        Case(
            *(When(pk=pk, then=Value(index)) for index, pk in enumerate(ids)),
            default=Value(len(ids)),
            output_field=IntegerField(),
        )
    )


def _group_of_appointment(appointment: Appointment) -> Group:
    if appointment.position in LEADERSHIP:
        return (0, str(_("委员会领导")))
    if appointment.position in OFFICE:
        return (1, str(_("委员会办公室")))
    if appointment.unit_id:
        return (10 + appointment.unit.sort_order, appointment.unit.short_name)
    return (9999, str(_("其他")))


def _capacity(appointment: Appointment) -> str:
    position = str(appointment.get_position_display())
    return f"{appointment.unit.short_name} · {position}" if appointment.unit_id else position


class _People:
    """The people in force in a committee (in some positions), each with every position they hold and where."""

    def __init__(self, committee: Committee, positions: Iterable[str] | None = None):
        appointments = Appointment.objects.in_force().filter(committee=committee).select_related("person", "unit")
        if positions is not None:
            appointments = appointments.filter(position__in=list(positions))
        held: dict[int, list[Appointment]] = {}
        for appointment in sorted(
            appointments,
            key=lambda a: (
                _POSITION_ORDER[a.position] if a.position in LEADERSHIP + OFFICE else 10,
                a.unit.sort_order if a.unit_id else 0,
                a.seat or 0,
                _POSITION_ORDER[a.position],
                a.person.name,
            ),
        ):
            held.setdefault(appointment.person_id, []).append(appointment)
        self.held = held
        self.ids = list(held)

    def group_of(self, person: Person) -> Group:
        appointments = self.held.get(person.pk)
        return _group_of_appointment(appointments[0]) if appointments else (9999, str(_("其他")))

    def describe(self, person: Person) -> Described:
        return person.name, joined(_capacity(appointment) for appointment in self.held.get(person.pk, []))


class PeoplePickerField(BoundedModelMultipleChoiceField):
    """People of the committee, grouped (leadership, office, each unit) and searchable by name, position or unit:
    刘芳 — 妇联 · 成员（单位负责人）. Call `offer(committee, positions)` in the form's `__init__`."""

    widget = PickerSelectMultiple

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("queryset", Person.objects.none())
        super().__init__(*args, **kwargs)

    def offer(self, committee: Committee, positions: Iterable[str] | None = None, *, exclude: Iterable[int] = ()):
        people = _People(committee, positions)
        skip = set(exclude)
        self.queryset = ordered_people([pk for pk in people.ids if pk not in skip])
        described(self, people.group_of, people.describe)
