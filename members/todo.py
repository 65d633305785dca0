"""What membership work waits for a person (part of 我的待办): one query for the changes, one for the proposals
of new units, one for the person's own units; none for what the person can have nothing to do with."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from committee.authority import Action, decide, held_by
from committee.models import Committee
from committee.todo import TodoItem, provider

from .models import MembershipChange, NewUnitProposal, NewUnitState, ProposalState


@provider
def member_todo_for(user, committee: Committee) -> list[TodoItem]:
    held = held_by(user, committee)
    if not held:
        return []
    items: list[TodoItem] = []
    may_confirm = bool(decide(user, Action.CONFIRM_MEMBER_CHANGE, committee, held=held))
    own_units = []
    if any(appointment.unit_id for appointment in held):
        from .selectors import units_of_user

        own_units = list(units_of_user(user, committee))
    if may_confirm or own_units:
        wanted = Q() if may_confirm else Q(unit__in=own_units)
        changes = MembershipChange.objects.filter(wanted, committee=committee, state=ProposalState.PROPOSED)
        for change in changes.select_related("unit").order_by("effective_on", "pk"):
            if may_confirm:
                items.append(
                    TodoItem(
                        title=_("待确定成员调整：%(change)s") % {"change": change},
                        url=change.get_absolute_url(),
                        due=change.effective_on,
                        tone="warning",
                    )
                )
            if change.unit in own_units:
                items.append(
                    TodoItem(
                        title=_("本单位调整等待委员会确定：%(change)s") % {"change": change},
                        url=change.get_absolute_url(),
                        tone="secondary",
                    )
                )
    steps = {}
    if decide(user, Action.DECIDE_IMPORTANT, committee, held=held):
        steps[NewUnitState.PROPOSED] = _("待研究：%(name)s")
    if decide(user, Action.MANAGE_COMMITTEE, committee, held=held):
        steps[NewUnitState.AGREED] = _("待报镇政府：%(name)s")
        steps[NewUnitState.SUBMITTED] = _("待登记镇政府批复：%(name)s")
    if steps:
        proposals = NewUnitProposal.objects.filter(committee=committee, state__in=list(steps)).order_by("proposed_at")
        for proposal in proposals:
            items.append(
                TodoItem(
                    title=steps[proposal.state] % {"name": proposal.name},
                    url=proposal.get_absolute_url(),
                    tone="warning",
                )
            )
    for unit in own_units:
        items.append(
            TodoItem(
                title=_("本单位职责：%(unit)s") % {"unit": unit.name},
                url=reverse("members:unit", kwargs={"committee_code": committee.code, "code": unit.code}),
                detail=_("年度书面报告将逐项对照这些职责（第二十二条）。"),
            )
        )
    return items
