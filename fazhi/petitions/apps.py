from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PetitionsConfig(AppConfig):
    name = "fazhi.petitions"
    label = "petitions"
    verbose_name = _("信访")

    def ready(self):
        from fazhi.petitions import (  # noqa: F401
            actions,  # offers "转为信访事项" on a grid event's page
            homes,  # registers the home-page sections
            workflow,  # declares the frozen states and guards the state field
        )
