"""The status board as an Excel workbook: one sheet of units, one of problems and suggestions."""

from __future__ import annotations

from io import BytesIO

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from committee.numerals import chinese_date

from .models import ReportCycle


def _local(value) -> str:
    if value is None:
        return ""
    value = timezone.localtime(value)
    return f"{chinese_date(value)} {value:%H:%M}"


def _sheet(sheet, header: list[str], rows: list[list], widths: list[int]) -> None:
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="EEEEEE")
    for row in rows:
        sheet.append(row)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"


def board_workbook(cycle: ReportCycle, reports, issues) -> bytes:
    """`reports` are the board rows (with `last_reminder_at`), `issues` the cycle's problems and suggestions."""
    today = timezone.localdate()
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("报送情况")
    _sheet(
        sheet,
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
    )
    issue_sheet = workbook.create_sheet(_("问题和建议"))
    _sheet(
        issue_sheet,
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
    )
    workbook.properties.title = str(cycle)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
