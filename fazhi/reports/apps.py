from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "fazhi.reports"
    label = "reports"
    verbose_name = _("年度报告与统计")

    def ready(self):
        # the state field is guarded and the rules declared whatever the entry point
        from fazhi.reports import homes, workflow  # noqa: F401
