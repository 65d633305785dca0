"""A real Celery worker, started as a process against the configured broker, runs a task to the end."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from committee.models import Notification
from committee.services import notification_send

ROOT = Path(__file__).resolve().parent.parent


def _database_url() -> str:
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    user = db["USER"] or "postgres"
    return f"postgres://{user}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def worker(transactional_db, tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": _database_url(),
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
    }
    queue = f"test-{os.getpid()}-{time.monotonic_ns()}"
    log = tmp_path / "worker.log"
    with log.open("w") as output:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "-Q",
                queue,
                "--pool",
                "solo",
                "-l",
                "info",
                "--without-heartbeat",
                "--without-gossip",
                "--without-mingle",
            ],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        yield queue
    finally:
        process.terminate()
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
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
