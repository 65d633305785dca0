"""Nothing is lost when a part is down: a dead broker delays side effects but fails no request, and a worker
killed in the middle of a render leaves a job that another worker finishes, with one PDF."""

from __future__ import annotations

import json
import os
import signal
from contextlib import ExitStack

import pytest

from committee.models import Notification
from core.models import OutboxMessage, RenderStatus
from core.outbox import outbox_relay
from core.rendering import RENDER_TASK, render_jobs_resume
from tests.workers import default_queue, django_run, start_worker, stop, unique_queue, wait_for

CLOSED_PORT = "redis://127.0.0.1:1/0"


@pytest.fixture
def stack():
    with ExitStack() as found:
        yield found


SIGN_THROUGH_THE_PAGE = """
import json, time
from django.contrib.auth import get_user_model
from django.test import Client
from core.outbox import outbox_relay
client = Client(HTTP_HOST="127.0.0.1")
client.force_login(get_user_model().objects.get(username="director"))
started = time.monotonic()
response = client.post("/documents/{pk}/steps/sign/", {{"sign-opinion": "同意"}})
answered = time.monotonic() - started
started = time.monotonic()
relayed = outbox_relay()
print(json.dumps({{"status": response.status_code, "answered": answered, "relayed": relayed,
                   "relay_seconds": time.monotonic() - started}}))
"""


@pytest.mark.worker
def test_with_the_broker_down_signing_answers_at_once_and_everything_goes_once_it_is_back(
    transactional_db, docs, users, tmp_path, stack
):
    for person in (users["office_staff"].person, users["office_director"].person):
        person.email = f"{person.user.username}@example.org"
        person.save()
    document = docs.awaiting(classification="important", kind="decision")
    OutboxMessage.objects.all().delete()

    # The web process points at a closed port (and relays after commit, as in production).
    printed = django_run(SIGN_THROUGH_THE_PAGE.format(pk=document.pk), CELERY_BROKER_URL=CLOSED_PORT, OUTBOX_NUDGE="1")
    outcome = json.loads(printed.strip().splitlines()[-1])
    assert outcome["status"] == 302
    assert outcome["answered"] < 5, outcome  # no wait on the broker in the request (it was 19 s)
    assert outcome["relayed"] == 0 and outcome["relay_seconds"] < 5, outcome
    document.refresh_from_db()
    assert document.doc_number  # the change is committed
    waiting = OutboxMessage.objects.filter(relayed_at=None)
    assert waiting.filter(task=RENDER_TASK).count() == 1
    assert waiting.count() >= 2  # the render and the e-mail of at least one notification
    assert waiting.filter(attempts__gte=1).exclude(last_error="").exists()

    # The broker is back: one relay hands everything over, a worker does each thing once.
    queue = stack.enter_context(default_queue(unique_queue()))
    count = waiting.count()
    assert outbox_relay() == count
    assert outbox_relay() == 0
    log = tmp_path / "worker.log"
    worker = start_worker(queue, log)
    try:
        wait_for(lambda: document.render_job.status == RenderStatus.DONE, timeout=120, interval=0.5)
        mails = Notification.objects.filter(created_at__gte=document.signed_at)
        wait_for(lambda: not mails.filter(emailed_at=None).exists(), timeout=60, interval=0.5)
    finally:
        stop(worker)
        print(log.read_text())
    job = document.render_job
    assert job.attempts == 1 and job.sha256
    assert OutboxMessage.objects.filter(relayed_at=None).count() == 0


@pytest.mark.worker
def test_a_worker_killed_mid_render_leaves_a_job_another_worker_finishes_with_one_pdf(
    transactional_db, docs, tmp_path, monkeypatch, stack
):
    queue = stack.enter_context(default_queue(unique_queue()))
    recovery = {"RENDER_STALE_SECONDS": "2", "CELERY_VISIBILITY_TIMEOUT": "4"}
    log = tmp_path / "worker.log"
    first = start_worker(queue, log, **recovery)
    try:
        document = docs.signed(classification="important", kind="decision", body="各单位要按照职责落实。\n" * 60)
        outbox_relay()
        job = document.render_job
        wait_for(lambda: type(job).objects.filter(pk=job.pk, status=RenderStatus.RENDERING).exists(), timeout=120)
        os.kill(first.pid, signal.SIGKILL)
        first.wait(10)
    finally:
        stop(first)
    job.refresh_from_db()
    assert job.status == RenderStatus.RENDERING, "the render must have been cut off"

    monkeypatch.setattr("django.conf.settings.RENDER_STALE_SECONDS", 2)
    second = start_worker(queue, log, **recovery)
    try:
        # A broker with a visibility timeout (Redis) delivers the unacknowledged message again; the resume task
        # covers one without (the filesystem broker). Both may happen: the job is still rendered once.
        def recovered():
            render_jobs_resume()
            outbox_relay()
            job.refresh_from_db()
            return job.status == RenderStatus.DONE

        wait_for(recovered, timeout=120, interval=1)
    finally:
        stop(second)
        print(log.read_text())
    assert job.attempts == 2 and job.pdf and job.sha256
    folder = os.path.dirname(job.pdf.path)
    assert os.listdir(folder) == [os.path.basename(job.pdf.name)]  # one PDF
