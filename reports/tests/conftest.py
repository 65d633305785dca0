"""Fixtures of the annual-report tests: an opened cycle, and helpers to fill and move a report along."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from reports import services
from reports.models import AnnualReport, ReportCycle


@pytest.fixture
def open_cycle(staffed, users):
    """open_cycle(deadline_in=20, confirm=True) -> a cycle for this year over every active unit."""

    def make(*, deadline_in: int = 20, confirm: bool = True, year: int | None = None, **extra) -> ReportCycle:
        today = timezone.localdate()
        return services.cycle_open(
            by=users["office_staff"],
            committee=staffed,
            year=year or today.year,
            deadline=today + datetime.timedelta(days=deadline_in),
            requires_head_confirmation=confirm,
            **extra,
        )

    return make


@pytest.fixture
def cycle(open_cycle) -> ReportCycle:
    return open_cycle()


@pytest.fixture
def report_of():
    def find(cycle: ReportCycle, code: str) -> AnnualReport:
        return AnnualReport.objects.select_related("cycle", "unit", "committee").get(cycle=cycle, unit__code=code)

    return find


def filled(report: AnnualReport, text: str = "已按职责开展工作") -> services.DraftContent:
    return services.DraftContent(
        duties={entry.pk: f"{text}（{entry.duty_label}）" for entry in report.duty_entries.all()},
        key_work=f"{text}：重点工作全部落实。",
    )


@pytest.fixture
def fill(users):
    """fill(report, 'liaison-fulian') saves every part-1 entry and part 3 as that liaison."""

    def save(report: AnnualReport, username: str, text: str = "已按职责开展工作") -> AnnualReport:
        report.refresh_from_db()
        return services.report_save(
            by=users[username], report=report, revision=report.revision, content=filled(report, text)
        )

    return save


@pytest.fixture
def to_office(users, fill):
    """Fills, submits and (if the cycle asks) confirms a unit's report: it then lies with the office."""

    def move(report: AnnualReport, text: str = "已按职责开展工作") -> AnnualReport:
        code = report.unit.code
        fill(report, f"liaison-{code}", text)
        report = services.report_submit(by=users[f"liaison-{code}"], report=report)
        if report.cycle.requires_head_confirmation:
            report = services.report_confirm(by=users[f"head-{code}"], report=report)
        return report

    return move
