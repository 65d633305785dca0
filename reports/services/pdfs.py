"""The PDFs of Art 22, asked for by the office: each accepted report, and the annual compilation.

Rendering itself is the one render job's (core.rendering); reports/renderers.py declares the two kinds.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from committee.authority import Action, require
from committee.locks import locked
from committee.workflow import perform
from core.models import RenderJob
from core.rendering import render_job_enqueue, render_job_refresh

from ..models import AnnualReport, ReportCycle, ReportState
from ..renderers import COMPILATION, REPORT


@transaction.atomic
def report_pdf_request(*, by, report: AnnualReport) -> RenderJob:
    """The office asks again for a report's PDF whose rendering failed (or was never made)."""
    report = locked(AnnualReport.objects.all()).select_related("cycle", "unit", "committee").get(pk=report.pk)
    perform(report, "render_again", by)
    job = report.render_job
    if job is not None and (job.is_pending or job.is_ready):
        return job
    return render_job_enqueue(REPORT, report, again=True)


@transaction.atomic
def compilation_request(*, by, cycle: ReportCycle) -> RenderJob:
    """The office asks for the annual compilation (年度履职情况汇编) of the reports accepted so far."""
    cycle = locked(ReportCycle.objects.all()).get(pk=cycle.pk)
    require(by, Action.MANAGE_COMMITTEE, cycle)
    if not cycle.reports.filter(state=ReportState.ACCEPTED).exists():
        raise ValidationError(_("还没有审核通过的报告，不能生成汇编。"))
    job = cycle.render_job
    if job is not None and job.is_pending:
        return job
    return render_job_enqueue(COMPILATION, cycle, again=True)


def compilation_refresh(*, committee, year: int) -> RenderJob | None:
    """What the year's compilation holds has changed (a report accepted, a commendation decided): the compilation
    the office made is queued to be made again, through the outbox. None when the office has not asked for one
    yet, or the year has no cycle; it is then made when asked (`compilation_request`)."""
    cycle = ReportCycle.objects.filter(committee=committee, year=year).first()
    if cycle is None:
        return None
    return render_job_refresh(COMPILATION, cycle)


def compilation_refresh_on_change(sender, *, committee, year: int, **kwargs) -> None:
    """Receives `core.annual.annual_changed`, sent by the apps that add sections to the compilation."""
    compilation_refresh(committee=committee, year=year)
