"""A real Celery worker, started as a process against the configured broker, runs a task to the end."""

from __future__ import annotations

import pytest

from committee.models import Notification
from committee.services import notification_send

from .workers import start_worker, stop, unique_queue


@pytest.fixture
def worker(transactional_db, tmp_path):
    queue = unique_queue()
    log = tmp_path / "worker.log"
    process = start_worker(queue, log)
    try:
        yield queue
    finally:
        stop(process)
        print(log.read_text())


@pytest.mark.worker
def test_worker_delivers_a_notification(worker, staffed, users):
    person = users["deputy1"].person
    person.email = "deputy1@example.org"
    person.save()
    from committee.tasks import notification_deliver

    (notification,) = notification_send(recipients=[person], subject="真实任务", body="由 Celery worker 发送")
    result = notification_deliver.apply_async(args=[notification.pk], queue=worker)
    assert result.get(timeout=60) is True
    notification.refresh_from_db()
    assert notification.emailed_at is not None
    # Run again, as a retry would: nothing is sent twice.
    assert notification_deliver.apply_async(args=[notification.pk], queue=worker).get(timeout=60) is False
    assert Notification.objects.filter(pk=notification.pk, emailed_at=notification.emailed_at).exists()
