"""Development: the embedded default that `make run` serves (SQLite, filesystem broker, console e-mail)."""

import os

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = env_bool("DJANGO_DEBUG", True)
SECRET_KEY = SECRET_KEY or "insecure-local-development-key-do-not-use-in-production"

# Links in e-mail point at the address scripts/run_local.py serves (HOST, PORT), unless SITE_URL says otherwise.
_host = os.environ.get("HOST", "127.0.0.1")
_host = "127.0.0.1" if _host in {"0.0.0.0", "::", ""} else _host  # noqa: S104 - a wildcard is not an address to open
SITE_URL = SITE_URL or f"http://{f'[{_host}]' if ':' in _host else _host}:{os.environ.get('PORT', '8000')}"
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
# `make run` serves with DEBUG off (scripts/run_local.py): WhiteNoise then serves the app's static files straight
# from the apps, without collectstatic, and the address it is served at is an allowed host.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
ALLOWED_HOSTS = ["*"] if os.environ.get("HOST") in {"0.0.0.0", "::"} else [*ALLOWED_HOSTS, _host]  # noqa: S104

# The embedded default keeps its database, queue and media under var/, made on first use.
VAR_DIR.mkdir(parents=True, exist_ok=True)
