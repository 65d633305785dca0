"""core.acts: an act read and written through `ActedBy`, its capacity in the reader's language and in Chinese.

The base layer knows no project app, so these tests act on stand-ins with the same attributes as an
appointment, a delegation and a model; the apps' own tests cover the real models.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone, translation
from django.utils.translation import gettext

from core.acts import Act, ActedBy, capacity_words, delegation_number


@dataclass
class Unit:
    short_name: str


@dataclass
class Appointment:
    label: str
    unit: Unit | None = None

    @property
    def unit_id(self):
        return 1 if self.unit else None

    @property
    def person(self):
        return "王副主任"

    @property
    def position(self):
        return "deputy"

    def get_position_display(self) -> str:
        return gettext(self.label)


@dataclass
class Delegation:
    number: int


@dataclass
class Capacity:
    """What `authority.require()` returns."""

    appointment: Appointment
    delegation: Delegation | None = None


class Signed:
    """A model's three fields and the descriptor over them."""

    signed = ActedBy("signed")
    chaired = ActedBy("chair", by="chair", under="chair_delegation", at="starts_at", stamps=False)

    def __init__(self):
        self.signed_by = self.signed_under = self.signed_at = None
        self.chair = self.chair_delegation = None
        self.starts_at = datetime.datetime(2026, 3, 5, 9, 0, tzinfo=datetime.UTC)

    # Django's foreign keys expose the key as `<name>_id`.
    def __getattr__(self, name):
        if name.endswith("_id"):
            return 1 if getattr(self, name.removesuffix("_id")) is not None else None
        raise AttributeError(name)


DEPUTY = Appointment("副主任")
DELEGATION = Delegation(3)


def test_nobody_has_acted_yet():
    assert Signed().signed is None


def test_assigning_a_capacity_writes_the_keys_and_stamps_the_moment():
    record = Signed()
    before = timezone.now()
    record.signed = Capacity(DEPUTY, DELEGATION)
    assert record.signed_by is DEPUTY and record.signed_under is DELEGATION
    assert record.signed_at >= before
    act = record.signed
    assert act == Act(DEPUTY, DELEGATION, record.signed_at)
    assert act.person == "王副主任" and act.position == "deputy"


def test_an_act_keeps_its_own_moment_and_clearing_empties_the_fields():
    record = Signed()
    moment = timezone.now() - datetime.timedelta(days=1)
    record.signed = Act(DEPUTY, None, moment)
    assert record.signed == Act(DEPUTY, None, moment)
    record.signed = None
    assert record.signed is None and record.signed_at is None and record.signed_under is None


def test_a_descriptor_that_does_not_stamp_leaves_the_moment_alone():
    record = Signed()
    starts_at = record.starts_at
    record.chaired = Capacity(DEPUTY, DELEGATION)
    assert record.starts_at == starts_at
    assert record.chaired.at == starts_at and record.chair_delegation is DELEGATION
    assert Signed.chaired.fields == ["chair", "chair_delegation"]
    assert Signed.signed.fields == ["signed_by", "signed_under", "signed_at"]


def test_the_capacity_is_rendered_in_the_readers_language_and_frozen_in_chinese():
    act = Act(DEPUTY, DELEGATION)
    with translation.override("en"):
        assert act.capacity == "As Deputy Director (Delegation No. 3)"
        assert str(act) == act.capacity
        assert act.capacity_zh == "以副主任身份（第3号委托）"
    with translation.override("zh-hans"):
        assert act.capacity == "以副主任身份（第3号委托）"


def test_the_words_of_a_unit_position():
    liaison = Appointment("联络员", unit=Unit("妇联"))
    with translation.override("zh-hans"):
        assert capacity_words(liaison) == "以妇联联络员身份"
    with translation.override("en"):
        assert capacity_words(liaison) == "As Liaison of 妇联"


def test_the_delegation_number_is_read_from_old_text_in_either_language():
    assert delegation_number("以副主任身份（第12号委托）") == 12
    assert delegation_number("As Deputy Director (Delegation No. 3)") == 3
    assert delegation_number("以主任身份") is None
    assert delegation_number("") is None
