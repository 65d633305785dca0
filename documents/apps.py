from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.navigation import NavEntry


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = _("公文")
    # Its entries in the top bar (core.navigation), with their place in UI.md's order.
    navigation = (NavEntry("documents", pgettext_lazy("top bar", "公文"), "documents:list", 70),)
