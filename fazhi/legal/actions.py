"""“Create from this record”: on a dispute's or a petition matter's page, the judicial office
may log the adviser's work on it (参与矛盾纠纷调解, 信访或涉法涉诉事项意见); the engagement is linked
to that record through core links (fazhi.core.links)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from fazhi.core import links, roles

# source model label -> the engagement's kind
SOURCES = {"mediation.dispute": "mediation", "petitions.matter": "petition"}

for label in SOURCES:
    links.register_action(label, _("登记法律顾问服务"), "legal:engagement_create", roles.LEGAL_MANAGE)
