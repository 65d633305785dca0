from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommitteeConfig(AppConfig):
    name = "committee"
    verbose_name = _("委员会")

    def ready(self):
        from django.utils.module_loading import autodiscover_modules

        # Each app adds its authority rules and its part of 我的待办 by registering them here.
        autodiscover_modules("authority_rules", "todo")
