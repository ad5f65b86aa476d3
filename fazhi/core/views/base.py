"""The shell every page shares: sign-in, the home page, the permission check and pagination."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable
from functools import cached_property, wraps

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import F, Q, QuerySet
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


class KeysetPage:
    """One page of a register read by keyset (see `keyset_page`): iterates like Django's Page,
    `object_list` holds the rows, `paginator.count` counts the whole (filtered) register with one
    COUNT, only if a template or a caller asks for it."""

    def __init__(self, rows: list, queryset: QuerySet, keyset: dict):
        self.object_list = rows
        self.keyset = keyset
        self.paginator = _Count(queryset)

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self) -> int:
        return len(self.object_list)

    def __bool__(self) -> bool:
        return True  # the page exists even when it is empty (the count is still shown)


class _Count:
    # `num_pages` is deliberately absent: layouts/_pagination.html then draws the keyset pager
    def __init__(self, queryset: QuerySet):
        self._queryset = queryset

    @cached_property
    def count(self) -> int:
        return self._queryset.count()


def _encode_after(values: list) -> str:
    text = json.dumps(
        [v.isoformat() if hasattr(v, "isoformat") else v for v in values], separators=(",", ":")
    )
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def _decode_after(token: str, fields: list) -> list | None:
    """The values of an `after` token for `fields` (model fields), or None if it is not one."""
    try:
        raw = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
        if not isinstance(raw, list) or len(raw) != len(fields):
            return None
        values = [None if v is None else f.to_python(v) for f, v in zip(fields, raw, strict=True)]
    except (ValueError, TypeError, ValidationError, binascii.Error):
        return None
    if values[-1] is None:  # the last column is the unique one: never empty
        return None
    return values


def _after_filter(names: list[str], descending: list[bool], values: list) -> Q:
    """Rows strictly after `values` in the order (each column with NULLs last):
    a after va, or a = va and b after vb, … For a NULL va the rows after are the other NULLs
    (then the next columns decide); for a value, also every row whose a is NULL."""
    condition = Q()
    equal = Q()
    for index, (name, desc, value) in enumerate(zip(names, descending, values, strict=True)):
        if value is None:  # nothing sorts after NULL in this column: the later columns decide
            equal &= Q(**{f"{name}__isnull": True})
            continue
        step = Q(**{f"{name}__{'lt' if desc else 'gt'}": value})
        if index < len(names) - 1:
            step |= Q(**{f"{name}__isnull": True})
        condition |= equal & step
        equal &= Q(**{name: value})
    return condition


def keyset_page(
    request: HttpRequest,
    queryset: QuerySet,
    field: str = "id",
    per_page: int = PAGE_SIZE,
    descending=True,
    order: tuple[str, ...] | None = None,
) -> tuple[list, dict]:
    """A page of `queryset` after the `?after=` token: the query costs the same on page 1 and page
    10,000 (no OFFSET, no COUNT). Returns (rows, keyset) for layouts/_pagination.html.

    The order is one unique, indexed `field` (`descending` or not; `?after=` its plain value), or
    `order`, several columns ("-filed_on", "-id") ending in a unique one, each NULLs last; then
    `?after=` is an opaque token of the last row's values. With `order`, a legacy `?page=N`
    (no `after`) is still served, by OFFSET, so old links keep working."""
    if order is None:
        after = request.GET.get("after") or None
        qs = queryset.order_by(f"-{field}" if descending else field)
        if after is not None:
            try:
                qs = qs.filter(**{f"{field}__{'lt' if descending else 'gt'}": after})
            except (ValueError, TypeError, ValidationError):
                after = None
        rows = list(qs[: per_page + 1])
        more = len(rows) > per_page
        rows = rows[:per_page]
        next_value = getattr(rows[-1], field) if more and rows else None
        return rows, {"next": next_value, "first": after is None}

    names = [name.lstrip("-") for name in order]
    desc = [name.startswith("-") for name in order]
    model_fields = [queryset.model._meta.get_field(name) for name in names]
    attnames = [f.attname for f in model_fields]
    qs = queryset.order_by(
        *(
            F(name).desc(nulls_last=True) if d else F(name).asc(nulls_last=True)
            for name, d in zip(names, desc, strict=True)
        )
    )
    token = request.GET.get("after") or ""
    values = _decode_after(token, model_fields) if token else None
    offset = 0
    if values is not None:
        qs = qs.filter(_after_filter(attnames, desc, values))
    elif not token:
        try:
            offset = max(0, int(request.GET.get("page") or 1) - 1) * per_page
        except ValueError:
            offset = 0
    rows = list(qs[offset : offset + per_page + 1])
    more = len(rows) > per_page
    rows = rows[:per_page]
    next_token = _encode_after([getattr(rows[-1], a) for a in attnames]) if more and rows else None
    return rows, {"next": next_token, "first": values is None and offset == 0}
