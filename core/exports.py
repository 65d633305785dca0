"""Excel exports: the one helper every `.xlsx` download goes through.

Text typed by users ends up in these workbooks, and spreadsheet programs treat a cell that begins with
`=`, `+`, `-` or `@` (or a tab or carriage return before one) as a formula, including DDE calls and
HYPERLINK to anywhere (OWASP "CSV injection"). Every string cell is therefore written as text, marked
so by its data type, whatever it begins with; numbers and dates stay numbers and dates.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from io import BytesIO
from urllib.parse import quote

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.cell.cell import TYPE_STRING
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# What a spreadsheet reads as the start of a formula (OWASP: CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

HEADER_FILL = PatternFill("solid", fgColor="EEEEEE")


@dataclass
class Sheet:
    """One worksheet: a header row (frozen), rows of values, column widths, and optional cell fills.

    `fills` maps (row index from 0, column index from 0) to an RGB colour, for status columns.
    """

    title: str
    header: Sequence[str]
    rows: Iterable[Sequence[object]]
    widths: Sequence[int] = ()
    wrap: bool = True
    fills: dict[tuple[int, int], str] = field(default_factory=dict)


def is_formula_like(value: object) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_PREFIXES)


def _write(sheet, row: int, column: int, value: object):
    """Writes one cell; strings are always stored as strings, never parsed as formulas."""
    if value is None:
        value = ""
    if isinstance(value, datetime.datetime) and value.tzinfo is not None:
        # Excel has no time zones: the local time is what the office expects to read.
        from django.utils import timezone

        value = timezone.localtime(value).replace(tzinfo=None)
    if not isinstance(value, (int, float, datetime.date, datetime.time, bool, str)):
        value = str(value)
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, str):
        # Assigning `cell.value` would let openpyxl mark "=..." as a formula; set the text and its type directly.
        cell._value = value
        cell.data_type = TYPE_STRING
        if is_formula_like(value):
            # Excel's "quote prefix" keeps it text even when someone edits the cell and presses Enter.
            cell.quotePrefix = True
    else:
        cell.value = value
    return cell


def workbook_bytes(sheets: Sequence[Sheet], *, title: str = "") -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for spec in sheets:
        sheet = workbook.create_sheet(spec.title[:31])
        for column, text in enumerate(spec.header, start=1):
            cell = _write(sheet, 1, column, str(text))
            cell.font = Font(bold=True)
            cell.fill = HEADER_FILL
        alignment = Alignment(wrap_text=True, vertical="top")
        for index, values in enumerate(spec.rows):
            for column, value in enumerate(values, start=1):
                cell = _write(sheet, index + 2, column, value)
                if spec.wrap:
                    cell.alignment = alignment
                colour = spec.fills.get((index, column - 1))
                if colour:
                    cell.fill = PatternFill("solid", fgColor=colour)
        for column, width in enumerate(spec.widths, start=1):
            sheet.column_dimensions[get_column_letter(column)].width = width
        sheet.freeze_panes = "A2"
    if title:
        workbook.properties.title = title
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def attachment_disposition(filename: str, *, fallback: str = "export.xlsx") -> str:
    """`Content-Disposition` for a download with a Chinese name (RFC 6266 / RFC 5987 `filename*`),
    with an ASCII `filename` for clients that do not read `filename*`."""
    ascii_name = "".join(c for c in fallback if c.isascii() and c not in '"\\;\r\n') or "export.xlsx"
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename, safe='')}"


def xlsx_response(
    sheets: Sequence[Sheet], *, filename: str, fallback: str = "export.xlsx", title: str = ""
) -> HttpResponse:
    """The workbook as a download named `filename` (Chinese welcome)."""
    response = HttpResponse(workbook_bytes(sheets, title=title), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = attachment_disposition(filename, fallback=fallback)
    response["X-Content-Type-Options"] = "nosniff"
    return response
