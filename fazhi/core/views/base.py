"""The shell every page shares: sign-in, the home page, the permission check and pagination."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fazhi.core.homes import home_sections
from fazhi.core.scoping import ensure_writable

PAGE_SIZE = 50


class LoginView(auth_views.LoginView):
    template_name = "core/login.html"
    redirect_authenticated_user = True


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    messages.info(request, _("您已退出登录。"))
    return redirect("login")


@login_required
def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "core/home.html",
        {"sections": home_sections(request.user), "today": timezone.localdate()},
    )


def require(user, *permissions: str) -> None:
    """Refuse with 403 unless the user's roles carry one of `permissions`."""
    if not user.is_authenticated or not any(user.can(p) for p in permissions):
        raise PermissionDenied(_("您的角色无权访问此页面。"))


def requires(*permissions: str) -> Callable:
    """View decorator: anonymous users go to the sign-in page; signed-in users whose roles carry
    none of `permissions` get 403. Checked before anything else (method, object lookup)."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            require(request.user, *permissions)
            return view(request, *args, **kwargs)

        return login_required(wrapped)

    return decorator


def visible_or_404(model, user, pk, related=()):
    """The record `pk` of `model` if `user` may read it (visible_to), else 404."""
    qs = model._default_manager.visible_to(user)
    if related:
        qs = qs.select_related(*related)
    return get_object_or_404(qs, pk=pk)


def writable_or_404(model, user, permission: str, pk, related=()):
    """The record `pk` of `model` for changing under `permission`: 404 if `user` may not read
    it, 403 if they may read it but hold `permission` in no region above it."""
    obj = visible_or_404(model, user, pk, related)
    if not user.can(permission, region=obj.region):
        raise PermissionDenied(_("您在该记录所属区划没有修改权限。"))
    return obj


def save_in_scope(form, user, permission: str):
    """Save a model form in one transaction; the saved record must be one `user` may change
    under `permission`, or nothing is saved (403)."""
    with transaction.atomic():
        obj = form.save()
        ensure_writable(obj, user, permission)
    return obj


def paginate(request: HttpRequest, queryset: QuerySet, per_page: int = PAGE_SIZE):
    """A page of `queryset` by page number (?page=); out-of-range numbers give the nearest page.
    For registers that grow without bound use `keyset_page`."""
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def keyset_page(
    request: HttpRequest, queryset: QuerySet, field: str = "id", per_page: int = PAGE_SIZE, descending=True
) -> tuple[list, dict]:
    """A page of `queryset` after the `?after=` value of the unique, indexed `field`: the query
    costs the same on page 1 and page 10,000 (no OFFSET, no COUNT). Returns (rows, keyset) for
    layouts/_pagination.html."""
    after = request.GET.get("after") or None
    qs = queryset.order_by(f"-{field}" if descending else field)
    if after is not None:
        try:
            qs = qs.filter(**{f"{field}__{'lt' if descending else 'gt'}": after})
        except (ValueError, TypeError):
            after = None
    rows = list(qs[: per_page + 1])
    more = len(rows) > per_page
    rows = rows[:per_page]
    next_value = getattr(rows[-1], field) if more and rows else None
    return rows, {"next": next_value, "first": after is None}
