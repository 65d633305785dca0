"""Who may see the office's 简报、通报 and marked items, and who may propose a commendation (Arts 5, 7, 10, 25).

Posting a work update is Action.ACT_FOR_UNIT (the unit's liaison); seeing one is Action.VIEW_UNIT_AFFAIRS (the
leadership and the office see every unit's, a unit's liaison and head their own); editing and issuing 简报 and
通报, marking items and drafting a 表彰决定 are Action.MANAGE_COMMITTEE (the office); deciding a commendation is
Action.DECIDE_IMPORTANT (the director, or a deputy delegated to decide).
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from committee.authority import Context, Decision, paths, rule
from committee.models import Position

from .actions import PROPOSE_COMMENDATION, VIEW_OFFICE_WORK
from .models import Bulletin, Highlight, WorkUpdateAttachment

LEADERS_AND_OFFICE = (Position.DIRECTOR, Position.DEPUTY, Position.OFFICE_DIRECTOR, Position.OFFICE_STAFF)
OFFICE = (Position.OFFICE_DIRECTOR, Position.OFFICE_STAFF)
UNIT_POSITIONS = (Position.LIAISON, Position.UNIT_HEAD)

paths(Bulletin, committee="committee", unit=None)
paths(Highlight, committee="committee", unit=None)
paths(WorkUpdateAttachment, committee="update__committee", unit="update__unit")


@rule(
    VIEW_OFFICE_WORK,
    gettext_lazy("查看简报、通报和典型经验"),
    restrict=lambda scope: scope.holding(*LEADERS_AND_OFFICE) | scope.viewer_above(),
    holders=lambda who: who.holding(*LEADERS_AND_OFFICE) | who.viewer_above(),
)
def _view_office_work(ctx: Context) -> Decision:
    """Art 5: the office's drafts of 简报 and 通报 are seen by the leadership and the office (and viewers above);
    the units read them once issued, as documents distributed to them."""
    if found := ctx.holding(*LEADERS_AND_OFFICE):
        return ctx.allow(found)
    if viewer := ctx.viewer_above():
        return ctx.allow(viewer)
    return ctx.deny(_("简报和通报由委员会办公室编辑，印发后以公文分发各单位。"))


@rule(
    PROPOSE_COMMENDATION,
    gettext_lazy("推荐表彰"),
    restrict=lambda scope: scope.holding(*OFFICE) | scope.holding(*UNIT_POSITIONS, unit=True),
    holders=lambda who: who.holding(*OFFICE) | who.holding(*UNIT_POSITIONS, unit=True),
)
def _propose_commendation(ctx: Context) -> Decision:
    """Arts 7, 10: the office, or the head or liaison of the unit that puts the nominee forward."""
    if found := ctx.holding(*OFFICE):
        return ctx.allow(found)
    if ctx.unit and (found := ctx.holding(*UNIT_POSITIONS, unit=ctx.unit)):
        return ctx.allow(found)
    return ctx.deny(_("表彰由成员单位负责人、联络员或委员会办公室推荐。"))
