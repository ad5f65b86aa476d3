from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GridConfig(AppConfig):
    name = "fazhi.grid"
    label = "grid"
    verbose_name = _("网格化治理")

    def ready(self):
        from fazhi.core import links
        from fazhi.core import roles as core_roles
        from fazhi.grid import (
            homes,  # noqa: F401  (registers the home-page sections)
            rules,  # noqa: F401  (declares the county rules the clocks read)
            workflow,  # noqa: F401  (declares the frozen states)
        )

        # 抄告 (fazhi.grid.workflow "copy_to"): the event copied to another village's cadres
        links.declare_purpose(
            workflow.COPY_PURPOSE,
            _("抄告知悉"),
            permission=core_roles.GRID_HANDLE,
            roles=(workflow.VILLAGE_CADRE,),
            models=("grid.event",),
        )
