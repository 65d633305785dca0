"""Periodic tasks of meetings, merged into Celery beat (config/celery.py)."""

from celery.schedules import crontab

BEAT_SCHEDULE = {
    "meeting-reminders": {
        "task": "meetings.tasks.meeting_reminders_send",
        "schedule": crontab(minute=5),
    },
    "office-meeting-check": {
        "task": "meetings.tasks.office_meeting_check",
        "schedule": crontab(minute=20, hour=9),
    },
}
