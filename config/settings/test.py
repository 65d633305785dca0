"""Tests: PostgreSQL and Redis when DATABASE_URL / CELERY_BROKER_URL are set (as in CI), else the embedded default."""

import os
from pathlib import Path

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-key"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SITE_URL = "http://testserver"
DEFAULT_FROM_EMAIL = "jzw@example.org"
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT") or VAR_DIR / "test-media")
# Tests relay the outbox themselves (or start a worker that does); no background thread behind their back.
OUTBOX_NUDGE = env_bool("OUTBOX_NUDGE", False)

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # On a file, not in memory, so that a real Celery worker started by a test sees the same data.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-db.sqlite3")}
if CELERY_BROKER_URL.startswith("filesystem://"):
    # Tests get their own queue folders, apart from the ones `make run` uses.
    _folder = str(VAR_DIR / "celery-test" / "queue")
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": _folder,
        "data_folder_out": _folder,
        "control_folder": str(VAR_DIR / "celery-test" / "control"),
    }
    CELERY_RESULT_BACKEND = f"file://{VAR_DIR / 'celery-test' / 'results'}"

# The data version (core/dataversion.py) in a file per test worker: another worker's writes would only make misses,
# but a test that expects the work bench from the cache would then fail now and then.
DATA_VERSION_FILE = VAR_DIR / f"data-version-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"

# The embedded default keeps its database, queue and media under var/, made on first use.
VAR_DIR.mkdir(parents=True, exist_ok=True)
