from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.navigation import NavEntry


class DutiesConfig(AppConfig):
    name = "duties"
    verbose_name = _("职责与督办")
    # Its entries in the top bar (core.navigation), with their place in UI.md's order.
    navigation = (
        NavEntry("tasks", pgettext_lazy("top bar", "督办"), "duties:tasks", 50),
        NavEntry("inspections", pgettext_lazy("top bar", "督导检查"), "duties:inspections", 80),
    )
