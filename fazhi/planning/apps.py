from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "fazhi.planning"
    label = "planning"
    verbose_name = _("工作方案")

    def ready(self):
        from fazhi.core import links, roles
        from fazhi.planning import homes  # noqa: F401  (registers the home-page section)
        from fazhi.planning.views import EVIDENCE_SOURCES

        # every record that may show a task's progress offers to be linked to a task
        for label in EVIDENCE_SOURCES:
            links.register_action(label, _("关联到工作方案任务"), "planning:evidence_add", roles.PLAN_MANAGE)
