"""Arts 3, 4, 25: one director, one office director, three deputies, one liaison per unit."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from committee.models import Appointment, Position
from committee.services import appointment_end, appointment_make, person_create
from members.models import MemberUnit

TODAY = datetime.date(2026, 1, 5)


@pytest.fixture
def newcomer(staffed):
    return person_create(committee=staffed, name="新来的人")


def test_second_director_is_refused_with_a_clear_message(staffed, newcomer):
    with pytest.raises(ValidationError) as excinfo:
        appointment_make(committee=staffed, person=newcomer, position=Position.DIRECTOR, start_date=TODAY)
    assert "主任已由王建国担任" in " ".join(excinfo.value.messages)


def test_second_director_is_refused_by_the_database_too(staffed, newcomer):
    with pytest.raises(IntegrityError), transaction.atomic():
        Appointment.objects.create(committee=staffed, person=newcomer, position=Position.DIRECTOR, start_date=TODAY)


def test_fourth_deputy_is_refused(staffed, newcomer):
    with pytest.raises(ValidationError) as excinfo:
        appointment_make(committee=staffed, person=newcomer, position=Position.DEPUTY, start_date=TODAY)
    assert "委员会设副主任3名，现已满额" in " ".join(excinfo.value.messages)


def test_fourth_deputy_seat_is_refused_by_the_database(staffed, newcomer):
    with pytest.raises(IntegrityError), transaction.atomic():
        Appointment.objects.create(
            committee=staffed, person=newcomer, position=Position.DEPUTY, seat=2, start_date=TODAY
        )


def test_deputy_seat_beyond_the_committee_limit_fails_validation(staffed, newcomer):
    appointment = Appointment(committee=staffed, person=newcomer, position=Position.DEPUTY, seat=4, start_date=TODAY)
    with pytest.raises(ValidationError) as excinfo:
        appointment.full_clean()
    assert "seat" in excinfo.value.message_dict


def test_second_liaison_is_refused(staffed, newcomer):
    unit = MemberUnit.objects.get(committee=staffed, code="fulian")
    with pytest.raises(ValidationError) as excinfo:
        appointment_make(committee=staffed, person=newcomer, position=Position.LIAISON, unit=unit, start_date=TODAY)
    assert "妇联联络员已由" in " ".join(excinfo.value.messages)
    with pytest.raises(IntegrityError), transaction.atomic():
        Appointment.objects.create(
            committee=staffed, person=newcomer, position=Position.LIAISON, unit=unit, start_date=TODAY
        )


def test_second_office_director_is_refused(staffed, newcomer):
    with pytest.raises(ValidationError):
        appointment_make(committee=staffed, person=newcomer, position=Position.OFFICE_DIRECTOR, start_date=TODAY)


def test_a_seat_freed_by_ending_an_appointment_can_be_filled(staffed, newcomer, appointment_of):
    old = appointment_of("deputy2")
    appointment_end(appointment=old, end_date=TODAY)
    new = appointment_make(committee=staffed, person=newcomer, position=Position.DEPUTY, start_date=TODAY)
    assert new.seat == old.seat
    assert Appointment.objects.in_force(TODAY).filter(committee=staffed, position=Position.DEPUTY).count() == 3


def test_overlapping_dated_director_is_refused(staffed, newcomer, appointment_of):
    director = appointment_of("director")
    director = appointment_end(appointment=director, end_date=datetime.date(2026, 6, 1))
    with pytest.raises(ValidationError):
        appointment_make(
            committee=staffed, person=newcomer, position=Position.DIRECTOR, start_date=datetime.date(2026, 5, 1)
        )
    successor = appointment_make(
        committee=staffed, person=newcomer, position=Position.DIRECTOR, start_date=datetime.date(2026, 6, 1)
    )
    assert successor.is_in_force(datetime.date(2026, 6, 1))
    assert not director.is_in_force(datetime.date(2026, 6, 1))


def test_unit_position_needs_a_unit(staffed, newcomer):
    with pytest.raises(ValidationError) as excinfo:
        appointment_make(committee=staffed, person=newcomer, position=Position.LIAISON, start_date=TODAY)
    assert "unit" in excinfo.value.message_dict


def test_appointments_have_history(staffed, appointment_of):
    director = appointment_of("director")
    appointment_end(appointment=director, end_date=TODAY)
    assert [record.history_type for record in director.history.order_by("history_date")] == ["+", "~"]
