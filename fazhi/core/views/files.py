"""Files and personal information: the attachment download and the ledgered full view of a
personal-information field ("显示完整号码").

Both find their record through `visible_to(user)`: a record out of the user's scope is a 404,
whoever asks.
"""

from __future__ import annotations

from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fazhi.core import attachments, pii, roles
from fazhi.core.models import Attachment
from fazhi.core.scoping import RegionScoped
from fazhi.core.views.base import require


@login_required
def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    attachment = get_object_or_404(Attachment.objects.visible_to(request.user), pk=pk)
    # the same response as the API's download (shown inline when it can be, sandboxed)
    return attachments.serve(attachment, download=request.GET.get("download") == "1")


def _pii_model(label: str):
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError) as exc:
        raise Http404 from exc
    if not issubclass(model, RegionScoped):
        raise Http404
    return model


@login_required
@require_POST
def pii_reveal(request: HttpRequest, model: str, pk: str, field: str) -> HttpResponse:
    """POST: the full value of one personal-information field, written to the ledger."""
    require(request.user, roles.VIEW_PII)
    model_class = _pii_model(model)
    kind = pii.pii_kind_of(model_class, field)
    if kind is None:
        raise Http404
    obj = get_object_or_404(model_class.objects.visible_to(request.user), pk=pk)
    if not pii.may_see_full(request.user, obj):
        raise PermissionDenied(_("您在该记录所属区划没有查看完整个人信息的权限。"))
    value = pii.reveal(request.user, obj, field)
    back = request.headers.get("referer", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}, require_https=request.is_secure()):
        back = reverse("home")
    context = {
        "back": back,
        "obj": obj,
        "field": field,
        "label": model_class._meta.get_field(field).verbose_name,
        "value": value,
        "kind": kind,
    }
    template = "core/pii_full.html" if getattr(request, "htmx", False) else "core/pii_reveal.html"
    response = render(request, template, context)
    response["Cache-Control"] = "no-store"
    return response


urlpatterns = [
    path("files/<int:pk>/", attachment_download, name="attachment"),
    path("pii/<str:model>/<str:pk>/<str:field>/", pii_reveal, name="pii_reveal"),
]
