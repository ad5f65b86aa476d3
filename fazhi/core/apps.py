from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "fazhi.core"
    label = "core"
    verbose_name = _("基础")

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        # ledger entries; closed records frozen; the calendar's version read once per request
        from fazhi.core import deadlines, frozen, signals  # noqa: F401

        autodiscover_modules("metrics")  # each app's registered figures (fazhi.core.figures)
