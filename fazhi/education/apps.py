from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EducationConfig(AppConfig):
    name = "fazhi.education"
    label = "education"
    verbose_name = _("普法与学法")

    def ready(self):
        from fazhi.education import homes  # noqa: F401  (registers the home-page sections)
