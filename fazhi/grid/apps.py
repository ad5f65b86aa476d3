from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GridConfig(AppConfig):
    name = "fazhi.grid"
    label = "grid"
    verbose_name = _("网格化治理")

    def ready(self):
        from fazhi.grid import (
            homes,  # noqa: F401  (registers the home-page sections)
            rules,  # noqa: F401  (declares the county rules the clocks read)
            workflow,  # noqa: F401  (declares the frozen states)
        )
