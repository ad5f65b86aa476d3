"""Assignments (fazhi.core.links): the records assigned to me, and the page where who holds a
purpose's permission gives records to people and ends what they gave (never deleted)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fazhi.core import links
from fazhi.core.forms import AssignmentForm
from fazhi.core.models import Assignment
from fazhi.core.scoping import regions_q
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


def _may_give(user) -> None:
    if not links.purposes_for(user):
        raise PermissionDenied(_("您的角色无权分派事项。"))


def _managed(user):
    """The assignments `user` may end: those they read, in the regions where they hold the
    permission of one of the purposes they give."""
    paths = sorted(
        {p for purpose in links.purposes_for(user) for p in user.permission_paths(purpose.permission)}
    )
    return Assignment.objects.visible_to(user).filter(regions_q(paths, "region__path"))


@login_required
def assignment_manage(request: HttpRequest) -> HttpResponse:
    """Give a record to a person for a purpose; list what was given in the user's regions."""
    _may_give(request.user)
    form = AssignmentForm(request.POST or None, giver=request.user)
    if request.method == "POST" and form.is_valid():
        assignment = form.save()
        messages.success(
            request,
            _("已将“%(record)s”分派给%(user)s（%(purpose)s）。")
            % {
                "record": assignment.object_repr,
                "user": assignment.user,
                "purpose": links.purpose_label(assignment.purpose),
            },
        )
        return redirect("core:assignment_manage")
    show_all = request.GET.get("show") == "all"
    qs = _managed(request.user).select_related("user", "assigned_by", "content_type")
    if not show_all:
        qs = qs.in_force(timezone.localdate())
    page = paginate(request, qs.order_by("-since", "-id"))
    today = timezone.localdate()
    rows = [
        {
            "assignment": a,
            "purpose": links.purpose_label(a.purpose),
            "in_force": a.in_force(today) or a.since > today,
            "may_end": links.may_end(a, request.user),
        }
        for a in page
    ]
    return render(
        request,
        "core/assignment_manage.html",
        {
            "title": _("分派事项"),
            "form": form,
            "page_obj": page,
            "object_list": rows,
            "show_all": show_all,
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def assignment_end(request: HttpRequest, pk: int) -> HttpResponse:
    """End an assignment today (it stays, with its end date)."""
    _may_give(request.user)
    assignment = get_object_or_404(Assignment.objects.visible_to(request.user), pk=pk)
    try:
        links.end(assignment, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("已结束“%(record)s”对%(user)s的分派。")
            % {"record": assignment.object_repr, "user": assignment.user},
        )
    return redirect("core:assignment_manage")


urlpatterns = [
    path("assignments/", my_assignments, name="my_assignments"),
    path("assignments/manage/", assignment_manage, name="assignment_manage"),
    path("assignments/<int:pk>/end/", assignment_end, name="assignment_end"),
]
