from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The base layer every app may use: outbox, reminders, render jobs, who acted, exports."""

    name = "core"
    verbose_name = _("基础")

    def ready(self):
        from django.utils.module_loading import autodiscover_modules

        # Each app declares the PDFs it renders, the reminders it sends and its sections of the annual
        # compilation (core/annual.py) in these modules.
        autodiscover_modules("renderers", "reminders", "annual")

        from . import checks  # noqa: F401 - registers the system checks
        from .history_manager import install

        install()
