"""The PDFs of Art 22 rendered in the background: each accepted report, and the annual compilation."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from committee.authority import Action, require
from committee.locks import locked

from ..models import (
    AnnualReport,
    RenderStatus,
    ReportCycle,
    ReportState,
)
from .workflow import _lock

# A render that started this long ago and never finished is taken to have died with its worker.
STALE_RENDER = datetime.timedelta(minutes=15)


def _claim(model, pk: int, *, ready) -> object | None:
    """Marks the row as rendering unless it is done or being rendered right now; returns it, or None."""
    with transaction.atomic():
        obj = locked(model.objects.all()).filter(pk=pk).first()
        if obj is None or not ready(obj):
            return None
        now = timezone.now()
        if obj.pdf_status == RenderStatus.DONE and obj.pdf_file:
            return None
        if obj.pdf_status == RenderStatus.RENDERING and obj.pdf_started_at and now - obj.pdf_started_at < STALE_RENDER:
            return None
        # Job state, not a change to the record: an update, which leaves the history alone.
        model.objects.filter(pk=pk).update(pdf_status=RenderStatus.RENDERING, pdf_started_at=now, pdf_error="")
        return obj


def _store(model, pk: int, name: str, data: bytes, **extra) -> None:
    with transaction.atomic():
        obj = locked(model.objects.all()).get(pk=pk)
        obj.pdf_file.save(name, ContentFile(data), save=False)
        model.objects.filter(pk=pk).update(
            pdf_file=obj.pdf_file.name, pdf_status=RenderStatus.DONE, pdf_rendered_at=timezone.now(), **extra
        )


def _fail(model, pk: int, exc: BaseException) -> None:
    message = f"{type(exc).__name__}: {exc}"[:2000]
    model.objects.filter(pk=pk).update(pdf_status=RenderStatus.FAILED, pdf_error=message)


def report_pdf_render(*, report_id: int) -> bool:
    """Renders an accepted report's PDF from its accepted version; once (a second run finds it done)."""
    from ..pdf import report_pdf

    report = _claim(AnnualReport, report_id, ready=lambda r: r.state == ReportState.ACCEPTED)
    if report is None:
        return False
    try:
        data = report_pdf(report)
    except Exception as exc:
        _fail(AnnualReport, report_id, exc)
        raise
    _store(AnnualReport, report_id, f"{report.cycle.year}-{report.unit.code}.pdf", data)
    return True


@transaction.atomic
def report_pdf_request(*, by, report: AnnualReport) -> AnnualReport:
    """The office asks again for a report's PDF whose rendering failed (or was never made)."""
    report = _lock(report)
    require(by, Action.MANAGE_COMMITTEE, report)
    if report.state != ReportState.ACCEPTED:
        raise ValidationError(_("报告审核通过后才能生成PDF。"))
    if report.pdf_status in {RenderStatus.QUEUED, RenderStatus.RENDERING} or report.pdf_ready:
        return report
    report.pdf_status = RenderStatus.QUEUED
    AnnualReport.objects.filter(pk=report.pk).update(pdf_status=RenderStatus.QUEUED)
    from ..tasks import report_pdf_render as task

    task.delay_on_commit(report.pk)
    return report


@transaction.atomic
def compilation_request(*, by, cycle: ReportCycle) -> ReportCycle:
    """The office asks for the annual compilation (年度履职情况汇编) of the reports accepted so far."""
    cycle = locked(ReportCycle.objects.all()).get(pk=cycle.pk)
    require(by, Action.MANAGE_COMMITTEE, cycle)
    if not cycle.reports.filter(state=ReportState.ACCEPTED).exists():
        raise ValidationError(_("还没有审核通过的报告，不能生成汇编。"))
    if cycle.pdf_status in {RenderStatus.QUEUED, RenderStatus.RENDERING}:
        return cycle
    cycle.pdf_status = RenderStatus.QUEUED
    cycle.pdf_error = ""
    ReportCycle.objects.filter(pk=cycle.pk).update(pdf_status=RenderStatus.QUEUED, pdf_error="")
    from ..tasks import compilation_render as task

    task.delay_on_commit(cycle.pk)
    return cycle


def compilation_render(*, cycle_id: int) -> bool:
    """Renders the compilation of every accepted report, with a contents page, as one PDF."""
    from ..pdf import compilation_pdf

    cycle = _claim(ReportCycle, cycle_id, ready=lambda c: c.pdf_status != RenderStatus.DONE)
    if cycle is None:
        return False
    try:
        data, count = compilation_pdf(cycle)
    except Exception as exc:
        _fail(ReportCycle, cycle_id, exc)
        raise
    _store(ReportCycle, cycle_id, f"{cycle.year}-compilation.pdf", data, compiled_count=count)
    return True
