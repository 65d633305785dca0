"""The PDFs of Art 22 rendered through the one render job (core.rendering): an accepted report, and the
annual compilation (年度履职情况汇编) of the accepted reports."""

from __future__ import annotations

from django.utils.translation import gettext as _

from committee.authority import Action, decide
from core.rendering import Rendered, RenderRefused, register_renderer

from .models import ReportState

REPORT = "reports.report"
COMPILATION = "reports.compilation"


def _report_check(report) -> None:
    if report.state != ReportState.ACCEPTED:
        raise RenderRefused(_("报告审核通过后才能生成PDF。"))


def _report_render(report) -> Rendered:
    from .pdf import report_pdf

    return Rendered(pdf=report_pdf(report))


def _compilation_check(cycle) -> None:
    if not cycle.reports.filter(state=ReportState.ACCEPTED).exists():
        raise RenderRefused(_("还没有审核通过的报告，不能生成汇编。"))


def _compilation_render(cycle) -> Rendered:
    from .pdf import compilation_pdf

    data, count = compilation_pdf(cycle)
    return Rendered(pdf=data, extra={"reports": count})


register_renderer(
    REPORT,
    model="reports.AnnualReport",
    render=_report_render,
    path=lambda job: f"reports/pdf/{job.subject.cycle.year}/{job.subject.cycle.year}-{job.subject.unit.code}.pdf",
    check=_report_check,
    may_view=lambda user, report: bool(decide(user, Action.VIEW_UNIT_AFFAIRS, report)),
)
register_renderer(
    COMPILATION,
    model="reports.ReportCycle",
    render=_compilation_render,
    path=lambda job: f"reports/pdf/{job.subject.year}/{job.subject.year}-compilation-{job.subject.committee.code}.pdf",
    check=_compilation_check,
    # The compilation holds every unit's report: those who see all units' affairs (no unit of their own).
    may_view=lambda user, cycle: bool(decide(user, Action.VIEW_UNIT_AFFAIRS, cycle.committee)),
)
