from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisclosureConfig(AppConfig):
    name = "fazhi.disclosure"
    label = "disclosure"
    verbose_name = _("政务公开")

    def ready(self):
        # the state field guarded and the closed request frozen whatever the entry point; the
        # home-page sections registered
        from fazhi.disclosure import homes, workflow  # noqa: F401
