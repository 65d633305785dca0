from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.navigation import NavEntry


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("年度报告")
    # Its entries in the top bar (core.navigation), with their place in UI.md's order.
    navigation = (
        NavEntry("reports", pgettext_lazy("top bar", "年度报告"), "reports:cycles", 60),
        NavEntry("research", pgettext_lazy("top bar", "调查研究"), "reports:topics", 90),
    )

    def ready(self):
        from core.annual import annual_changed

        from .services.pdfs import compilation_refresh_on_change

        # Other apps' parts of the compilation (core/annual.py) changed: make the compilation again.
        annual_changed.connect(compilation_refresh_on_change, dispatch_uid="reports.compilation_refresh")
