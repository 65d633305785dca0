"""Periodic tasks of official documents, merged into Celery beat (config/celery.py)."""

BEAT_SCHEDULE = {
    "documents-receipt-reminders": {
        "task": "documents.tasks.receipt_reminders",
        "schedule": 60 * 60,
    },
}
