from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LegalConfig(AppConfig):
    name = "fazhi.legal"
    label = "legal"
    verbose_name = _("法律顾问与重大行政决策")

    def ready(self):
        from fazhi.legal import (
            actions,  # noqa: F401  (offers the service log on disputes and petition matters)
            homes,  # noqa: F401  (registers the home-page sections)
            purposes,  # noqa: F401  (declares the assignment purpose legal.opinion)
            workflow,  # noqa: F401  (declares the frozen states and guards the state fields)
        )
