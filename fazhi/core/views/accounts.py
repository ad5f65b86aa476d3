"""Accounts and memberships (the system administrator) and the region tree.

Accounts are never deleted: a deactivated account keeps its name on every record and ledger
entry it touched. Every change is a model save, so the ledger records it (fazhi.core.signals);
a password reset is one "user.password_change" entry, written by the User model (never the hash).
Which accounts and regions a user may manage: fazhi.core.administration.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.db.models import Min, Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fazhi.core import roles
from fazhi.core.administration import (
    assignable_regions_for,
    editable_regions_for,
    regions_for,
    users_for,
    with_counts,
)
from fazhi.core.forms import (
    MembershipForm,
    PasswordResetForm,
    RegionFilterForm,
    RegionForm,
    UserCreateForm,
    UserEditForm,
    UserFilterForm,
)
from fazhi.core.models import Membership, User
from fazhi.core.pii import mask_mobile
from fazhi.core.timeline import timeline
from fazhi.core.views.base import paginate, requires


def _register_urls(user, code: str) -> dict[str, str]:
    """The Excel export (and import page) of a register (fazhi/core/imports.py), if the user may."""
    from fazhi.core import io

    try:
        register = io.get_register(code)
    except LookupError:
        return {}
    urls = {}
    if register.can_export(user):
        urls["export_url"] = reverse("core:import_export", args=[code])
    if register.can_import(user):
        urls["import_url"] = reverse("core:import_list")
    return urls


# --- accounts ----------------------------------------------------------------------------------


@requires(roles.MANAGE_USERS)
def user_list(request: HttpRequest) -> HttpResponse:
    users = users_for(request.user)
    form = UserFilterForm(request.GET or None, regions=regions_for(request.user))
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            users = users.filter(Q(username__icontains=data["q"]) | Q(full_name__icontains=data["q"]))
        if data["role"] == "none":
            users = users.filter(memberships__isnull=True)
        elif data["role"]:
            users = users.filter(pk__in=Membership.objects.filter(role=data["role"]).values("user"))
        if data["region"]:
            under = Membership.objects.filter(region__path__startswith=data["region"].path)
            users = users.filter(pk__in=under.values("user"))
        if data["active"]:
            users = users.filter(is_active=data["active"] == "1")
    users = users.order_by("-is_active", "username").prefetch_related(
        Prefetch("memberships", queryset=Membership.objects.select_related("region").order_by("role"))
    )
    page = paginate(request, users)
    for user in page:
        user.mobile_masked = mask_mobile(user.mobile) if user.mobile else ""
    return render(
        request,
        "core/user_list.html",
        {
            "title": _("账户"),
            "page_obj": page,
            "object_list": page.object_list,
            "filter_form": form,
            **_register_urls(request.user, "users"),
        },
    )


@requires(roles.MANAGE_USERS)
def user_create(request: HttpRequest) -> HttpResponse:
    form = UserCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        messages.success(request, _("已创建账户“%(name)s”，请为其添加任职。") % {"name": user})
        return redirect("core:user_detail", pk=user.pk)
    return render(
        request,
        "core/user_form.html",
        {
            "title": _("新建账户"),
            "form": form,
            "cancel_url": reverse("core:user_list"),
            "submit_label": _("创建账户"),
        },
    )


def _managed_user(request: HttpRequest, pk: int) -> User:
    return get_object_or_404(users_for(request.user), pk=pk)


# The account and region pages show their newest changes (fazhi.core.timeline): what changed
# and by whom, never the values (the ledger holds personal information these pages need not show).
TIMELINE_ROWS = 20


@requires(roles.MANAGE_USERS)
def user_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _user_page(request, _managed_user(request, pk))


def _user_page(request: HttpRequest, account: User, membership_form: MembershipForm | None = None):
    memberships = account.memberships.select_related("region").order_by("role", "region__path")
    if membership_form is None:
        membership_form = MembershipForm(
            instance=Membership(user=account),
            actor=request.user,
            regions=assignable_regions_for(request.user),
        )
    assignable = set(assignable_regions_for(request.user).values_list("pk", flat=True))
    return render(
        request,
        "core/user_detail.html",
        {
            "title": str(account),
            "account": account,
            "memberships": memberships,
            "removable": {m.pk for m in memberships if m.region_id in assignable},
            "membership_form": membership_form,
            "tokens": account.api_tokens.all()[:20],
            "is_self": account.pk == request.user.pk,
            "timeline": timeline(account, user=request.user, limit=TIMELINE_ROWS, newest_first=True),
            "timeline_title": _("变更记录"),
            "status": _("启用") if account.is_active else _("已停用"),
            "status_tone": "ok" if account.is_active else "muted",
        },
        status=400 if membership_form.errors else 200,
    )


@requires(roles.MANAGE_USERS)
def user_edit(request: HttpRequest, pk: int) -> HttpResponse:
    account = _managed_user(request, pk)
    form = UserEditForm(request.POST or None, instance=account)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("已保存账户“%(name)s”。") % {"name": account})
        return redirect("core:user_detail", pk=account.pk)
    return render(
        request,
        "core/user_form.html",
        {
            "title": _("修改账户：%(name)s") % {"name": account.username},
            "form": form,
            "account": account,
            "cancel_url": reverse("core:user_detail", args=[account.pk]),
        },
    )


@requires(roles.MANAGE_USERS)
def user_password(request: HttpRequest, pk: int) -> HttpResponse:
    account = _managed_user(request, pk)
    form = PasswordResetForm(account, request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save()  # ledgered by the model; the holder must change it at next sign-in
        if account.pk == request.user.pk:
            update_session_auth_hash(request, account)
        messages.success(request, _("已重置“%(name)s”的密码，请当面告知本人。") % {"name": account})
        return redirect("core:user_detail", pk=account.pk)
    return render(
        request,
        "core/user_form.html",
        {
            "title": _("重置密码：%(name)s") % {"name": account.username},
            "form": form,
            "account": account,
            "cancel_url": reverse("core:user_detail", args=[account.pk]),
            "submit_label": _("重置密码"),
        },
    )


@requires(roles.MANAGE_USERS)
@require_POST
def user_active(request: HttpRequest, pk: int) -> HttpResponse:
    """Deactivate (or reactivate) an account. Accounts are never deleted."""
    account = _managed_user(request, pk)
    activate = request.POST.get("active") == "1"
    if account.pk == request.user.pk and not activate:
        messages.error(request, _("不能停用自己的账户。"))
    elif account.is_active != activate:
        account.is_active = activate
        account.save(update_fields=["is_active"])
        if activate:
            messages.success(request, _("已重新启用账户“%(name)s”。") % {"name": account})
        else:
            messages.success(
                request,
                _("已停用账户“%(name)s”：不能再登录，其经办的记录和台账保持不变。") % {"name": account},
            )
    return redirect("core:user_detail", pk=account.pk)


@requires(roles.MANAGE_USERS)
@require_POST
def membership_add(request: HttpRequest, pk: int) -> HttpResponse:
    account = _managed_user(request, pk)
    form = MembershipForm(
        request.POST,
        instance=Membership(user=account),
        actor=request.user,
        regions=assignable_regions_for(request.user),
    )
    if not form.is_valid():
        return _user_page(request, account, membership_form=form)
    membership = form.save()
    messages.success(
        request,
        _("已为“%(name)s”添加任职：%(role)s · %(region)s")
        % {"name": account, "role": membership.get_role_display(), "region": membership.region},
    )
    return redirect("core:user_detail", pk=account.pk)


@requires(roles.MANAGE_USERS)
@require_POST
def membership_remove(request: HttpRequest, pk: int, membership_pk: int) -> HttpResponse:
    account = _managed_user(request, pk)
    membership = get_object_or_404(
        account.memberships.filter(region__in=assignable_regions_for(request.user)), pk=membership_pk
    )
    if account.pk == request.user.pk:
        messages.error(request, _("不能为自己的账户增删任职，请由另一位系统管理员办理（三员分立）。"))
    else:
        label = f"{membership.get_role_display()} · {membership.region}"
        membership.delete()
        messages.success(request, _("已移除“%(name)s”的任职：%(what)s") % {"name": account, "what": label})
    return redirect("core:user_detail", pk=account.pk)


# --- regions -----------------------------------------------------------------------------------

REGION_PAGE_SIZE = 100


def _count_columns(regions) -> dict[str, bool]:
    """Which count columns a table of these regions needs (a village's grids have none)."""
    return {
        "children": any(r.n_children for r in regions),
        "villages": any(r.n_villages for r in regions),
        "grids": any(r.n_grids for r in regions),
    }


@requires(roles.VIEW_RECORDS, roles.MANAGE_REGIONS)
def region_list(request: HttpRequest) -> HttpResponse:
    regions = regions_for(request.user)
    top = regions.aggregate(top=Min("depth"))["top"] or 0
    form = RegionFilterForm(request.GET or None)
    filtered = form.is_valid() and any(form.cleaned_data.values())
    if filtered:
        if q := form.cleaned_data["q"]:
            regions = regions.filter(Q(name__icontains=q) | Q(code__startswith=q))
        if kind := form.cleaned_data["kind"]:
            regions = regions.filter(kind=kind)
    else:
        # The tree two levels deep (a town and its villages); each row opens its children.
        regions = regions.filter(depth__lte=top + 1)
    page = paginate(request, with_counts(regions.order_by("path")), REGION_PAGE_SIZE)
    for region in page:
        region.indent = 0 if filtered else min(region.depth - top, 3)
    return render(
        request,
        "core/region_list.html",
        {
            "title": _("区划与网格"),
            "page_obj": page,
            "object_list": page.object_list,
            "filter_form": form,
            "filtered": filtered,
            **_register_urls(request.user, "regions"),
            "cols": _count_columns(page.object_list),
        },
    )


@requires(roles.VIEW_RECORDS, roles.MANAGE_REGIONS)
def region_detail(request: HttpRequest, code: str) -> HttpResponse:
    visible = regions_for(request.user)
    region = get_object_or_404(with_counts(visible), code=code)
    ancestors = list(region.ancestors().exclude(pk=region.pk))
    visible_ancestors = set(visible.filter(pk__in=[a.pk for a in ancestors]).values_list("pk", flat=True))
    children = list(with_counts(visible.filter(parent=region).order_by("path")))
    return render(
        request,
        "core/region_detail.html",
        {
            "title": region.name,
            "region": region,
            "ancestors": [(a, a.pk in visible_ancestors) for a in ancestors],
            "children": children,
            "cols": _count_columns(children),
            "can_edit": editable_regions_for(request.user).filter(pk=region.pk).exists(),
            "timeline": timeline(region, user=request.user, limit=TIMELINE_ROWS, newest_first=True),
            "timeline_title": _("变更记录"),
        },
    )


@requires(roles.MANAGE_REGIONS)
def region_edit(request: HttpRequest, code: str) -> HttpResponse:
    region = get_object_or_404(editable_regions_for(request.user), code=code)
    form = RegionForm(request.POST or None, instance=region)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("已保存“%(name)s”。") % {"name": region.name})
        return redirect("core:region_detail", code=region.code)
    return render(
        request,
        "core/region_form.html",
        {
            "title": _("修改区划：%(name)s") % {"name": region.name},
            "form": form,
            "region": region,
            "intro": _("区划代码、类型和上级由统计用区划代码确定，不在此修改；新增村和网格请用“导入”。"),
            "cancel_url": reverse("core:region_detail", args=[region.code]),
        },
    )


urlpatterns = [
    path("users/", user_list, name="user_list"),
    path("users/new/", user_create, name="user_create"),
    path("users/<int:pk>/", user_detail, name="user_detail"),
    path("users/<int:pk>/edit/", user_edit, name="user_edit"),
    path("users/<int:pk>/password/", user_password, name="user_password"),
    path("users/<int:pk>/active/", user_active, name="user_active"),
    path("users/<int:pk>/memberships/", membership_add, name="membership_add"),
    path(
        "users/<int:pk>/memberships/<int:membership_pk>/remove/",
        membership_remove,
        name="membership_remove",
    ),
    path("regions/", region_list, name="region_list"),
    path("regions/<str:code>/", region_detail, name="region_detail"),
    path("regions/<str:code>/edit/", region_edit, name="region_edit"),
]
