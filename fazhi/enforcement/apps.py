from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnforcementConfig(AppConfig):
    name = "fazhi.enforcement"
    label = "enforcement"
    verbose_name = _("行政执法")

    def ready(self):
        from fazhi.enforcement import (
            conversion,  # noqa: F401  (offers 转为执法案件 on a grid event's page)
            homes,  # noqa: F401  (registers the home-page sections)
            workflow,  # noqa: F401  (declares the frozen states)
        )
