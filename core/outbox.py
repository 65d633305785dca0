"""Side effects as rows: written with the change, relayed to Celery afterwards (DESIGN: Architecture).

`outbox_put` is called inside the transaction that causes the effect; nothing talks to the broker there.
After the commit, a nudge relays the new rows from a background thread, so a request never waits on the
broker; the beat's `outbox_relay` task relays whatever a dead broker left behind once it is back. Each
task named here is harmless to run twice (an e-mail is sent once, a PDF rendered once), which is what
makes a message relayed twice still take effect once.
"""

from __future__ import annotations

import datetime
import logging
import threading
from concurrent.futures import ThreadPoolExecutor

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Min
from django.utils import timezone

from .models import OutboxMessage

logger = logging.getLogger(__name__)

BATCH = 200
BROKER_TIMEOUT = 2  # seconds


def outbox_put(task: str, *, queue: str = "", **kwargs) -> OutboxMessage:
    """Records that `task(**kwargs)` must run once the current transaction commits (JSON-serialisable kwargs)."""
    message = OutboxMessage.objects.create(task=task, kwargs=kwargs, queue=queue)
    _nudge_after_commit()
    return message


def outbox_put_many(task: str, kwargs_list: list[dict], *, queue: str = "") -> int:
    """The bulk form of `outbox_put`, for fan-outs (a reminder to many people): one INSERT per batch."""
    if not kwargs_list:
        return 0
    OutboxMessage.objects.bulk_create(
        [OutboxMessage(task=task, kwargs=kwargs, queue=queue) for kwargs in kwargs_list], batch_size=500
    )
    _nudge_after_commit()
    return len(kwargs_list)


def outbox_relay(*, limit: int = 5000) -> int:
    """Hands waiting rows to the broker, oldest first, and marks each relayed; returns how many went.

    Rows are claimed with SKIP LOCKED (on PostgreSQL), so two relays at once share the work. The first
    publish that fails stops the run: the broker is down, and the rows wait for the next run.
    """
    from celery import current_app

    relayed = 0
    with current_app.connection_for_write() as broker:
        while relayed < limit:
            with transaction.atomic():
                batch = list(
                    _claimable(OutboxMessage.objects.filter(relayed_at=None).order_by("pk"))[
                        : min(BATCH, limit - relayed)
                    ]
                )
                if not batch:
                    return relayed
                done, failure = [], None
                try:
                    # One quick try: a broker that is down is left for the next run, not waited on.
                    broker.ensure_connection(max_retries=0, timeout=BROKER_TIMEOUT)
                    for message in batch:
                        current_app.send_task(
                            message.task,
                            kwargs=message.kwargs,
                            queue=message.queue or None,
                            connection=broker,
                            retry=False,
                            # Nobody waits for the result of a side effect; asking for it would subscribe to
                            # the result backend, which retries for about 20 s when Redis is down.
                            ignore_result=True,
                        )
                        done.append(message.pk)
                except Exception as exc:  # noqa: BLE001 - any publish failure means "try again later"
                    failure = (batch[len(done)], exc)
                now = timezone.now()
                if done:
                    OutboxMessage.objects.filter(pk__in=done).update(relayed_at=now)
                    relayed += len(done)
                if failure is not None:
                    message, exc = failure
                    OutboxMessage.objects.filter(pk=message.pk).update(
                        attempts=message.attempts + 1, last_error=f"{type(exc).__name__}: {exc}"[:2000]
                    )
                    logger.warning("outbox relay stopped, broker unavailable: %s", exc)
                    return relayed
    return relayed


def outbox_backlog() -> dict:
    """What `/healthz/` reports: how many rows wait, and how old the oldest is (seconds)."""
    pending = OutboxMessage.objects.filter(relayed_at=None)
    oldest = pending.aggregate(oldest=Min("created_at"))["oldest"]
    age = (timezone.now() - oldest).total_seconds() if oldest else 0.0
    return {"pending": pending.count(), "oldest_seconds": round(age, 1)}


def outbox_prune(*, older_than: datetime.timedelta = datetime.timedelta(days=30)) -> int:
    """Relayed rows are kept a month for inspection, then removed."""
    deleted, _ = OutboxMessage.objects.filter(relayed_at__lt=timezone.now() - older_than).delete()
    return deleted


def _claimable(queryset):
    if connection.features.has_select_for_update_skip_locked:
        return queryset.select_for_update(skip_locked=True)
    return queryset


# The nudge: after commit, relay from a background thread of this process.

_executor: ThreadPoolExecutor | None = None
_executor_lock = threading.Lock()
_pending_nudge = threading.Event()


def _nudge_after_commit() -> None:
    if not getattr(settings, "OUTBOX_NUDGE", True):
        return
    transaction.on_commit(_nudge)


def _nudge() -> None:
    global _executor
    if _pending_nudge.is_set():
        return  # a relay is already scheduled in this process; it will find these rows too
    with _executor_lock:
        if _executor is None:
            _executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="outbox-relay")
    _pending_nudge.set()
    _executor.submit(_relay_in_background)


def _relay_in_background() -> None:
    from django.db import close_old_connections, connections

    _pending_nudge.clear()
    try:
        close_old_connections()
        outbox_relay()
    except Exception:
        logger.exception("outbox relay after commit failed; the beat will relay later")
    finally:
        connections.close_all()
