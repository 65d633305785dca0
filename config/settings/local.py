"""Development: the embedded default that `make run` serves (SQLite, filesystem broker, console e-mail)."""

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = env_bool("DJANGO_DEBUG", True)
SECRET_KEY = SECRET_KEY or "insecure-local-development-key-do-not-use-in-production"
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}

# The embedded default keeps its database, queue and media under var/, made on first use.
VAR_DIR.mkdir(parents=True, exist_ok=True)
