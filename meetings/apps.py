from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.navigation import NavEntry


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("会议")
    # Its entries in the top bar (core.navigation), with their place in UI.md's order.
    navigation = (NavEntry("meetings", pgettext_lazy("top bar", "会议"), "meetings:list", 40),)

    def ready(self):
        from . import mail  # noqa: F401 - declares the calendar invitation its notices carry
