from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.navigation import NavEntry


class OutreachConfig(AppConfig):
    name = "outreach"
    verbose_name = _("工作动态与表彰")
    # One entry in the top bar (core.navigation), after UI.md's nine; 简报、通报 and 表彰 are tabs of its pages.
    navigation = (NavEntry("outreach", pgettext_lazy("top bar", "工作动态"), "outreach:updates", 95),)
