"""Background work of the annual reports: none of its own. Deadline reminders are declared in
reports/reminders.py and sent by the one reminder schedule; PDFs are core's render job."""
