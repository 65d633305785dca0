"""The benchmark's yardstick (bench/reminders.py): a task that does nothing but count that it ran."""

from __future__ import annotations

from celery import shared_task

_client = None


@shared_task(ignore_result=True)
def noop(counter: str) -> None:
    """Counts itself in Redis (the broker), so that the benchmark knows when the last one has run."""
    global _client
    if _client is None:
        import redis
        from django.conf import settings

        _client = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    _client.incr(counter)
