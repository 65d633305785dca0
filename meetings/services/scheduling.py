"""Art 21: scheduling a meeting with a chair who may chair it, inviting, notices, cancellation, attendance."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from committee.authority import Action, Capacity, decide, require
from committee.locks import locked
from committee.models import Committee, Person
from committee.services import notification_send
from committee.workflow import perform
from core.wording import Phrase
from members.models import MemberUnit

from .. import selectors
from ..models import (
    Attendance,
    Invitation,
    ItemState,
    Meeting,
    MeetingKind,
    MeetingState,
    MinutesState,
    moment_text,
)


def _chairing(committee: Committee, chair: Person, starts_at: datetime.datetime) -> Capacity:
    """Art 21: the chair is the director, or a deputy holding a delegation to chair at the meeting's time."""
    if chair.committee_id != committee.pk:
        raise ValidationError({"chair": _("主持人必须是本委员会的人员。")})
    decision = decide(chair.user, Action.CHAIR_MEETING, committee, at=starts_at, lock=True) if chair.user_id else None
    if not decision:
        raise ValidationError(
            {
                "chair": _(
                    "%(name)s在会议时间（%(when)s）不能主持会议：会议由主任或在该时间有“主持会议”委托的副主任主持。"
                )
                % {"name": chair.name, "when": moment_text(starts_at)}
            }
        )
    return decision.capacity


def _check_times(starts_at: datetime.datetime, ends_at: datetime.datetime | None) -> None:
    if ends_at is not None and ends_at <= starts_at:
        raise ValidationError({"ends_at": _("结束时间必须晚于开始时间。")})


def meeting_locked(meeting: Meeting) -> Meeting:
    """The meeting row, locked for this transaction: two people changing one meeting take turns."""
    return locked(Meeting.objects.all()).select_related("committee", "chair__person").get(pk=meeting.pk)


def _invite(meeting: Meeting, units: Iterable[MemberUnit], persons: Iterable[Person]) -> list[Invitation]:
    existing_units = set(meeting.invitations.exclude(unit=None).values_list("unit_id", flat=True))
    existing_people = set(meeting.invitations.exclude(person=None).values_list("person_id", flat=True))
    created = []
    for unit in units:
        if unit.committee_id != meeting.committee_id:
            raise ValidationError({"units": _("只能邀请本委员会的成员单位。")})
        if unit.pk not in existing_units:
            created.append(Invitation.objects.create(meeting=meeting, unit=unit))
            existing_units.add(unit.pk)
    for person in persons:
        if person.committee_id != meeting.committee_id:
            raise ValidationError({"persons": _("只能邀请本委员会的人员。")})
        if person.pk not in existing_people:
            created.append(Invitation.objects.create(meeting=meeting, person=person))
            existing_people.add(person.pk)
    return created


def notice_body(meeting: Meeting) -> Phrase:
    """The body of a notice or reminder: kind, time, place, chair and the agenda."""
    lines = [
        Phrase(gettext_noop("会议：%(title)s（%(kind)s）"), title=meeting.title, kind=MeetingKind(meeting.kind).label),
        Phrase(gettext_noop("时间：%(when)s"), when=meeting.starts_at),
        Phrase(gettext_noop("地点：%(location)s"), location=meeting.location),
        Phrase(gettext_noop("主持人：%(chair)s"), chair=meeting.chair.person.name),
    ]
    items = list(meeting.items.filter(state=ItemState.ACCEPTED).order_by("order", "pk").values_list("title", flat=True))
    if items:
        lines.append(Phrase(gettext_noop("议题：%(items)s"), items=items))
    return Phrase.lines(*lines)


def _soon(moment: datetime.datetime) -> bool:
    return timezone.localdate(moment) <= timezone.localdate() + datetime.timedelta(days=1)


def _notice(meeting: Meeting, *, was_at: datetime.datetime | None = None) -> dict:
    """What every notice of a meeting asks, and the meeting itself: its e-mail carries the calendar invitation.
    A meeting of today or tomorrow, or one moved away from then (`was_at`), is urgent: never held for a digest."""
    urgent = was_at is not None and _soon(was_at)
    if meeting.state == MeetingState.CANCELLED:
        return {"about": meeting, "urgent": urgent or _soon(meeting.starts_at)}
    deadline = timezone.localdate(meeting.starts_at)
    return {"action": Phrase(gettext_noop("按时出席会议")), "deadline": deadline, "urgent": urgent, "about": meeting}


def _people(meeting: Meeting, invitations: Iterable[Invitation]) -> list[Person]:
    """The people behind some invitations: the person, or the member and liaison of the unit."""
    invitations = list(invitations)
    unit_ids = [invitation.unit_id for invitation in invitations if invitation.unit_id]
    people = [invitation.person for invitation in invitations if invitation.person_id]
    people += [appointment.person for appointment in selectors.unit_people(unit_ids).select_related("person")]
    return people


@transaction.atomic
def meeting_schedule(
    *,
    by,
    committee: Committee,
    kind: str,
    title: str,
    starts_at: datetime.datetime,
    location: str,
    chair: Person,
    ends_at: datetime.datetime | None = None,
    is_ad_hoc: bool = False,
    units: Iterable[MemberUnit] = (),
    persons: Iterable[Person] = (),
) -> Meeting:
    """Art 21: the office schedules a meeting, with its chair (checked for the meeting's time) and invitees; the
    chair is among them, so that the chair's attendance is recorded like anyone's."""
    capacity = require(by, Action.MANAGE_COMMITTEE, committee)
    if kind not in MeetingKind.values:
        raise ValidationError({"kind": _("请选择会议类别。")})
    _check_times(starts_at, ends_at)
    chairing = _chairing(committee, chair, starts_at)
    meeting = Meeting(
        committee=committee,
        kind=kind,
        is_ad_hoc=is_ad_hoc,
        title=title.strip(),
        starts_at=starts_at,
        ends_at=ends_at,
        location=location.strip(),
        chaired=chairing,
        created_by=capacity.appointment,
    )
    meeting.full_clean()
    meeting.save()
    _invite(meeting, units, [chair, *persons])
    return meeting


@transaction.atomic
def meeting_update(
    *,
    by,
    meeting: Meeting,
    title: str,
    starts_at: datetime.datetime,
    location: str,
    chair: Person,
    ends_at: datetime.datetime | None = None,
    is_ad_hoc: bool = False,
) -> Meeting:
    """Changes a meeting not yet held: a new time or chair is checked again, a new chair is invited, and invitees
    already notified are told of the change (the new chair with them)."""
    meeting = meeting_locked(meeting)
    require(by, Action.MANAGE_COMMITTEE, meeting)
    if not meeting.is_open_for_change:
        raise ValidationError(_("会议%(state)s，不能再修改。") % {"state": meeting.get_state_display()})
    _check_times(starts_at, ends_at)
    chairing = _chairing(meeting.committee, chair, starts_at)
    # What a calendar entry shows: a change to any of it raises the SEQUENCE and tells those notified.
    was_at = meeting.starts_at
    moved = (
        starts_at != meeting.starts_at
        or ends_at != meeting.ends_at
        or location.strip() != meeting.location
        or chair.pk != meeting.chair.person_id
    )
    meeting.title = title.strip()
    meeting.starts_at = starts_at
    meeting.ends_at = ends_at
    meeting.location = location.strip()
    meeting.is_ad_hoc = is_ad_hoc
    meeting.chaired = chairing
    if moved:
        meeting.sequence += 1
    meeting.full_clean()
    meeting.save()
    _invite(meeting, (), [chair])
    if moved and meeting.notice_sent_at is not None:
        notification_send(
            recipients=selectors.people_to_notify(meeting),
            subject=Phrase(gettext_noop("会议变更通知：%(title)s"), title=meeting.title),
            body=notice_body(meeting),
            link=meeting.get_absolute_url(),
            **_notice(meeting, was_at=was_at),
        )
    return meeting


@transaction.atomic
def meeting_invite(
    *, by, meeting: Meeting, units: Iterable[MemberUnit] = (), persons: Iterable[Person] = ()
) -> list[Invitation]:
    """Invites more units or persons; once the notice is out, the newly invited receive it at once."""
    meeting = meeting_locked(meeting)
    require(by, Action.MANAGE_COMMITTEE, meeting)
    if not meeting.is_open_for_change:
        raise ValidationError(_("会议%(state)s，不能再邀请。") % {"state": meeting.get_state_display()})
    created = _invite(meeting, units, persons)
    if not created:
        raise ValidationError(_("所选单位和人员均已在邀请名单中。"))
    if meeting.notice_sent_at is not None:
        notification_send(
            recipients=_people(meeting, created),
            subject=Phrase(gettext_noop("会议通知：%(title)s"), title=meeting.title),
            body=notice_body(meeting),
            link=meeting.get_absolute_url(),
            **_notice(meeting),
        )
    return created


@transaction.atomic
def meeting_notify(*, by, meeting: Meeting) -> Meeting:
    """Sends the meeting notice to the chair and every invitee (in their inbox, and by e-mail after commit)."""
    meeting = meeting_locked(meeting)
    perform(meeting, "notify", by)
    # The chair is invited with the meeting; a notice needs someone besides.
    if not meeting.invitations.exclude(person_id=meeting.chair.person_id).exists():
        raise ValidationError(_("请先邀请参会单位或人员。"))
    first = meeting.notice_sent_at is None
    meeting.notice_sent_at = timezone.now()
    meeting.save(update_fields=["state", "notice_sent_at"])
    notification_send(
        recipients=selectors.people_to_notify(meeting),
        subject=Phrase(
            gettext_noop("会议通知：%(title)s") if first else gettext_noop("会议通知（再次发送）：%(title)s"),
            title=meeting.title,
        ),
        body=notice_body(meeting),
        link=meeting.get_absolute_url(),
        **_notice(meeting),
    )
    return meeting


@transaction.atomic
def meeting_cancel(*, by, meeting: Meeting, reason: str) -> Meeting:
    """Cancels a meeting not yet held, with the reason; those already notified are told."""
    meeting = meeting_locked(meeting)
    perform(meeting, "cancel", by)
    if not reason.strip():
        raise ValidationError({"reason": _("请写明取消原因。")})
    notified = meeting.notice_sent_at is not None
    meeting.cancelled_at = timezone.now()
    meeting.cancel_reason = reason.strip()
    meeting.sequence += 1
    meeting.save(update_fields=["state", "cancelled_at", "cancel_reason", "sequence"])
    if notified:
        notification_send(
            recipients=selectors.people_to_notify(meeting),
            subject=Phrase(gettext_noop("会议取消：%(title)s"), title=meeting.title),
            body=reason.strip(),
            link=meeting.get_absolute_url(),
            **_notice(meeting),
        )
    return meeting


@transaction.atomic
def attendance_record(*, by, meeting: Meeting, entries: dict[int, dict]) -> Meeting:
    """Records who attended (出席 / 请假 / 列席 / 代为出席, with the substitute's name); the meeting is then held.

    `entries` maps an invitation id to {"attendance", "substitute_name", "attendance_note"}.
    """
    meeting = meeting_locked(meeting)
    require(by, Action.MANAGE_COMMITTEE, meeting)
    if meeting.state == MeetingState.CANCELLED:
        raise ValidationError(_("会议已取消。"))
    if not meeting.has_started:
        raise ValidationError(_("会议尚未开始，会后再登记出席情况。"))
    if meeting.minutes.filter(state__in=[MinutesState.APPROVED, MinutesState.SUPERSEDED]).exists():
        raise ValidationError(_("会议纪要已经批准，出席情况不能再修改。"))
    invitations = {invitation.pk: invitation for invitation in meeting.invitations.select_related("unit", "person")}
    errors = {}
    for invitation_id, entry in entries.items():
        invitation = invitations.get(invitation_id)
        if invitation is None:
            continue
        attendance = entry.get("attendance", "")
        substitute = entry.get("substitute_name", "").strip()
        if attendance and attendance not in Attendance.values:
            errors[f"attendance_{invitation_id}"] = _("请选择出席情况。")
        elif attendance == Attendance.SUBSTITUTE and not substitute:
            errors[f"substitute_name_{invitation_id}"] = _("代为出席的，请填写代为出席人的姓名。")
        invitation.attendance = attendance
        invitation.substitute_name = substitute if attendance == Attendance.SUBSTITUTE else ""
        invitation.attendance_note = entry.get("attendance_note", "").strip()
    if errors:
        raise ValidationError(errors)
    if not any(invitation.attendance for invitation in invitations.values()):
        raise ValidationError(_("请至少登记一位参会人员的出席情况。"))
    for invitation in invitations.values():
        invitation.save(update_fields=["attendance", "substitute_name", "attendance_note"])
    meeting.state = MeetingState.HELD
    meeting.attendance_recorded_at = timezone.now()
    meeting.save(update_fields=["state", "attendance_recorded_at"])
    return meeting
