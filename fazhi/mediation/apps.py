from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MediationConfig(AppConfig):
    name = "fazhi.mediation"
    label = "mediation"
    verbose_name = _("人民调解")

    def ready(self):
        from fazhi.mediation import (
            homes,  # noqa: F401  (registers the home-page section)
            workflow,  # noqa: F401  (declares the frozen states and guards the state field)
        )
