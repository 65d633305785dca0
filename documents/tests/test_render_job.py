"""The tracked, idempotent render job and the PDF download (served only to those who may see the document)."""

from __future__ import annotations

import datetime
import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from committee.authority import NotAllowed
from core import tasks
from core.models import OutboxMessage, RenderJob, RenderStatus
from core.outbox import outbox_relay
from core.rendering import RENDER_TASK, render_job_run
from documents import rendering, services


def test_a_job_is_rendered_once(docs):
    document = docs.signed()
    job = document.render_job
    assert render_job_run(job_id=job.pk) == "done"
    job.refresh_from_db()
    first = (job.sha256, job.pdf.name, job.attempts)
    assert render_job_run(job_id=job.pk) == "already-done"
    assert tasks.render_job_run(job.pk) == "already-done"
    job.refresh_from_db()
    assert (job.sha256, job.pdf.name, job.attempts) == first == (job.sha256, job.pdf.name, 1)
    data = job.pdf.read()
    assert data.startswith(b"%PDF") and hashlib.sha256(data).hexdigest() == job.sha256
    assert job.size_bytes == len(data) and job.pages >= 1 and job.duration_ms is not None


def test_the_pdf_is_reproducible(docs):
    """The same signed document always gives the same bytes, so its SHA-256 can be checked again later."""
    document = docs.signed(render=True)
    again = rendering.document_pdf(document)
    assert again.sha256 == document.render_job.sha256


def test_a_failure_is_recorded_with_the_error_and_retried(docs, users, monkeypatch):
    document = docs.signed()
    job = document.render_job

    def broken(_document):
        raise OSError("磁盘已满")

    monkeypatch.setattr(rendering, "document_pdf", broken)
    with pytest.raises(OSError, match="磁盘已满"):
        tasks.render_job_run.run(job.pk)
    job.refresh_from_db()
    assert job.status == RenderStatus.FAILED and job.error == "OSError: 磁盘已满" and job.attempts == 1
    # Passing failures are retried by Celery with backoff.
    assert OSError in tasks.render_job_run.autoretry_for and tasks.render_job_run.retry_backoff
    assert tasks.render_job_run.soft_time_limit < tasks.render_job_run.time_limit

    page = docs_page(users, document)
    assert "生成失败" in page and "磁盘已满" in page and "重新生成" in page

    monkeypatch.undo()
    with pytest.raises(NotAllowed):
        services.document_render_again(by=users["liaison-fulian"], document=document)
    services.document_render_again(by=users["office_staff"], document=document)
    job.refresh_from_db()
    assert job.status == RenderStatus.QUEUED
    assert render_job_run(job_id=job.pk) == "done"
    job.refresh_from_db()
    assert job.status == RenderStatus.DONE and job.attempts == 2 and job.error == ""
    with pytest.raises(ValidationError, match="无需重新生成"):
        services.document_render_again(by=users["office_staff"], document=document)


def test_a_job_under_way_is_left_to_its_worker_unless_abandoned(docs):
    document = docs.signed()
    job = document.render_job
    RenderJob.objects.filter(pk=job.pk).update(status=RenderStatus.RENDERING, started_at=timezone.now())
    assert render_job_run(job_id=job.pk) == "busy"
    RenderJob.objects.filter(pk=job.pk).update(started_at=timezone.now() - datetime.timedelta(minutes=30))
    assert render_job_run(job_id=job.pk) == "done"


def test_a_vanished_job_is_tolerated(db):
    assert render_job_run(job_id=987654) == "missing"


def test_lost_messages_are_sent_again(docs):
    """A job queued long ago whose message was relayed but never run (the broker lost it) is queued again."""
    document = docs.signed()
    job = document.render_job
    outbox_relay()
    assert not OutboxMessage.objects.filter(relayed_at=None).exists()
    RenderJob.objects.filter(pk=job.pk).update(queued_at=timezone.now() - datetime.timedelta(hours=1))
    assert tasks.render_jobs_resume() == 1
    assert list(OutboxMessage.objects.filter(relayed_at=None).values_list("task", "kwargs")) == [
        (RENDER_TASK, {"job_id": job.pk})
    ]
    assert tasks.render_jobs_resume() == 0  # its message waits in the outbox: not a second one


def test_signing_writes_the_render_to_the_outbox_with_the_change(docs, users):
    """No broker is touched while signing: the render is a row written in the same transaction."""
    document = docs.awaiting()
    before = OutboxMessage.objects.filter(task=RENDER_TASK).count()
    document = services.document_sign(by=users["office_director"], document=document, opinion="同意")
    assert document.render_job.status == RenderStatus.QUEUED
    assert OutboxMessage.objects.filter(task=RENDER_TASK, kwargs__job_id=document.render_job.pk).count() == 1
    assert OutboxMessage.objects.filter(task=RENDER_TASK).count() == before + 1


def docs_page(users, document) -> str:
    from django.test import Client

    client = Client()
    client.force_login(users["office_staff"])
    return client.get(document.get_absolute_url()).content.decode()


def test_the_sha256_is_shown(docs, users):
    document = docs.signed(render=True)
    page = docs_page(users, document)
    assert document.render_job.sha256 in page and "下载 PDF" in page


@pytest.mark.parametrize(
    ("username", "status"),
    [
        ("liaison-fulian", 200),
        ("head-fulian", 200),
        ("director", 200),
        ("deputy2", 200),
        ("office_staff", 200),
        ("liaison-gonghui", 404),
        ("head-gonghui", 404),
    ],
)
def test_the_download_is_for_those_who_may_see_the_document(docs, login, username, status):
    document = docs.distributed(main=("fulian",))
    response = login(username).get(f"/documents/{document.pk}/pdf/")
    assert response.status_code == status
    if status == 200:
        data = b"".join(response.streaming_content)
        assert response["Content-Type"] == "application/pdf"
        assert hashlib.sha256(data).hexdigest() == document.render_job.sha256 == response["X-Content-SHA256"]
        assert "filename" in response["Content-Disposition"] and response["Cache-Control"] == "private, no-store"


def test_no_download_for_outsiders_or_before_the_pdf_exists(docs, client, django_user_model):
    signed = docs.signed()
    outsider = django_user_model.objects.create_user("outsider")
    client.force_login(outsider)
    assert client.get(f"/documents/{signed.pk}/pdf/").status_code == 404
    client.force_login(docs.users["office_staff"])
    assert client.get(f"/documents/{signed.pk}/pdf/").status_code == 404
    client.logout()
    assert client.get(f"/documents/{signed.pk}/pdf/").status_code == 302


def _live_status(page: str, job) -> bool:
    """The page shows the job's state with the live badge (core/render_status.html), polling while it is pending."""
    from django.urls import reverse

    return 'data-testid="render-status"' in page and f'hx-get="{reverse("core:render_status", args=[job.pk])}"' in page


def test_the_document_pages_show_the_pdf_state_live(docs, login):
    """UI.md: a PDF being rendered updates on the page by itself, on the document's page and in the list."""
    from django.urls import reverse

    document = docs.signed()
    job = document.render_job
    client = login("office_staff")
    detail = client.get(document.get_absolute_url()).content.decode()
    listed = client.get(reverse("documents:list", args=[docs.committee.code])).content.decode()
    assert _live_status(detail, job) and _live_status(listed, job)
    RenderJob.objects.filter(pk=job.pk).update(status=RenderStatus.FAILED, error="RuntimeError: 字体缺失")
    listed = client.get(reverse("documents:list", args=[docs.committee.code])).content.decode()
    assert 'data-testid="render-status">生成失败<' in listed
    docs.render(document)
    listed = client.get(reverse("documents:list", args=[docs.committee.code])).content.decode()
    assert 'data-testid="render-status"' not in listed  # a PDF that is ready is not news in the list
    detail = client.get(document.get_absolute_url()).content.decode()
    assert 'data-testid="render-status">已生成<' in detail
    assert reverse("core:render_status", args=[job.pk]) not in detail  # done: nothing left to poll
