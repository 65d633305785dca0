"""Periodic tasks of the annual reports, merged into Celery beat at start-up."""

BEAT_SCHEDULE = {
    "report-reminders": {
        "task": "reports.tasks.reminders_send",
        # Hourly: a reminder due today goes out within the hour; running again sends nothing twice.
        "schedule": 60 * 60,
    },
}
