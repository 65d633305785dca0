"""Periodic tasks of the committee app, merged into Celery beat (config/celery.py)."""

from celery.schedules import crontab

BEAT_SCHEDULE = {
    # On the hour: the daily digests of those whose chosen hour it is (each goes through the outbox).
    "notification-digests": {"task": "committee.tasks.notification_digests_queue", "schedule": crontab(minute=0)},
}
