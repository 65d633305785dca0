"""The status board as an Excel workbook: one sheet of units, one of problems and suggestions."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from core.exports import Sheet
from core.numerals import chinese_date

from .models import ReportCycle


def _local(value) -> str:
    if value is None:
        return ""
    value = timezone.localtime(value)
    return f"{chinese_date(value)} {value:%H:%M}"


def board_sheets(cycle: ReportCycle, reports, issues) -> list[Sheet]:
    """`reports` are the board rows (with `last_reminder_at`), `issues` the cycle's problems and suggestions."""
    today = timezone.localdate()
    return [
        Sheet(
            _("报送情况"),
            [_("序号"), _("成员单位"), _("状态"), _("报送时间"), _("是否逾期"), _("最近提醒"), _("审核通过时间")],
            [
                [
                    index,
                    report.unit.name,
                    str(report.get_state_display()),
                    _local(report.submitted_at),
                    _("逾期") if report.is_late(today) else _("否"),
                    _local(report.last_reminder_at),
                    _local(report.accepted_at),
                ]
                for index, report in enumerate(reports, start=1)
            ],
            [6, 28, 16, 20, 10, 20, 20],
        ),
        Sheet(
            _("问题和建议"),
            [_("序号"), _("成员单位"), _("类别"), _("内容"), _("办理状态"), _("委员会办理情况")],
            [
                [
                    index,
                    issue.report.unit.name,
                    str(issue.get_kind_display()),
                    issue.text,
                    str(issue.get_follow_up_state_display()),
                    issue.follow_up_text,
                ]
                for index, issue in enumerate(issues, start=1)
            ],
            [6, 24, 12, 60, 16, 50],
        ),
    ]
