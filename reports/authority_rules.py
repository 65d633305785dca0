"""Who may do what with the annual reports and research topics (Art 22), registered with the authority service.

The other steps use the committee's own actions: the liaison drafts and submits (ACT_FOR_UNIT), the unit
head confirms (CONFIRM_FOR_UNIT), the office opens cycles, reminds and returns (MANAGE_COMMITTEE).
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from committee.authority import Action, Context, Decision, paths, rule, shareable
from committee.models import Position

from .actions import ACCEPT_REPORT, UPDATE_TOPIC
from .models import AnnualReport, ReportAttachment, ReportIssue, ResearchTopic

OFFICE = (Position.OFFICE_DIRECTOR, Position.OFFICE_STAFF)
UNIT_POSITIONS = (Position.LIAISON, Position.UNIT_HEAD)

paths(ResearchTopic, unit="lead_unit")
paths(ReportIssue, committee="report__committee", unit="report__unit")
paths(ReportAttachment, committee="report__committee", unit="report__unit")
# A district reviewer may be shown one unit's report (Share); its view is the unit-affairs view.
shareable(AnnualReport, Action.VIEW_UNIT_AFFAIRS)


@rule(
    ACCEPT_REPORT,
    gettext_lazy("审核通过成员单位年度报告"),
    restrict=lambda scope: scope.holding(Position.OFFICE_DIRECTOR),
    holders=lambda who: who.holding(Position.OFFICE_DIRECTOR),
)
def _accept_report(ctx: Context) -> Decision:
    """Art 4: the office runs the committee's daily work; accepting a unit's report is its head's call."""
    if office_director := ctx.holding(Position.OFFICE_DIRECTOR):
        return ctx.allow(office_director)
    return ctx.deny(_("成员单位年度报告由办公室主任审核通过。"))


@rule(
    UPDATE_TOPIC,
    gettext_lazy("更新课题调研进展"),
    restrict=lambda scope: scope.holding(*OFFICE) | scope.holding(*UNIT_POSITIONS, unit=True),
    holders=lambda who: who.holding(*OFFICE) | who.holding(*UNIT_POSITIONS, unit=True),
)
def _update_topic(ctx: Context) -> Decision:
    """The office keeps every topic; the lead unit's liaison or head reports its progress and findings."""
    if found := ctx.holding(Position.OFFICE_DIRECTOR, Position.OFFICE_STAFF):
        return ctx.allow(found)
    if ctx.unit and (found := ctx.holding(Position.LIAISON, Position.UNIT_HEAD, unit=ctx.unit)):
        return ctx.allow(found)
    return ctx.deny(_("课题进展由委员会办公室或牵头单位登记。"))
