"""Filing a case from another app's record (a grid event, fazhi.enforcement.conversion): the
filing form opens filled from the record, and filing goes through the filing page's own door
(`cases.case_create`: its checks, its resubmission token, its ledger) with the source fixed to
网格上报 and the record as its reference; the filed case is then linked to the record in the same
transaction."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _

from fazhi.core import links, roles
from fazhi.core.views.base import requires
from fazhi.enforcement import conversion
from fazhi.enforcement.forms import CaseFileForm
from fazhi.enforcement.models import Case
from fazhi.enforcement.views import cases


def _source(request: HttpRequest):
    source = links.source_from(request, allowed=conversion.SOURCES)
    if source is None:
        raise Http404(_("未找到可转为执法案件的来源记录。"))
    if not request.user.can(roles.CASE_HANDLE, region=source.region):
        raise PermissionDenied(_("您在该记录所属区划没有立案的权限。"))
    return source


@requires(roles.CASE_HANDLE)
def case_from_record(request: HttpRequest) -> HttpResponse:
    """转为执法案件: the filing form from the record (GET), or filing it (POST)."""
    source = _source(request)
    first = conversion.converted(source)
    if first is not None:
        messages.info(
            request, _("该记录已转为执法案件 %(case)s，未重复立案。") % {"case": first.number or first.cause}
        )
        return redirect("enforcement:case_detail", pk=first.pk)
    if request.method == "POST":
        data = request.POST.copy()
        data["source"] = Case.Source.GRID  # a case filed from the grid's report: 网格上报
        data["source_reference"] = conversion.source_reference(source)
        if len(data.get("form_token", "")) != 32:  # the filed case is found again by its token
            data["form_token"] = uuid.uuid4().hex
        request.POST = data
        with transaction.atomic():
            response = cases.case_create(request)
            case = (
                Case.objects.filter(form_token=data["form_token"]).first()
                if response.status_code == 302
                else None
            )
            if case is not None:
                links.link(source, case, user=request.user)
        return response
    form = CaseFileForm(user=request.user, initial=conversion.initial_from(source, request.user))
    bodies = list(form.fields["body"].queryset[:2])
    if len(bodies) == 1:
        form.initial["body"] = bodies[0].pk
    return render(
        request,
        "enforcement/case_from_record.html",
        {
            "title": _("转为执法案件"),
            "form": form,
            "source": source,
            "source_token": links.source_token(source),
            "cancel_url": source.get_absolute_url(),
            "submit_label": _("立案"),
            "crumbs": [(source.get_absolute_url(), str(source))],
        },
    )


urlpatterns = [
    path("cases/from-record/", case_from_record, name="case_from_record"),
]
