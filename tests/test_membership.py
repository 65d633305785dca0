"""Art 25 (membership changes) and Art 6 (new member units): proposals, decisions, permissions following."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from committee.authority import Action, NotAllowed, decide
from committee.models import Appointment, Notification, Position
from committee.services import person_login_link
from members.models import MembershipChange, MemberUnit, NewUnitProposal
from members.selectors import units_of_user
from members.services import (
    duty_add,
    membership_change_confirm,
    membership_change_propose,
    membership_change_reject,
    unit_proposal_agree,
    unit_proposal_approve,
    unit_proposal_create,
    unit_proposal_submit,
)


@pytest.fixture
def fulian(staffed):
    return MemberUnit.objects.get(committee=staffed, code="fulian")


@pytest.fixture
def successor():
    return get_user_model().objects.create_user("new-liaison-fulian")


def propose(users, fulian, successor, **overrides):
    values = {
        "by": users["head-fulian"],
        "unit": fulian,
        "position": Position.LIAISON,
        "new_person_name": "韩梅梅",
        "new_person_title": "妇联干事",
        "effective_on": timezone.localdate(),
        "reason": "原联络员调任",
    }
    return membership_change_propose(**(values | overrides))


def test_liaison_change_confirmed_moves_permissions_at_once(staffed, users, fulian, successor):
    old = users["liaison-fulian"]
    assert fulian in units_of_user(old, staffed)
    change = propose(users, fulian, successor)
    assert Notification.objects.filter(recipient__user=users["director"], link=change.get_absolute_url()).exists()

    membership_change_confirm(by=users["director"], change=change, note="同意")
    # The new person's login is linked by the system administrator, with a reason (not named in the proposal).
    administrator = get_user_model().objects.create_superuser("sysadmin", "sysadmin@localhost", "x")
    change.refresh_from_db()
    person_login_link(by=administrator, person=change.new_appointment.person, user=successor, reason="新联络员的账号")

    change.refresh_from_db()
    assert change.state == "confirmed"
    assert change.decided.capacity == "以主任身份"
    assert not decide(old, Action.ACT_FOR_UNIT, fulian).allowed
    assert fulian not in units_of_user(old, staffed)
    assert decide(successor, Action.ACT_FOR_UNIT, fulian).allowed
    assert fulian in units_of_user(successor, staffed)
    assert Appointment.objects.in_force().get(unit=fulian, position=Position.LIAISON).person.user == successor


def test_the_old_liaison_loses_the_page_at_once(client, staffed, users, fulian, successor):
    client.force_login(users["liaison-fulian"])
    change = propose(users, fulian, successor)
    assert client.get(reverse("members:change", args=[change.pk])).status_code == 200
    membership_change_confirm(by=users["director"], change=change)
    assert client.get(reverse("members:change", args=[change.pk])).status_code == 404


def test_only_the_unit_itself_proposes(staffed, users, fulian, successor):
    with pytest.raises(NotAllowed):
        propose(users, fulian, successor, by=users["liaison-gonghui"])
    with pytest.raises(NotAllowed):
        propose(users, fulian, successor, by=users["office_staff"])


def test_deputy_confirms_only_under_a_delegation_to_decide(staffed, users, fulian, successor, delegate):
    change = propose(users, fulian, successor)
    with pytest.raises(NotAllowed):
        membership_change_confirm(by=users["deputy1"], change=change)
    delegation = delegate("deputy1", ["decide"])
    membership_change_confirm(by=users["deputy1"], change=change)
    change.refresh_from_db()
    assert change.decided_under == delegation
    assert change.decided.capacity == f"以副主任身份（第{delegation.number}号委托）"


def test_rejection_needs_a_reason_and_changes_nobody(staffed, users, fulian, successor):
    change = propose(users, fulian, successor)
    with pytest.raises(ValidationError):
        membership_change_reject(by=users["director"], change=change, note=" ")
    membership_change_reject(by=users["director"], change=change, note="人选需再研究")
    assert decide(users["liaison-fulian"], Action.ACT_FOR_UNIT, fulian).allowed
    with pytest.raises(ValidationError):
        membership_change_confirm(by=users["director"], change=change)


def test_future_change_takes_effect_on_its_date(staffed, users, fulian, successor):
    effective = timezone.localdate() + datetime.timedelta(days=10)
    change = propose(users, fulian, successor, effective_on=effective)
    membership_change_confirm(by=users["director"], change=change)
    change.refresh_from_db()
    administrator = get_user_model().objects.create_superuser("sysadmin", "sysadmin@localhost", "x")
    person_login_link(by=administrator, person=change.new_appointment.person, user=successor, reason="新联络员")
    assert decide(users["liaison-fulian"], Action.ACT_FOR_UNIT, fulian).allowed
    assert not decide(successor, Action.ACT_FOR_UNIT, fulian).allowed
    later = timezone.now() + datetime.timedelta(days=10, hours=1)
    assert decide(successor, Action.ACT_FOR_UNIT, fulian, later).allowed
    assert not decide(users["liaison-fulian"], Action.ACT_FOR_UNIT, fulian, later).allowed


def test_a_second_pending_proposal_is_refused(staffed, users, fulian, successor):
    propose(users, fulian, successor)
    with pytest.raises(ValidationError):
        propose(users, fulian, successor)


def test_proposal_form_keeps_what_was_typed(client, staffed, users, fulian):
    client.force_login(users["liaison-fulian"])
    response = client.post(
        reverse("members:change_new", args=[staffed.code, "fulian"]),
        {
            "position": "liaison",
            "new_person_name": "李雷",
            "effective_on": "2026-13-40",
            "reason": "调动",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "李雷" in page
    assert "输入一个有效的日期。" in page
    assert not MembershipChange.objects.exists()


def test_new_unit_goes_through_every_step_before_it_exists(staffed, users):
    proposal = unit_proposal_create(
        by=users["office_director"],
        committee=staffed,
        name="镇退役军人服务站",
        short_name="退役军人服务站",
        code="tuiyi",
        kind="government_office",
        reason="帮扶需要",
    )
    with pytest.raises(ValidationError):
        unit_proposal_submit(by=users["office_staff"], proposal=proposal, submission_ref="密镇矫委〔2026〕1号")
    with pytest.raises(NotAllowed):
        unit_proposal_agree(by=users["office_director"], proposal=proposal, decision_record="会议")
    unit_proposal_agree(by=users["director"], proposal=proposal, decision_record="2026年第一次全体会议")
    unit_proposal_submit(by=users["office_staff"], proposal=proposal, submission_ref="密镇矫委〔2026〕1号")
    assert not MemberUnit.objects.filter(code="tuiyi").exists()
    with pytest.raises(ValidationError):
        unit_proposal_approve(
            by=users["office_staff"], proposal=proposal, approved_on=timezone.localdate(), approval_ref=""
        )
    unit = unit_proposal_approve(
        by=users["office_staff"],
        proposal=proposal,
        approved_on=timezone.localdate(),
        approval_ref="密镇政函〔2026〕8号",
    )
    proposal.refresh_from_db()
    assert proposal.state == "created" and proposal.unit == unit
    assert unit.article_number is None and not unit.listed_in_art6
    duty = duty_add(by=users["office_staff"], unit=unit, text="为退役军人社区矫正对象提供帮扶")
    assert duty.item_number == 1 and duty.article_number is None
    with pytest.raises(NotAllowed):
        duty_add(by=users["liaison-fulian"], unit=unit, text="越权")


def test_only_the_office_director_proposes_a_unit(staffed, users):
    for username in ("office_staff", "director", "liaison-sifasuo"):
        with pytest.raises(NotAllowed):
            unit_proposal_create(
                by=users[username],
                committee=staffed,
                name="某单位",
                short_name="某",
                code="x",
                kind="regulator",
                reason="r",
            )
    assert not NewUnitProposal.objects.exists()


def test_duties_of_units_from_the_rules_are_not_edited_by_hand(staffed, users, fulian):
    with pytest.raises(ValidationError):
        duty_add(by=users["office_staff"], unit=fulian, text="新职责")
