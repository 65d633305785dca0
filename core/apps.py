from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The base layer every app may use: outbox, reminders, render jobs, who acted, exports."""

    name = "core"
    verbose_name = _("基础")
