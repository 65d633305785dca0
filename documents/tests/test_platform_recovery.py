"""Nothing is lost when a part is down: a dead broker delays side effects but fails no request, and a worker
killed in the middle of a render leaves a job that another worker finishes, with one PDF."""

from __future__ import annotations

import json
from contextlib import ExitStack

import pytest

from committee.models import Notification
from core.models import OutboxMessage, RenderStatus
from core.outbox import outbox_relay
from core.rendering import RENDER_TASK
from tests.workers import (
    default_queue,
    django_run,
    only_file_in_its_folder,
    render_killed_and_resumed,
    start_worker,
    stop,
    unique_queue,
    wait_for,
)

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
    transactional_db, docs, tmp_path, monkeypatch
):
    def sign():
        document = docs.signed(classification="important", kind="decision", body="各单位要按照职责落实。\n" * 60)
        return document.render_job

    job = render_killed_and_resumed(sign, tmp_path, monkeypatch)
    assert job.attempts == 2 and job.pdf and job.sha256
    assert only_file_in_its_folder(job.pdf)  # one PDF
