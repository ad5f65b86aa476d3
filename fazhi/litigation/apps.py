from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LitigationConfig(AppConfig):
    name = "fazhi.litigation"
    label = "litigation"
    verbose_name = _("行政复议与行政诉讼")

    def ready(self) -> None:
        from fazhi.litigation import actions  # noqa: F401 (offers 登记行政复议或诉讼 on the records it concerns)
