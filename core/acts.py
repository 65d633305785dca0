"""Who acted: the appointment, the delegation if any, and the moment, kept as data.

Every sign-off, decision, approval, review and confirmation stores an appointment key, a delegation key
and a time, and reads them back through an `ActedBy` declared on its model. The words of the capacity
(以副主任身份（第3号委托）) are rendered when shown, in the reader's language; what a signed document prints
is `capacity_zh`, always Chinese (Art 24: the document is the Chinese text that was signed).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Any, Protocol

from django.utils import timezone, translation
from django.utils.translation import gettext_noop

from .wording import Phrase, choice_label


# What an act needs of an appointment and a delegation (committee.Appointment and committee.Delegation): the
# base layer names their shape, not the committee's models, so that it imports nothing above it.
class AppointmentLike(Protocol):
    position: str
    unit_id: int | None

    @property
    def person(self) -> Any: ...

    @property
    def unit(self) -> Any: ...

    def get_position_display(self) -> str: ...


class DelegationLike(Protocol):
    number: int


# The language of official documents, whatever the language of the person who signs them.
OFFICIAL_LANGUAGE = "zh-hans"

# The delegation number inside a capacity written as text, in Chinese or in English (the old stored form).
_DELEGATION_NUMBER = re.compile(r"第\s*(\d+)\s*号委托|Delegation No\.?\s*(\d+)")


def capacity_phrase(appointment: AppointmentLike, delegation: DelegationLike | None = None) -> Phrase:
    """In what capacity the holder of `appointment` acts, kept to be worded in the reader's language (a
    notification that names the capacity keeps this, not the words of the moment)."""
    position = choice_label(appointment, "position")
    if delegation is not None:
        return Phrase(
            gettext_noop("以%(position)s身份（第%(number)s号委托）"), position=position, number=delegation.number
        )
    if appointment.unit_id:
        return Phrase(gettext_noop("以%(unit)s%(position)s身份"), unit=appointment.unit.short_name, position=position)
    return Phrase(gettext_noop("以%(position)s身份"), position=position)


def capacity_words(appointment: AppointmentLike, delegation: DelegationLike | None = None) -> str:
    """In what capacity the holder of `appointment` acts, in the active language."""
    return str(capacity_phrase(appointment, delegation))


def delegation_number(text: str) -> int | None:
    """The delegation number a capacity text names, if any (used to carry old text columns over)."""
    match = _DELEGATION_NUMBER.search(text or "")
    if match is None:
        return None
    return int(match.group(1) or match.group(2))


@dataclass(frozen=True)
class Act:
    """One act: who (the appointment, hence the person and the position), under which delegation, when."""

    appointment: AppointmentLike
    delegation: DelegationLike | None = None
    at: datetime.datetime | None = None

    @property
    def person(self) -> Any:
        return self.appointment.person

    @property
    def position(self) -> str:
        return self.appointment.position

    @property
    def capacity(self) -> str:
        """The capacity in the reader's (active) language."""
        return capacity_words(self.appointment, self.delegation)

    @property
    def capacity_phrase(self) -> Phrase:
        """The capacity kept as a phrase, for a message read later in its reader's language."""
        return capacity_phrase(self.appointment, self.delegation)

    @property
    def capacity_zh(self) -> str:
        """The capacity in Chinese, as an official document prints it."""
        with translation.override(OFFICIAL_LANGUAGE):
            return capacity_words(self.appointment, self.delegation)

    def __str__(self) -> str:
        return self.capacity


class ActedBy(property):
    """Declared on a model (`signed = ActedBy("signed")`), reads its act from three fields and writes them.

    Reading gives an `Act`, or None while nobody has acted. Assigning what `authority.require()` returns
    (a capacity: appointment and delegation) or an `Act` sets the appointment and delegation keys, and the
    moment: the Act's own, else now. `stamps=False` leaves the moment alone, for a model whose moment field
    means something of its own (a meeting's start). A `property`, so that `Model(signed=...)` is accepted.
    """

    def __init__(
        self,
        prefix: str,
        *,
        by: str | None = None,
        under: str | None = None,
        at: str | None = None,
        stamps: bool = True,
        verbose_name: Any = None,
    ):
        self.by = by or f"{prefix}_by"
        self.under = under or f"{prefix}_under"
        self.at = at or f"{prefix}_at"
        self.stamps = stamps

        def read(instance):
            return self.read(instance)

        def write(instance, value):
            self.write(instance, value)

        # The admin labels a property column with its getter's short_description.
        read.short_description = verbose_name or prefix
        super().__init__(read, write, doc=f"Who acted ({self.by}, {self.under}, {self.at}).")

    def read(self, instance) -> Act | None:
        if getattr(instance, f"{self.by}_id") is None:
            return None
        under = getattr(instance, self.under) if getattr(instance, f"{self.under}_id") is not None else None
        return Act(appointment=getattr(instance, self.by), delegation=under, at=getattr(instance, self.at))

    def write(self, instance, value) -> None:
        if value is None:
            setattr(instance, self.by, None)
            setattr(instance, self.under, None)
            if self.stamps:
                setattr(instance, self.at, None)
            return
        setattr(instance, self.by, value.appointment)
        setattr(instance, self.under, value.delegation)
        if self.stamps:
            setattr(instance, self.at, getattr(value, "at", None) or timezone.now())

    @property
    def fields(self) -> list[str]:
        """The model fields this act writes, for `save(update_fields=...)`."""
        return [self.by, self.under, *([self.at] if self.stamps else [])]
