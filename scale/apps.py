from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScaleConfig(AppConfig):
    """Benchmark data at scale (`manage.py generate_scale_data`): years of a committee's work, built through the
    services under a simulated clock. No models, no pages; nothing else imports it."""

    name = "scale"
    verbose_name = _("规模测试数据")
