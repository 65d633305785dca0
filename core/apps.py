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

        from django.db import connections
        from django.db.backends.signals import connection_created

        from . import dataversion

        # Every write, through any connection, changes the data version pages cache by (core/dataversion.py).
        connection_created.connect(dataversion.watch, dispatch_uid="core.dataversion.watch")
        for connection in connections.all(initialized_only=True):
            dataversion.watch(sender=None, connection=connection)
