"""What the annual reports ask of a person (part of 我的待办, UI.md)."""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from committee.authority import Action, decide, held_by
from committee.models import Committee, Position
from committee.todo import TodoItem, provider

from .authority_rules import ACCEPT_REPORT
from .models import EDITABLE_STATES, WITH_OFFICE_STATES, AnnualReport, ReportCycle, ReportState


@provider
def report_todo_for(user, committee: Committee) -> list[TodoItem]:
    """One query for the appointments held; one more only for a unit's people or the office."""
    items: list[TodoItem] = []
    today = timezone.localdate()
    held = held_by(user, committee, today)
    liaison_units = [a.unit_id for a in held if a.position == Position.LIAISON]
    head_units = [a.unit_id for a in held if a.position == Position.UNIT_HEAD]
    if liaison_units or head_units:
        reports = AnnualReport.objects.filter(
            Q(unit_id__in=liaison_units, state__in=EDITABLE_STATES)
            | Q(unit_id__in=head_units, state=ReportState.AWAITING_CONFIRMATION),
            committee=committee,
        ).select_related("cycle", "unit")
        for report in reports:
            if report.state == ReportState.AWAITING_CONFIRMATION:
                title = _("确认本单位%(year)s年度书面报告") % {"year": report.cycle.year}
                tone = "warning"
            else:
                title = _("填报%(year)s年度书面报告（%(state)s）") % {
                    "year": report.cycle.year,
                    "state": report.get_state_display(),
                }
                tone = report.tone(today)
            items.append(
                TodoItem(
                    title=title,
                    url=report.get_absolute_url(),
                    detail=report.unit.name,
                    due=report.cycle.deadline,
                    tone=tone,
                )
            )
    if decide(user, Action.MANAGE_COMMITTEE, committee, held=held):
        may_accept = bool(decide(user, ACCEPT_REPORT, committee, held=held))
        cycles = ReportCycle.objects.filter(committee=committee).annotate(
            with_office=Count("reports", filter=Q(reports__state__in=WITH_OFFICE_STATES)),
            outstanding=Count("reports", filter=Q(reports__submitted_at__isnull=True)),
        )
        for cycle in cycles.filter(Q(with_office__gt=0) | Q(outstanding__gt=0)):
            url = reverse("reports:cycle", kwargs={"pk": cycle.pk})
            if cycle.with_office:
                items.append(
                    TodoItem(
                        title=(_("%(n)s份年度报告待审核") if may_accept else _("%(n)s份年度报告待审阅"))
                        % {"n": cycle.with_office},
                        url=url + "?stage=office",
                        detail=str(cycle),
                        tone="warning",
                    )
                )
            if cycle.outstanding:
                items.append(
                    TodoItem(
                        title=_("年度报告报送情况：%(n)s个单位尚未报送") % {"n": cycle.outstanding},
                        url=url,
                        detail=str(cycle),
                        due=cycle.deadline,
                        tone="danger" if cycle.is_overdue(today) else "info",
                    )
                )
    return items
