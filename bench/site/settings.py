"""The stack the page benchmark serves: the project's settings with DEBUG off, plus a bare view to compare with.

Environment as for `config.settings.local` (DATABASE_URL selects PostgreSQL); nothing else changes.
"""

import os

from config.settings.local import *  # noqa: F403
from config.settings.local import TEMPLATES

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
ROOT_URLCONF = "bench.site.urls"
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], BASE_DIR / "bench" / "site" / "templates"]  # noqa: F405
# The benchmark measures pages, not the relay of the e-mails that reading a page never causes.
OUTBOX_NUDGE = False
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}

# bench/reminders.py counts the e-mails its worker sends in files here.
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(VAR_DIR / "bench-mail"))  # noqa: F405
