"""Benchmark: 10,000 task reminders against 10,000 no-op Celery tasks, on PostgreSQL and Redis, with a real worker.

Run:

    .venv/bin/python bench/reminders.py --database postgres://postgres@127.0.0.1:5432/benchrem \\
        --broker redis://127.0.0.1:6379/13 [--tasks 10000] [--rounds 2]

The database is made afresh (migrated, the rules and the demo people loaded; the demo people get e-mail
addresses); then `--tasks` open follow-up tasks due in three days are written directly (a fixture: how tasks
come to be is not what is measured), spread over the fourteen units. A Celery worker (prefork, 2 processes, as
`make run` starts one) serves both measurements, which take turns, `--rounds` times:

- *no-op*: `--tasks` Celery tasks that do nothing but count themselves are published; the time until the
  worker has run the last;
- *reminders*: the hourly schedule's work for task deadlines (`core.reminders.reminders_send`), the outbox
  relayed, and the worker e-mailing every notification (Django's file backend, so that the e-mails can be
  counted); the time until the last is e-mailed.

Each reminder must still be sent once: after each round the ledger holds one row per task, a second run of
the schedule reminds nobody, every outbox message relayed again sends no second e-mail, and the mail files
hold exactly one e-mail per reminder. Writes bench/REMINDERS.md.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def database_make(url: str) -> None:
    name = url.rsplit("/", 1)[1]
    host = url.split("@", 1)[1].split(":", 1)[0]
    subprocess.run(["dropdb", "-h", host, "-U", "postgres", "--if-exists", name], check=True)
    subprocess.run(["createdb", "-h", host, "-U", "postgres", "-T", "template0", name], check=True)


def fixture(count: int) -> None:
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.utils import timezone

    from committee.demo import demo_people_create
    from committee.models import Appointment, Person
    from committee.services import rules_load_with_parents
    from duties.models import FollowUpTask

    call_command("migrate", verbosity=0)
    committee = rules_load_with_parents(data_dir=settings.COMMITTEE_RULES_DATA)
    demo_people_create(committee, "bench-pass-1234")
    for person in Person.objects.filter(committee=committee).select_related("user"):
        Person.objects.filter(pk=person.pk).update(email=f"{person.user.username}@example.invalid")
    units = list(committee.units.active().order_by("sort_order"))
    staff = Appointment.objects.in_force().get(person__user=get_user_model().objects.get(username="office_staff"))
    deadline = timezone.localdate() + datetime.timedelta(days=3)
    created = timezone.now() - datetime.timedelta(days=20)
    FollowUpTask.objects.bulk_create(
        [
            FollowUpTask(
                committee=committee,
                unit=units[index % len(units)],
                title=f"督办事项第{index + 1}项",
                deadline=deadline,
                original_deadline=deadline,
                created_by=staff,
                created_at=created,
            )
            for index in range(count)
        ],
        batch_size=1000,
    )


class Worker:
    def __init__(self, env: dict):
        self.process = subprocess.Popen(
            [
                str(ROOT / ".venv" / "bin" / "celery"),
                "-A",
                "config",
                "worker",
                "--pool",
                "prefork",
                "--concurrency",
                "2",
                "--without-heartbeat",
                "--without-gossip",
                "--without-mingle",
                "--loglevel",
                "warning",
            ],
            cwd=ROOT,
            env=env,
        )
        from config.celery import app

        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if app.control.ping(timeout=1):
                return
        self.stop()
        raise RuntimeError("the Celery worker did not start")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()


def wait(condition, limit: float) -> None:
    deadline = time.monotonic() + limit
    while not condition():
        if time.monotonic() > deadline:
            raise RuntimeError("timed out")
        time.sleep(0.05)


def noop_round(count: int) -> float:
    import redis
    from django.conf import settings

    from scale.tasks import noop

    client = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    counter = f"bench-noop-{uuid.uuid4()}"
    started = time.perf_counter()
    for _ in range(count):
        noop.apply_async(args=[counter], ignore_result=True)
    wait(lambda: int(client.get(counter) or 0) >= count, 1200)
    elapsed = time.perf_counter() - started
    client.delete(counter)
    return elapsed


def mails(folder: Path) -> int:
    return sum(path.read_text(encoding="utf-8").count("\n" + "-" * 79 + "\n") for path in folder.glob("*.log"))


def reminder_round(count: int, folder: Path) -> tuple[float, dict]:
    from django.utils import timezone

    from committee.models import Notification
    from core.models import OutboxMessage, ReminderSent
    from core.outbox import outbox_relay
    from core.reminders import reminders_send
    from duties.reminders import TASK_DEADLINE

    ReminderSent.objects.filter(kind=TASK_DEADLINE).delete()
    Notification.objects.all().delete()
    OutboxMessage.objects.all().delete()
    for path in folder.glob("*.log"):
        path.unlink()
    now = timezone.now()
    started = time.perf_counter()
    reminded = reminders_send(now=now, kinds=[TASK_DEADLINE])
    outbox_relay()
    waiting = Notification.objects.filter(emailed_at__isnull=True)
    wait(lambda: not waiting.exists(), 1200)
    elapsed = time.perf_counter() - started
    # Once: the ledger, a second run, a second relay of every message, the e-mails themselves.
    again = reminders_send(now=now, kinds=[TASK_DEADLINE])
    OutboxMessage.objects.update(relayed_at=None)
    outbox_relay()
    time.sleep(3)
    wait(lambda: not OutboxMessage.objects.filter(relayed_at=None).exists(), 60)
    time.sleep(3)
    checks = {
        "reminded": reminded,
        "ledger rows": ReminderSent.objects.filter(kind=TASK_DEADLINE).count(),
        "second run": again,
        "notifications": Notification.objects.count(),
        "e-mails": mails(folder),
    }
    if not (reminded == checks["ledger rows"] == checks["notifications"] == checks["e-mails"] == count) or again:
        raise RuntimeError(f"a reminder was not sent exactly once: {checks}")
    return elapsed, checks


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", required=True, help="a PostgreSQL URL; the database is dropped and made again")
    parser.add_argument("--broker", default="redis://127.0.0.1:6379/13")
    parser.add_argument("--tasks", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--output", default=str(Path(__file__).with_name("REMINDERS.md")))
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="bench-mail-"))
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "bench.site.settings",
        "DATABASE_URL": args.database,
        "CELERY_BROKER_URL": args.broker,
        "CELERY_RESULT_BACKEND": args.broker,
        "DJANGO_DEBUG": "false",
        "OUTBOX_NUDGE": "false",
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(folder),
        "LOG_LEVEL": "WARNING",
    }
    os.environ.update(env)
    database_make(args.database)
    import django

    django.setup()
    from django.db import connections

    started = time.perf_counter()
    fixture(args.tasks)
    print(f"fixture: {args.tasks} tasks in {time.perf_counter() - started:.0f} s", flush=True)
    connections.close_all()
    load_before = os.getloadavg()
    worker = Worker(env)
    noops, reminders, checks = [], [], {}
    try:
        noop_round(200)  # the worker's processes warm up
        for round_number in range(args.rounds):
            noops.append(noop_round(args.tasks))
            elapsed, checks = reminder_round(args.tasks, folder)
            reminders.append(elapsed)
            print(f"round {round_number + 1}: no-op {noops[-1]:.1f} s, reminders {elapsed:.1f} s", flush=True)
    finally:
        worker.stop()
        shutil.rmtree(folder, ignore_errors=True)
    load_after = os.getloadavg()
    noop_time, reminder_time = statistics.median(noops), statistics.median(reminders)
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if "model name" in line
        ),
        platform.processor(),
    )
    lines = [
        "# Reminder benchmark",
        "",
        f"Command: `.venv/bin/python bench/reminders.py --database <PostgreSQL URL> --broker <Redis URL> "
        f"--tasks {args.tasks} --rounds {args.rounds}`",
        f"Machine: {platform.machine()}, {cpu}, {os.cpu_count()} cores; Python {platform.python_version()}; "
        f"Celery worker: prefork, 2 processes. Date: {time.strftime('%Y-%m-%d %H:%M')}.",
        f"Load average (1/5/15 min) before: {' / '.join(f'{v:.1f}' for v in load_before)}; after: "
        f"{' / '.join(f'{v:.1f}' for v in load_after)} — the machine is shared: read the ratio, measured in turns.",
        "",
        f"| round | {args.tasks:,} no-op tasks s | {args.tasks:,} reminders s | ratio |",
        "|---|---:|---:|---:|",
        *(
            f"| {n + 1} | {noop:.1f} | {reminder:.1f} | {reminder / noop:.2f}x |"
            for n, (noop, reminder) in enumerate(zip(noops, reminders, strict=True))
        ),
        f"| median | {noop_time:.1f} | {reminder_time:.1f} | **{reminder_time / noop_time:.2f}x** |",
        "",
        "Target: the reminders within 2x the no-op tasks. Before this change (issue 13) the schedule handled one "
        "task at a time (about 14 ms each: 4.4x).",
        "",
        "Sent once (last round): " + ", ".join(f"{what} {n:,}" for what, n in checks.items()) + ".",
        "",
        "*Reminders* is the whole path: the schedule's query, the ledger rows (one INSERT per 500, skipping rows "
        "already there), the notifications and their history, the outbox, the relay, and the worker e-mailing "
        "them in chunks of 200 over one connection each.",
    ]
    Path(args.output).write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
