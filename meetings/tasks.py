"""Background work of meetings: none of its own. Meeting and office-meeting reminders are declared in
meetings/reminders.py and sent by the one reminder schedule (core.tasks.reminders_send)."""
