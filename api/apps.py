from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    """The open API (README: 开放接口): REST endpoints over the other apps' selectors and services, for the district's
    correction information platform (Arts 5, 7-9: 信息共享, 信息化建设). No app imports it."""

    name = "api"
    verbose_name = _("开放接口")
