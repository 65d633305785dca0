"""What membership work waits for a person (part of 我的待办)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from committee.authority import Action, decide
from committee.models import Committee
from committee.todo import TodoItem, provider

from .models import MembershipChange, NewUnitProposal, NewUnitState, ProposalState


@provider
def member_todo_for(user, committee: Committee) -> list[TodoItem]:
    items: list[TodoItem] = []
    if decide(user, Action.CONFIRM_MEMBER_CHANGE, committee):
        for change in MembershipChange.objects.filter(committee=committee, state=ProposalState.PROPOSED).select_related(
            "unit"
        ):
            items.append(
                TodoItem(
                    title=_("待确定成员调整：%(change)s") % {"change": change},
                    url=change.get_absolute_url(),
                    due=change.effective_on,
                    tone="warning",
                )
            )
    steps = []
    if decide(user, Action.DECIDE_IMPORTANT, committee):
        steps.append((NewUnitState.PROPOSED, _("待研究：%(name)s")))
    if decide(user, Action.MANAGE_COMMITTEE, committee):
        steps.append((NewUnitState.AGREED, _("待报镇政府：%(name)s")))
        steps.append((NewUnitState.SUBMITTED, _("待登记镇政府批复：%(name)s")))
    for state, title in steps:
        for proposal in NewUnitProposal.objects.filter(committee=committee, state=state):
            items.append(
                TodoItem(title=title % {"name": proposal.name}, url=proposal.get_absolute_url(), tone="warning")
            )
    from .selectors import units_of_user

    own_units = list(units_of_user(user, committee))
    for change in MembershipChange.objects.filter(unit__in=own_units, state=ProposalState.PROPOSED).select_related(
        "unit"
    ):
        items.append(
            TodoItem(
                title=_("本单位调整等待委员会确定：%(change)s") % {"change": change},
                url=change.get_absolute_url(),
                tone="secondary",
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
