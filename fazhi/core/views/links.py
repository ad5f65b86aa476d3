"""The records assigned to me (fazhi.core.links)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.core import links
from fazhi.core.models import Assignment
from fazhi.core.views.base import paginate


@login_required
def my_assignments(request: HttpRequest) -> HttpResponse:
    """The user's own assignments: those in force today, or all (?show=all)."""
    show_all = request.GET.get("show") == "all"
    qs = Assignment.objects.filter(user=request.user).select_related("content_type", "assigned_by")
    if not show_all:
        qs = qs.in_force(timezone.localdate())
    page = paginate(request, qs.order_by("-since", "-id"))
    rows = []
    for assignment in page:
        record = links._readable(assignment.content_type, assignment.object_id, request.user)
        url = record.get_absolute_url() if record is not None and hasattr(record, "get_absolute_url") else ""
        rows.append(
            {"assignment": assignment, "purpose": links.purpose_label(assignment.purpose), "url": url}
        )
    return render(
        request,
        "core/my_assignments.html",
        {
            "title": _("分派给我的事项"),
            "page_obj": page,
            "object_list": rows,
            "show_all": show_all,
            "today": timezone.localdate(),
        },
    )


urlpatterns = [path("assignments/", my_assignments, name="my_assignments")]
