"""The stack the page benchmark serves: the project's settings with DEBUG off, plus a bare view to compare with.

Environment as for `config.settings.local` (DATABASE_URL selects PostgreSQL); nothing else changes.
"""

from config.settings.local import *  # noqa: F403
from config.settings.local import TEMPLATES

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
ROOT_URLCONF = "bench.site.urls"
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], BASE_DIR / "bench" / "site" / "templates"]  # noqa: F405
# The benchmark measures pages, not the relay of the e-mails that reading a page never causes.
OUTBOX_NUDGE = False
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
