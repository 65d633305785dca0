"""The PDFs of Art 22: an accepted report, and the annual compilation (年度履职情况汇编) of all of them.

A clean A4 layout in the 仿宋 and 黑体 stand-ins (Fandol, Noto CJK for missing glyphs), embedded by the shared
rendering pipeline; the official document layout (GB/T 9704) is the documents capability's and is not applied here.
"""

from __future__ import annotations

import datetime

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import override

from core.pdf import html_to_pdf

from .models import AnnualReport, ReportCycle, ReportState, ReportVersion, VersionOutcome


def _accepted_version(report: AnnualReport) -> ReportVersion | None:
    return report.versions.filter(outcome=VersionOutcome.ACCEPTED).order_by("-number").first()


def _entry(report: AnnualReport, version: ReportVersion | None) -> dict:
    content = dict(version.content) if version else {}
    # Deadlines are kept as ISO dates in the snapshot; the page writes them the Chinese way.
    content["tasks"] = [
        {**task, "deadline": datetime.date.fromisoformat(task["deadline"]) if task.get("deadline") else None}
        for task in content.get("tasks", [])
    ]
    return {"report": report, "version": version, "content": content, "anchor": f"unit-{report.unit.code}"}


def report_pdf(report: AnnualReport) -> bytes:
    """One unit's accepted report, as it was accepted."""
    with override("zh-hans"):
        html = render_to_string(
            "reports/pdf/report.html",
            {"entry": _entry(report, _accepted_version(report)), "now": timezone.now(), "committee": report.committee},
        )
    return html_to_pdf(html)


def compilation_pdf(cycle: ReportCycle) -> tuple[bytes, int]:
    """Every accepted report of the cycle in the units' order, after a cover and a contents page."""
    reports = list(
        cycle.reports.filter(state=ReportState.ACCEPTED)
        .select_related("unit", "committee")
        .prefetch_related("versions")
        .order_by("unit__sort_order", "unit__code")
    )
    entries = []
    for report in reports:
        accepted = [v for v in report.versions.all() if v.outcome == VersionOutcome.ACCEPTED]
        entries.append(_entry(report, max(accepted, key=lambda v: v.number) if accepted else None))
    with override("zh-hans"):
        html = render_to_string(
            "reports/pdf/compilation.html",
            {"cycle": cycle, "committee": cycle.committee, "entries": entries, "now": timezone.now()},
        )
    return html_to_pdf(html), len(entries)
