"""Periodic tasks of follow-up tasks, merged into Celery beat (config/celery.py)."""

from celery.schedules import crontab

BEAT_SCHEDULE = {
    # Mornings at 8:10 and, in case the first run was missed, at 14:10; a reminder is sent once either way.
    "task-deadline-reminders": {
        "task": "duties.tasks.task_reminders_send",
        "schedule": crontab(minute=10, hour="8,14"),
    },
}
