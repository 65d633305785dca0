"""Real processes for the platform tests: a Celery worker, or a Django snippet, on this test's database."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


def database_url() -> str:
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    user = db["USER"] or "postgres"
    return f"postgres://{user}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def unique_queue() -> str:
    return f"test-{os.getpid()}-{time.monotonic_ns()}"


def environment(**extra: str) -> dict[str, str]:
    """The environment of a process that sees this test's database, media folder and broker."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": database_url(),
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        **extra,
    }


def start_worker(queue: str, log: Path, **extra: str) -> subprocess.Popen:
    with log.open("a") as output:
        return subprocess.Popen(
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
            env=environment(**extra),
            stdout=output,
            stderr=subprocess.STDOUT,
        )


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)


def django_run(code: str, timeout: float = 120, **extra: str) -> str:
    """Runs Python code in a fresh Django process (`manage.py shell -c`); returns what it printed."""
    done = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=environment(**extra),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def wait_for(predicate, timeout: float = 90, interval: float = 0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"not within {timeout} s")


@contextmanager
def default_queue(queue: str):
    """Tasks this process publishes without a queue go to `queue` meanwhile (a worker of this test's own), the
    routed ones (CELERY_TASK_ROUTES: rendering, notifications) too."""
    from celery import current_app

    def reroute(routes) -> None:
        current_app.conf.task_routes = routes
        current_app.amqp.flush_routes()
        # The app keeps the router it made first, with the routes of that moment.
        current_app.amqp.router = current_app.amqp.Router()

    before, routes = current_app.conf.task_default_queue, current_app.conf.task_routes
    current_app.conf.task_default_queue = queue
    reroute({})
    try:
        yield queue
    finally:
        current_app.conf.task_default_queue = before
        reroute(routes)


def render_killed_and_resumed(start_render, tmp_path: Path, monkeypatch):
    """Starts a worker, lets `start_render()` queue a PDF and return its render job, kills the worker with SIGKILL
    while it renders, then starts another worker and waits until the job is done: the broker delivers the
    unacknowledged message again (Redis, after the visibility timeout) or the resume task re-queues it (the
    filesystem broker has no such timeout); either way the job is rendered once. Returns the job."""
    import signal

    from core.models import RenderStatus
    from core.outbox import outbox_relay
    from core.rendering import render_jobs_resume

    recovery = {"RENDER_STALE_SECONDS": "2", "CELERY_VISIBILITY_TIMEOUT": "4"}
    log = tmp_path / "worker.log"
    with default_queue(unique_queue()) as queue:
        first = start_worker(queue, log, **recovery)
        try:
            job = start_render()
            outbox_relay()
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

            def recovered():
                render_jobs_resume()
                outbox_relay()
                job.refresh_from_db()
                return job.status == RenderStatus.DONE

            wait_for(recovered, timeout=120, interval=1)
        finally:
            stop(second)
            print(log.read_text())
    return job


def only_file_in_its_folder(field) -> bool:
    """No second copy of this file beside it (a storage that finds the name taken adds a suffix to the stem)."""
    name = os.path.basename(field.name)
    stem = name.split("_")[0].removesuffix(".pdf")
    return [found for found in os.listdir(os.path.dirname(field.path)) if found.startswith(stem)] == [name]
