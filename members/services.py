"""Changes to membership: a unit's member or liaison (Art 25) and new member units (Art 6)."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from committee.authority import Action, holders, require
from committee.locks import locked
from committee.models import Appointment, Committee, Position
from committee.services import appointment_end, appointment_make, notification_send, person_create
from committee.workflow import perform
from core.wording import Phrase

from .models import Duty, MembershipChange, MemberUnit, NewUnitProposal, ProposalState


@transaction.atomic
def membership_change_propose(
    *,
    by,
    unit: MemberUnit,
    position: str,
    new_person_name: str,
    effective_on: datetime.date,
    reason: str,
    new_person_title: str = "",
    new_person_phone: str = "",
) -> MembershipChange:
    """Art 25: the unit (its head or liaison) proposes who should replace its member or liaison.

    The proposal names a person (name, title, phone), never a login: which login acts for the new person is
    the system administrator's act (`person_login_link`), with a reason, after the change is confirmed."""
    capacity = require(by, Action.PROPOSE_MEMBER_CHANGE, unit)
    if position not in {Position.UNIT_HEAD, Position.LIAISON}:
        raise ValidationError({"position": _("只能调整成员或联络员。")})
    if MembershipChange.objects.filter(unit=unit, position=position, state=ProposalState.PROPOSED).exists():
        raise ValidationError(_("本单位已有一项同类调整等待委员会确定。"))
    current = Appointment.objects.in_force().filter(unit=unit, position=position).first()
    change = MembershipChange(
        committee=unit.committee,
        unit=unit,
        position=position,
        replaces=current,
        new_person_name=new_person_name,
        new_person_title=new_person_title,
        new_person_phone=new_person_phone,
        effective_on=effective_on,
        reason=reason,
        proposed_by=capacity.appointment,
        proposed_at=timezone.now(),
    )
    change.full_clean()
    if current is not None and effective_on <= current.start_date:
        raise ValidationError({"effective_on": _("生效日期必须晚于现任人员的任职日期。")})
    change.save()
    notification_send(
        recipients=list(holders(unit, Action.CONFIRM_MEMBER_CHANGE) | holders(unit, Action.MANAGE_COMMITTEE)),
        subject=Phrase(gettext_noop("%(unit)s提出成员调整，待委员会确定"), unit=unit.short_name),
        body=change.name_phrase(),
        link=change.get_absolute_url(),
    )
    return change


@transaction.atomic
def membership_change_confirm(*, by, change: MembershipChange, note: str = "") -> MembershipChange:
    """Art 25: the committee confirms; the old appointment ends and the new one begins on the effective date."""
    change = locked(MembershipChange.objects.all()).select_related("unit", "committee").get(pk=change.pk)
    capacity = perform(change, "confirm", by)
    person = person_create(committee=change.committee, name=change.new_person_name, job_title=change.new_person_title)
    if change.replaces_id:
        appointment_end(appointment=change.replaces, end_date=change.effective_on)
    for stale in Appointment.objects.filter(unit=change.unit, position=change.position, end_date__isnull=True):
        appointment_end(
            appointment=stale, end_date=max(change.effective_on, stale.start_date + datetime.timedelta(days=1))
        )
    change.new_appointment = appointment_make(
        committee=change.committee,
        person=person,
        position=change.position,
        unit=change.unit,
        start_date=change.effective_on,
    )
    change.decided = capacity
    change.decision_note = note
    change.save()
    notification_send(
        recipients=[change.proposed_by.person, *holders(change, Action.MANAGE_COMMITTEE)],
        subject=Phrase(gettext_noop("成员调整已确定：%(change)s"), change=change.name_phrase()),
        link=change.get_absolute_url(),
    )
    return change


@transaction.atomic
def membership_change_reject(*, by, change: MembershipChange, note: str) -> MembershipChange:
    """Art 25: the committee does not agree, saying why; nobody changes."""
    change = locked(MembershipChange.objects.all()).select_related("unit", "committee").get(pk=change.pk)
    capacity = perform(change, "reject", by)
    if not note.strip():
        raise ValidationError({"decision_note": _("请写明不同意的理由。")})
    change.decided = capacity
    change.decision_note = note
    change.save()
    notification_send(
        recipients=[change.proposed_by.person],
        subject=Phrase(gettext_noop("成员调整未获同意：%(change)s"), change=change.name_phrase()),
        body=note,
        link=change.get_absolute_url(),
    )
    return change


@transaction.atomic
def unit_proposal_create(
    *, by, committee: Committee, name: str, short_name: str, code: str, kind: str, reason: str
) -> NewUnitProposal:
    """Art 6: 司法所 (the office director) proposes to add a member unit."""
    capacity = require(by, Action.PROPOSE_NEW_UNIT, committee)
    if MemberUnit.objects.filter(committee=committee, code=code).exists():
        raise ValidationError({"code": _("已有代码相同的成员单位。")})
    if MemberUnit.objects.filter(committee=committee, name=name).exists():
        raise ValidationError({"name": _("该单位已是成员单位。")})
    proposal = NewUnitProposal(
        committee=committee,
        name=name,
        short_name=short_name,
        code=code,
        kind=kind,
        reason=reason,
        proposed_by=capacity.appointment,
        proposed_at=timezone.now(),
    )
    proposal.full_clean()
    proposal.save()
    notification_send(
        recipients=list(holders(committee, Action.DECIDE_IMPORTANT)),
        subject=Phrase(gettext_noop("司法所提请增加成员单位：%(name)s"), name=name),
        body=reason,
        link=proposal.get_absolute_url(),
    )
    return proposal


def _proposal_locked(proposal: NewUnitProposal) -> NewUnitProposal:
    return locked(NewUnitProposal.objects.all()).select_related("committee").get(pk=proposal.pk)


@transaction.atomic
def unit_proposal_agree(*, by, proposal: NewUnitProposal, decision_record: str) -> NewUnitProposal:
    """The committee agrees (an important matter: the director or a deputy delegated to decide)."""
    proposal = _proposal_locked(proposal)
    capacity = perform(proposal, "agree", by)
    if not decision_record.strip():
        raise ValidationError({"decision_record": _("请填写研究决定的会议或纪要。")})
    proposal.agreed = capacity
    proposal.decision_record = decision_record
    proposal.save()
    notification_send(
        recipients=list(holders(proposal.committee, Action.MANAGE_COMMITTEE)),
        subject=Phrase(gettext_noop("委员会已同意增加成员单位：%(name)s，请报镇政府"), name=proposal.name),
        link=proposal.get_absolute_url(),
    )
    return proposal


@transaction.atomic
def unit_proposal_reject(*, by, proposal: NewUnitProposal, reason: str) -> NewUnitProposal:
    """The committee does not agree (the director or a delegated deputy), or the town government does not approve
    (recorded by the office); the reason is kept."""
    proposal = _proposal_locked(proposal)
    perform(proposal, "reject", by)
    if not reason.strip():
        raise ValidationError({"rejection_reason": _("请写明理由。")})
    proposal.rejection_reason = reason
    proposal.save()
    return proposal


@transaction.atomic
def unit_proposal_submit(*, by, proposal: NewUnitProposal, submission_ref: str) -> NewUnitProposal:
    """The office submits the agreed proposal to the town government."""
    proposal = _proposal_locked(proposal)
    perform(proposal, "submit", by)
    proposal.submitted_at = timezone.now()
    proposal.submission_ref = submission_ref
    proposal.save()
    return proposal


@transaction.atomic
def unit_proposal_approve(
    *, by, proposal: NewUnitProposal, approved_on: datetime.date, approval_ref: str
) -> MemberUnit:
    """The town government's approval is recorded (date and reference); only then is the unit created."""
    proposal = _proposal_locked(proposal)
    perform(proposal, "approve", by)
    if not approval_ref.strip():
        raise ValidationError({"approval_ref": _("请填写镇政府的批准文号。")})
    if approved_on > timezone.localdate():
        raise ValidationError({"approved_on": _("批准日期不能晚于今天。")})
    proposal.approved_on = approved_on
    proposal.approval_ref = approval_ref
    proposal.save()
    last = MemberUnit.objects.filter(committee=proposal.committee).aggregate(n=Max("sort_order"))["n"] or 0
    unit = MemberUnit(
        committee=proposal.committee,
        code=proposal.code,
        name=proposal.name,
        short_name=proposal.short_name,
        kind=proposal.kind,
        article_number=None,
        listed_in_art6=False,
        sort_order=last + 1,
        joined_on=approved_on,
    )
    unit.full_clean()
    unit.save()
    proposal.unit = unit
    proposal.unit_created()
    proposal.save()
    notification_send(
        recipients=list(holders(proposal.committee, Action.MANAGE_COMMITTEE)),
        subject=Phrase(gettext_noop("成员单位已增设：%(name)s，请录入其职责"), name=unit.name),
        link=reverse("members:unit", kwargs={"committee_code": unit.committee.code, "code": unit.code}),
    )
    return unit


@transaction.atomic
def duty_add(*, by, unit: MemberUnit, text: str) -> Duty:
    """The office enters a duty item of a unit added after the rules (its duties are not in any article)."""
    require(by, Action.MANAGE_COMMITTEE, unit.committee)
    unit = locked(MemberUnit.objects.all()).get(pk=unit.pk)
    if unit.article_number is not None:
        raise ValidationError(_("该单位的职责由规则第%(n)s条规定，请通过修订规则变更。") % {"n": unit.article_number})
    last = unit.duties.aggregate(n=Max("item_number"))["n"] or 0
    duty = Duty(committee=unit.committee, unit=unit, article_number=None, item_number=last + 1, text=text.strip())
    duty.full_clean()
    duty.save()
    return duty
