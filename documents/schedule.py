"""Periodic tasks of official documents, merged into Celery beat (config/celery.py)."""

BEAT_SCHEDULE = {
    "documents-receipt-reminders": {
        "task": "documents.tasks.receipt_reminders",
        "schedule": 60 * 60,
    },
    "documents-render-jobs-resume": {
        "task": "documents.tasks.render_jobs_resume",
        "schedule": 10 * 60,
    },
}
