"""Attachments: type read from the content, size within the limit, each refusal naming its file."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from core.attachments import AttachmentsField, validate_attachment
from meetings.tests.factories import PDF, PNG


def xlsx() -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "督办"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("_rels/.rels", "<Relationships/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "mime"),
    [
        ("纪要.pdf", PDF, "application/pdf"),
        ("照片.PNG", PNG, "image/png"),
        ("统计表.xlsx", xlsx(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("情况报告.docx", docx(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ],
)
def test_allowed_types_pass(name, content, mime):
    checked = validate_attachment(SimpleUploadedFile(name, content, content_type="application/octet-stream"))
    assert checked.content_type == mime and checked.name == name and checked.size == len(content)


def test_a_program_named_like_a_pdf_is_refused_by_its_content():
    with pytest.raises(ValidationError) as error:
        validate_attachment(SimpleUploadedFile("通知.pdf", b"MZ" + b"\0" * 200, content_type="application/pdf"))
    assert "文件“通知.pdf”的内容不是允许的类型" in error.value.messages[0]


def test_plain_text_is_refused():
    with pytest.raises(ValidationError):
        validate_attachment(SimpleUploadedFile("说明.txt", "只是文字".encode()))


def test_a_name_that_pretends_another_type_is_refused():
    with pytest.raises(ValidationError) as error:
        validate_attachment(SimpleUploadedFile("照片.pdf", PNG))
    assert "扩展名与内容不符" in error.value.messages[0] and "PNG" in error.value.messages[0]


@override_settings(ATTACHMENT_MAX_BYTES=100)
def test_too_large_is_refused_with_the_limit_in_words():
    with pytest.raises(ValidationError) as error:
        validate_attachment(SimpleUploadedFile("大文件.pdf", PDF + b"\n" * 200))
    assert error.value.messages[0] == "文件“大文件.pdf”大小为 269 B，超过了 100 B 的上限。"


def test_the_field_reports_every_bad_file_and_asks_to_choose_again():
    field = AttachmentsField(required=False)
    with pytest.raises(ValidationError) as error:
        field.clean([SimpleUploadedFile("a.pdf", PDF), SimpleUploadedFile("b.exe", b"MZ" + b"\0" * 100)])
    assert any("b.exe" in message for message in error.value.messages)
    assert "已填写的其他内容都已保留，请重新选择符合要求的文件。" in error.value.messages
    assert field.clean([]) == []
