"""Background work of follow-up tasks: none of its own. Deadline reminders are declared in duties/reminders.py
and sent by the one reminder schedule (core.tasks.reminders_send)."""
