"""Size limits: free text has a length limit with a counter; a request past the size limit is refused early, on
the site's own page (JSON for the report form's autosave, which keeps the typing); the upload handler stops
reading a file past the attachment limit."""

from __future__ import annotations

import pytest
from django.core.exceptions import RequestDataTooBig
from django.core.files.uploadhandler import MemoryFileUploadHandler
from django.test import Client, override_settings
from django.urls import reverse

from committee.uploads import GRACE_BYTES, LimitedUploadHandler, request_max_bytes
from committee.web import LONG_TEXT_MAX, MULTI_LINE_MAX
from documents.models import Document

NEW_DOCUMENT = "/c/miyun-town/documents/new/"


def test_free_text_has_a_limit_and_a_counter(login, staffed):
    client = login("office_staff")
    page = client.get(NEW_DOCUMENT).content.decode()
    assert f'maxlength="{LONG_TEXT_MAX}"' in page and "data-counter" in page
    assert "js/counter.js" in page
    data = {
        "kind": "notice",
        "classification": "general",
        "title": "太长的通知",
        "main_units": [staffed.units.get(code="fulian").pk],
        "body": "字" * (LONG_TEXT_MAX + 1),
        "attachments": "件" * (MULTI_LINE_MAX + 1),
        "with_seal": "on",
    }
    response = client.post(NEW_DOCUMENT, data)
    assert response.status_code == 200
    form = response.context["form"]
    assert "body" in form.errors and "attachments" in form.errors
    assert 'value="太长的通知"' in response.content.decode()
    assert not Document.objects.filter(title="太长的通知").exists()


def test_a_request_announcing_too_much_is_refused_unread():
    """An anonymous POST of 200 MB to the login page: answered 413 from the header alone."""
    response = Client().generic(
        "POST",
        "/accounts/login/",
        b"username=x",
        content_type="application/x-www-form-urlencoded",
        CONTENT_LENGTH=str(200 * 1024 * 1024),
    )
    assert response.status_code == 413
    page = response.content.decode()
    assert "提交的内容过大" in page and '<nav class="navbar' in page


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=2000)
def test_form_text_past_the_limit_gets_the_413_page(login):
    response = login("office_staff").post(NEW_DOCUMENT, {"title": "x", "body": "字" * 3000})
    assert response.status_code == 413
    assert "提交的内容过大" in response.content.decode()


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=2000)
def test_autosave_past_the_limit_answers_json_and_saves_nothing(login, staffed, users):
    import datetime

    from django.utils import timezone

    from reports import services
    from reports.models import AnnualReport

    cycle = services.cycle_open(
        by=users["office_staff"],
        committee=staffed,
        year=timezone.localdate().year,
        deadline=timezone.localdate() + datetime.timedelta(days=20),
    )
    report = AnnualReport.objects.get(cycle=cycle, unit__code="fulian")
    response = login("liaison-fulian").post(
        reverse("reports:autosave", args=[report.pk]),
        {"revision": 0, "key_work": "字" * 3000},
        HTTP_X_REQUESTED_WITH="XMLHttpRequest",
    )
    assert response.status_code == 413
    assert "过大" in response.json()["error"]
    report.refresh_from_db()
    assert report.revision == 0 and report.key_work == ""


@override_settings(ATTACHMENT_MAX_BYTES=1024)
def test_the_upload_handler_stops_reading_past_the_attachment_limit():
    handler = LimitedUploadHandler()
    handler.handle_raw_input(None, {}, None, b"boundary")
    handler.new_file("file", "大.pdf", "application/pdf", None)
    chunk = b"x" * (64 * 1024)
    read = 0
    with pytest.raises(RequestDataTooBig):
        for _ in range(1000):
            handler.receive_data_chunk(chunk, read)
            read += len(chunk)
    # Stopped just past the limit and its grace, not after the 64 MB the client wanted to send.
    assert read <= 1024 + GRACE_BYTES + len(chunk)
    with pytest.raises(RequestDataTooBig):
        handler.handle_raw_input(None, {}, request_max_bytes() + 1, b"boundary")


@override_settings(ATTACHMENT_MAX_BYTES=1024)
def test_a_large_upload_is_refused_on_the_site_page(login, staffed):
    from django.core.files.uploadedfile import SimpleUploadedFile

    big = SimpleUploadedFile("大.pdf", b"%PDF-1.4\n" + b"0" * (1024 + GRACE_BYTES + 10))
    response = login("office_staff").post(NEW_DOCUMENT, {"title": "x", "file": big})
    assert response.status_code == 413
    assert "提交的内容过大" in response.content.decode()


def test_the_handlers_are_in_place(settings):
    assert settings.FILE_UPLOAD_HANDLERS[0] == "committee.uploads.LimitedUploadHandler"
    assert MemoryFileUploadHandler.__module__ + ".MemoryFileUploadHandler" in settings.FILE_UPLOAD_HANDLERS
