"""Who may do what with the annual reports and research topics (Art 22), registered with the authority service.

The other steps use the committee's own actions: the liaison drafts and submits (ACT_FOR_UNIT), the unit
head confirms (CONFIRM_FOR_UNIT), the office opens cycles, reminds and returns (MANAGE_COMMITTEE).
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from committee.authority import Context, Decision, rule
from committee.models import Position

ACCEPT_REPORT = "reports.accept"
UPDATE_TOPIC = "reports.update_topic"


@rule(ACCEPT_REPORT, gettext_lazy("审核通过成员单位年度报告"))
def _accept_report(ctx: Context) -> Decision:
    """Art 4: the office runs the committee's daily work; accepting a unit's report is its head's call."""
    if office_director := ctx.holding(Position.OFFICE_DIRECTOR):
        return ctx.allow(office_director)
    return ctx.deny(_("成员单位年度报告由办公室主任审核通过。"))


@rule(UPDATE_TOPIC, gettext_lazy("更新课题调研进展"))
def _update_topic(ctx: Context) -> Decision:
    """The office keeps every topic; the lead unit's liaison or head reports its progress and findings."""
    if found := ctx.holding(Position.OFFICE_DIRECTOR, Position.OFFICE_STAFF):
        return ctx.allow(found)
    if ctx.unit and (found := ctx.holding(Position.LIAISON, Position.UNIT_HEAD, unit=ctx.unit)):
        return ctx.allow(found)
    return ctx.deny(_("课题进展由委员会办公室或牵头单位登记。"))
