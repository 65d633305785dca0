"""Celery application: reminders, notifications and rendering run here (DESIGN: Architecture)."""

import os
from pathlib import Path

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("committee")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_after_configure.connect
def _make_filesystem_broker_folders(sender, **kwargs):
    """The embedded broker keeps its queue in folders that must exist before the first message."""
    options = sender.conf.broker_transport_options or {}
    for key in ("data_folder_in", "data_folder_out", "processed_folder", "control_folder"):
        if options.get(key):
            Path(options[key]).mkdir(parents=True, exist_ok=True)
    backend = sender.conf.result_backend or ""
    if backend.startswith("file://"):
        Path(backend.removeprefix("file://")).mkdir(parents=True, exist_ok=True)


@app.on_after_configure.connect
def _add_app_schedules(sender, **kwargs):
    """Each project app may keep its periodic tasks in `<app>/schedule.py` as BEAT_SCHEDULE."""
    from importlib import import_module
    from importlib.util import find_spec

    from django.conf import settings

    for name in settings.PROJECT_APPS:
        if find_spec(f"{name}.schedule"):
            sender.conf.beat_schedule.update(import_module(f"{name}.schedule").BEAT_SCHEDULE)
