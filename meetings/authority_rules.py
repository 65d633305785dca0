"""Who may do what with meetings, agenda items and minutes (Art 21); asked through `committee.authority.decide`."""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from committee.authority import NOTHING, Action, Context, Decision, Scope, Who, decide, holders, rule
from committee.models import Position

from .actions import MeetingAction

OFFICE = (Position.OFFICE_DIRECTOR, Position.OFFICE_STAFF)
LEADERS_AND_OFFICE = (Position.DIRECTOR, Position.DEPUTY, *OFFICE)
UNIT_POSITIONS = (Position.UNIT_HEAD, Position.LIAISON)


def _invitations(meeting_id: int, *, attended: bool = False):
    from .models import ATTENDED, Invitation

    invitations = Invitation.objects.filter(meeting_id=meeting_id)
    return invitations.filter(attendance__in=sorted(ATTENDED)) if attended else invitations


def _meeting_id(obj) -> int:
    """Asked about minutes, or about the meeting itself."""
    return obj.meeting_id if hasattr(obj, "meeting_id") else obj.pk


def _attend(ctx: Context) -> Decision:
    """Art 21: the chair, each person invited, and the member and liaison of each unit invited."""
    meeting = ctx.obj
    invitations = _invitations(meeting.pk)
    people = set(invitations.exclude(person=None).values_list("person_id", flat=True)) | {meeting.chair.person_id}
    units = set(invitations.exclude(unit=None).values_list("unit_id", flat=True))
    for appointment in ctx.held:
        if appointment.person_id in people:
            return ctx.allow(appointment)
    for appointment in ctx.held:
        if appointment.unit_id in units and appointment.position in UNIT_POSITIONS:
            return ctx.allow(appointment)
    return ctx.deny(_("您没有受邀参加这次会议。"))


def _attend_restrict(scope: Scope) -> Q:
    from .models import Invitation

    people = scope.person_ids()
    units = scope.units(*UNIT_POSITIONS)
    invited = Invitation.objects.filter(Q(person_id__in=people) | Q(unit_id__in=units)).values("meeting")
    return scope.any_held() & (Q(chair__person_id__in=people) | Q(pk__in=invited))


def _attend_holders(who: Who) -> Q:
    meeting = who.obj
    invitations = _invitations(meeting.pk)
    return who.any_held() & (
        Q(person_id=meeting.chair.person_id)
        | Q(person__in=invitations.exclude(person=None).values("person"))
        | Q(position__in=UNIT_POSITIONS, unit__in=invitations.exclude(unit=None).values("unit"))
    )


rule(MeetingAction.ATTEND, gettext_lazy("参加会议"), restrict=_attend_restrict, holders=_attend_holders)(_attend)


@rule(
    MeetingAction.FOLLOW,
    gettext_lazy("关注会议"),
    restrict=lambda scope: scope.holding(*LEADERS_AND_OFFICE) | scope.viewer_above() | _attend_restrict(scope),
    holders=lambda who: who.holding(*LEADERS_AND_OFFICE) | who.viewer_above() | _attend_holders(who),
)
def _follow(ctx: Context) -> Decision:
    """The meetings that concern a person (their calendar feed): every meeting for the leadership, the office
    and viewers above; the ones they chair or are invited to, in person or through their unit, otherwise."""
    if found := ctx.holding(*LEADERS_AND_OFFICE):
        return ctx.allow(found)
    if viewer := ctx.viewer_above():
        return ctx.allow(viewer)
    return _attend(ctx)


@rule(
    MeetingAction.PROPOSE_ITEM,
    gettext_lazy("提出议题"),
    restrict=lambda scope: (scope.no_unit() & scope.holding(*OFFICE)) | scope.holding(*UNIT_POSITIONS, unit=True),
    holders=lambda who: who.holding(*OFFICE) if who.unit is None else who.holding(*UNIT_POSITIONS, unit=True),
)
def _propose_item(ctx: Context) -> Decision:
    """The office proposes for itself; a member unit through its committee member or its liaison."""
    if ctx.unit is None:
        if found := ctx.holding(Position.OFFICE_DIRECTOR, Position.OFFICE_STAFF):
            return ctx.allow(found)
        return ctx.deny(_("议题由委员会办公室或成员单位提出。"))
    if found := ctx.holding(Position.UNIT_HEAD, Position.LIAISON, unit=ctx.unit):
        return ctx.allow(found)
    return ctx.deny(_("只有本单位的成员或联络员可以以本单位名义提出议题。"))


@rule(
    MeetingAction.REVIEW_MINUTES,
    gettext_lazy("审核会议纪要"),
    restrict=lambda scope: scope.holding(Position.OFFICE_DIRECTOR),
    holders=lambda who: who.holding(Position.OFFICE_DIRECTOR),
)
def _review_minutes(ctx: Context) -> Decision:
    if found := ctx.holding(Position.OFFICE_DIRECTOR):
        return ctx.allow(found)
    return ctx.deny(_("会议纪要由办公室主任审核。"))


def _comment_restrict(scope: Scope) -> Q:
    from .models import ATTENDED, Invitation

    attended = Invitation.objects.filter(attendance__in=sorted(ATTENDED))
    by_person = attended.filter(person_id__in=scope.person_ids()).values("meeting")
    by_unit = attended.filter(unit_id__in=scope.units(*UNIT_POSITIONS)).values("meeting")
    return scope.any_held() & (Q(meeting__in=by_person) | Q(meeting__in=by_unit))


def _comment_holders(who: Who) -> Q:
    attended = _invitations(_meeting_id(who.obj), attended=True)
    return who.any_held() & (
        Q(person__in=attended.exclude(person=None).values("person"))
        | Q(position__in=UNIT_POSITIONS, unit__in=attended.exclude(unit=None).values("unit"))
    )


@rule(
    MeetingAction.COMMENT_MINUTES,
    gettext_lazy("对会议纪要提出意见"),
    restrict=_comment_restrict,
    holders=_comment_holders,
)
def _comment_minutes(ctx: Context) -> Decision:
    """Those who were at the meeting: invited persons who attended, and the member or liaison of a unit that did.
    Asked about the minutes, or about their meeting."""
    attended = _invitations(_meeting_id(ctx.obj), attended=True)
    people = set(attended.exclude(person=None).values_list("person_id", flat=True))
    units = set(attended.exclude(unit=None).values_list("unit_id", flat=True))
    for appointment in ctx.held:
        if appointment.person_id in people:
            return ctx.allow(appointment)
    for appointment in ctx.held:
        if appointment.unit_id in units and appointment.position in {Position.UNIT_HEAD, Position.LIAISON}:
            return ctx.allow(appointment)
    return ctx.deny(_("只有出席会议的人员可以对纪要提出意见。"))


def _approve_holders(who: Who) -> Q:
    """The chair, if they held the power to chair on the meeting date and hold an appointment now."""
    meeting = who.obj.meeting
    chaired = holders(meeting, Action.CHAIR_MEETING, at=meeting.starts_at).filter(pk=meeting.chair.person_id)
    if not chaired.exists():
        return NOTHING
    return who.any_held() & Q(person_id=meeting.chair.person_id)


# No list half: whether the chair held the power is judged at each meeting's own date.
@rule(MeetingAction.APPROVE_MINUTES, gettext_lazy("批准会议纪要"), holders=_approve_holders)
def _approve_minutes(ctx: Context) -> Decision:
    """The meeting's own chair, who held the power to chair it on the meeting date (Art 21) and is still in office."""
    minutes = ctx.obj
    meeting = minutes.meeting
    if not ctx.held:
        return ctx.deny(_("您目前不在任，不能批准会议纪要。"))
    if not any(appointment.person_id == meeting.chair.person_id for appointment in ctx.held):
        return ctx.deny(_("会议纪要由本次会议的主持人（%(chair)s）批准。") % {"chair": meeting.chair.person.name})
    chaired = decide(ctx.user, Action.CHAIR_MEETING, meeting, at=meeting.starts_at, lock=ctx.lock)
    if not chaired:
        return ctx.deny(
            _("%(date)s（会议时间）您没有主持会议的职权，不能批准这份纪要。")
            % {"date": f"{timezone.localtime(meeting.starts_at):%Y-%m-%d %H:%M}"}
        )
    return chaired
