"""Who may propose a supervision inspection (Art 23); asked through `committee.authority.decide`.

Approval is the committee's own `Action.APPROVE_INSPECTION` (the director, or a deputy delegated to approve);
planning, findings, corrective tasks, the report and closing are the office's daily work (`MANAGE_COMMITTEE`).
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from committee.authority import Context, Decision, rule
from committee.models import Position

OFFICE = (Position.OFFICE_DIRECTOR, Position.OFFICE_STAFF)
UNIT_POSITIONS = (Position.UNIT_HEAD, Position.LIAISON)


class InspectionAction:
    PROPOSE = "duties.propose_inspection"


@rule(
    InspectionAction.PROPOSE,
    gettext_lazy("提议督导检查"),
    restrict=lambda scope: (scope.no_unit() & scope.holding(*OFFICE)) | scope.holding(*UNIT_POSITIONS, unit=True),
    holders=lambda who: who.holding(*OFFICE) if who.unit is None else who.holding(*UNIT_POSITIONS, unit=True),
)
def _propose_inspection(ctx: Context) -> Decision:
    """Art 23: on the proposal of the office, or of a member unit (through its committee member or liaison).

    Asked about the committee (the office proposes) or about a member unit (that unit proposes)."""
    if ctx.unit is None:
        if found := ctx.holding(Position.OFFICE_DIRECTOR, Position.OFFICE_STAFF):
            return ctx.allow(found)
        return ctx.deny(_("督导检查由委员会办公室或成员单位提议（第二十三条）。"))
    if found := ctx.holding(Position.UNIT_HEAD, Position.LIAISON, unit=ctx.unit):
        return ctx.allow(found)
    return ctx.deny(_("只有本单位的成员或联络员可以以本单位名义提议督导检查。"))
