from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommitteeConfig(AppConfig):
    name = "committee"
    verbose_name = _("委员会")

    def ready(self):
        from django.utils.module_loading import autodiscover_modules

        # Each app adds its authority rules, its part of 我的待办 and its panels (charts for the year on the
        # work bench and the committee page) and its columns of the district oversight page by registering them here.
        autodiscover_modules("authority_rules", "todo", "panels", "oversight")

        from django.contrib.auth.signals import user_logged_in

        from .middleware import session_seen

        # The idle clock starts at login, so that the first pages after it do not write the session again.
        user_logged_in.connect(
            lambda sender, request, user, **kwargs: session_seen(request.session) if request is not None else None,
            dispatch_uid="committee.session_seen_at_login",
            weak=False,
        )
