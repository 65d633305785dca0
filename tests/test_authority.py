"""The authority service: powers from appointments and delegations in force at the moment asked (Arts 21-25)."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from committee.authority import Action, NotAllowed, decide, require
from committee.models import Position
from committee.services import appointment_end, delegation_revoke
from members.models import MemberUnit

DELEGABLE_ACTIONS = [
    (Action.CHAIR_MEETING, "chair"),
    (Action.DECIDE_IMPORTANT, "decide"),
    (Action.CONFIRM_MEMBER_CHANGE, "decide"),
    (Action.APPROVE_INSPECTION, "approve_inspection"),
    (Action.SIGN_IMPORTANT, "sign"),
]


@pytest.mark.parametrize(("action", "_power"), DELEGABLE_ACTIONS)
def test_director_holds_every_delegable_power(staffed, users, action, _power):
    decision = decide(users["director"], action, staffed)
    assert decision.allowed
    assert str(decision.capacity) == "以主任身份"


@pytest.mark.parametrize(("action", "power"), DELEGABLE_ACTIONS)
def test_deputy_without_delegation_is_refused_with_the_reason(staffed, users, action, power):
    decision = decide(users["deputy1"], action, staffed)
    assert not decision.allowed
    assert "没有在效的" in decision.reason


@pytest.mark.parametrize(("action", "power"), DELEGABLE_ACTIONS)
def test_delegation_grants_exactly_its_scope(staffed, users, delegate, action, power):
    delegation = delegate("deputy1", [power])
    decision = decide(users["deputy1"], action, staffed)
    assert decision.allowed
    assert decision.capacity.delegation == delegation
    assert str(decision.capacity) == f"以副主任身份（第{delegation.number}号委托）"
    for other_action, other_power in DELEGABLE_ACTIONS:
        if other_power != power:
            assert not decide(users["deputy1"], other_action, staffed).allowed
    assert not decide(users["deputy2"], action, staffed).allowed


def test_expired_delegation_grants_nothing(staffed, users, delegate):
    delegate("deputy1", ["chair"], start=timezone.now() - datetime.timedelta(days=10), days=5)
    assert not decide(users["deputy1"], Action.CHAIR_MEETING, staffed).allowed


def test_delegation_applies_at_the_moment_asked(staffed, users, delegate):
    start = timezone.now() + datetime.timedelta(days=2)
    delegate("deputy1", ["sign"], start=start, days=3)
    assert not decide(users["deputy1"], Action.SIGN_IMPORTANT, staffed).allowed
    assert decide(users["deputy1"], Action.SIGN_IMPORTANT, staffed, start + datetime.timedelta(hours=1)).allowed
    assert not decide(users["deputy1"], Action.SIGN_IMPORTANT, staffed, start + datetime.timedelta(days=3)).allowed


def test_revoked_delegation_grants_nothing_from_the_revocation(staffed, users, delegate):
    delegation = delegate("deputy1", ["chair", "sign"])
    before = timezone.now()
    delegation_revoke(by=users["director"], delegation=delegation, reason="工作调整")
    assert not decide(users["deputy1"], Action.CHAIR_MEETING, staffed).allowed
    # An act recorded before the revocation stays valid under the delegation.
    assert decide(users["deputy1"], Action.CHAIR_MEETING, staffed, before).allowed


def test_only_the_director_delegates(staffed, users, delegate):
    with pytest.raises(NotAllowed):
        from committee.services import delegation_grant

        delegation_grant(
            by=users["deputy1"],
            committee=staffed,
            deputy=staffed.appointments.filter(position=Position.DEPUTY).first(),
            powers=["chair"],
            starts_at=timezone.now(),
            ends_at=timezone.now() + datetime.timedelta(days=1),
            reason="越权",
        )


def test_revoking_twice_is_refused_with_a_message(staffed, users, delegate):
    delegation = delegate("deputy1", ["chair"])
    delegation_revoke(by=users["director"], delegation=delegation, reason="工作调整")
    with pytest.raises(ValidationError):
        delegation_revoke(by=users["director"], delegation=delegation, reason="再次")


def test_ended_appointment_grants_nothing(staffed, users, appointment_of):
    appointment_end(appointment=appointment_of("director"))
    decision = decide(users["director"], Action.SIGN_IMPORTANT, staffed)
    assert not decision.allowed


def test_general_documents_are_signed_by_the_office_director_only(staffed, users):
    assert str(require(users["office_director"], Action.SIGN_GENERAL, staffed)) == "以办公室主任身份"
    for username in ("director", "deputy1", "office_staff", "liaison-sifasuo"):
        assert not decide(users[username], Action.SIGN_GENERAL, staffed).allowed


def test_liaison_acts_only_for_their_own_unit(staffed, users):
    own = MemberUnit.objects.get(committee=staffed, code="fulian")
    other = MemberUnit.objects.get(committee=staffed, code="gonghui")
    decision = decide(users["liaison-fulian"], Action.ACT_FOR_UNIT, own)
    assert decision.allowed
    assert str(decision.capacity) == "以妇联联络员身份"
    assert not decide(users["liaison-fulian"], Action.ACT_FOR_UNIT, other).allowed
    assert not decide(users["head-fulian"], Action.ACT_FOR_UNIT, own).allowed
    assert decide(users["head-fulian"], Action.CONFIRM_FOR_UNIT, own).allowed


def test_anonymous_is_asked_to_log_in(staffed):
    from django.contrib.auth.models import AnonymousUser

    decision = decide(AnonymousUser(), Action.VIEW_COMMITTEE, staffed)
    assert not decision.allowed and decision.reason == "请先登录。"


def test_viewer_of_parent_committee_reads_the_child(staffed, users):
    from django.contrib.auth import get_user_model

    from committee.services import appointment_make, person_create

    district = staffed.parent  # 密云区, loaded before 密云镇 (committee/data/miyun-district)
    user = get_user_model().objects.create_user("district-viewer")
    person = person_create(committee=district, name="区里的观察员", user=user)
    appointment_make(committee=district, person=person, position=Position.VIEWER, start_date=datetime.date(2026, 1, 1))
    assert decide(user, Action.VIEW_COMMITTEE, staffed).allowed
    assert decide(user, Action.VIEW_UNIT_AFFAIRS, staffed.units.first()).allowed
    assert not decide(user, Action.MANAGE_COMMITTEE, staffed).allowed
    assert not decide(users["office_staff"], Action.VIEW_COMMITTEE, district).allowed
