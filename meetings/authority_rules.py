"""Who may do what with meetings, agenda items and minutes (Art 21); asked through `committee.authority.decide`."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from committee.authority import Action, Context, Decision, decide, rule
from committee.models import Position


class MeetingAction:
    PROPOSE_ITEM = "meetings.propose_item"
    REVIEW_MINUTES = "meetings.review_minutes"
    COMMENT_MINUTES = "meetings.comment_minutes"
    APPROVE_MINUTES = "meetings.approve_minutes"


@rule(MeetingAction.PROPOSE_ITEM, gettext_lazy("提出议题"))
def _propose_item(ctx: Context) -> Decision:
    """The office proposes for itself; a member unit through its committee member or its liaison."""
    if ctx.unit is None:
        if found := ctx.holding(Position.OFFICE_DIRECTOR, Position.OFFICE_STAFF):
            return ctx.allow(found)
        return ctx.deny(_("议题由委员会办公室或成员单位提出。"))
    if found := ctx.holding(Position.UNIT_HEAD, Position.LIAISON, unit=ctx.unit):
        return ctx.allow(found)
    return ctx.deny(_("只有本单位的成员或联络员可以以本单位名义提出议题。"))


@rule(MeetingAction.REVIEW_MINUTES, gettext_lazy("审核会议纪要"))
def _review_minutes(ctx: Context) -> Decision:
    if found := ctx.holding(Position.OFFICE_DIRECTOR):
        return ctx.allow(found)
    return ctx.deny(_("会议纪要由办公室主任审核。"))


@rule(MeetingAction.COMMENT_MINUTES, gettext_lazy("对会议纪要提出意见"))
def _comment_minutes(ctx: Context) -> Decision:
    """Those who were at the meeting: invited persons who attended, and the member or liaison of a unit that did."""
    from .models import ATTENDED, Invitation

    minutes = ctx.obj
    attended = Invitation.objects.filter(meeting_id=minutes.meeting_id, attendance__in=sorted(ATTENDED))
    people = set(attended.exclude(person=None).values_list("person_id", flat=True))
    units = set(attended.exclude(unit=None).values_list("unit_id", flat=True))
    for appointment in ctx.held:
        if appointment.person_id in people:
            return ctx.allow(appointment)
    for appointment in ctx.held:
        if appointment.unit_id in units and appointment.position in {Position.UNIT_HEAD, Position.LIAISON}:
            return ctx.allow(appointment)
    return ctx.deny(_("只有出席会议的人员可以对纪要提出意见。"))


@rule(MeetingAction.APPROVE_MINUTES, gettext_lazy("批准会议纪要"))
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
