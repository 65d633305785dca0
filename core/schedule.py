"""Periodic tasks of the base layer, merged into Celery beat (config/celery.py)."""

from celery.schedules import crontab

BEAT_SCHEDULE = {
    # The backstop of the after-commit nudge: whatever a dead broker left in the outbox goes once it is back.
    "outbox-relay": {"task": "core.tasks.outbox_relay", "schedule": 10.0},
    "outbox-prune": {"task": "core.tasks.outbox_prune", "schedule": crontab(minute=40, hour=3)},
    "render-jobs-resume": {"task": "core.tasks.render_jobs_resume", "schedule": 120.0},
    # Every declared reminder (core.reminders): hourly, each kind at the hours it declares.
    "reminders": {"task": "core.tasks.reminders_send", "schedule": crontab(minute=5)},
}
