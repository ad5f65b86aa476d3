"""Django's admin site, for the system administrator only.

The site admits users whose memberships carry `roles.ADMIN_SITE`, whatever their `is_staff` or
`is_superuser` flags: the superuser flag opens nothing in fazhi. It holds system models only —
accounts and memberships, the region tree, holiday years — never a domain record (三员分立:
the system administrator manages accounts and reads no case, event or petition). Nothing is
deleted here: accounts are deactivated, regions are referenced by records.
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from fazhi.core import roles
from fazhi.core.administration import assignable_regions_for, editable_regions_for, users_for
from fazhi.core.forms import MembershipForm, MembershipFormSet, UserCreateForm
from fazhi.core.models import CalendarDay, CalendarYear, Membership, Region, User


def admits(request) -> bool:
    user = request.user
    return user.is_authenticated and user.is_active and user.can(roles.ADMIN_SITE)


class AdminLoginForm(AdminAuthenticationForm):
    """The admin's sign-in: the role decides, not is_staff."""

    def confirm_login_allowed(self, user):
        AuthenticationForm.confirm_login_allowed(self, user)
        if not user.can(roles.ADMIN_SITE):
            raise ValidationError(_("只有系统管理员可以进入管理后台。"), code="invalid_login")


admin.site.has_permission = admits
admin.site.login_form = AdminLoginForm
admin.site.site_header = _("法治政府建设工作平台 · 系统管理")
admin.site.site_title = _("系统管理")
admin.site.index_title = _("账户、区划与节假日")
admin.site.disable_action("delete_selected")


class SystemAdmin(admin.ModelAdmin):
    """Every page of a registered model: for ADMIN_SITE holders; delete: for nobody."""

    def has_module_permission(self, request):
        return admits(request)

    def has_view_permission(self, request, obj=None):
        return admits(request)

    def has_add_permission(self, request):
        return admits(request)

    def has_change_permission(self, request, obj=None):
        return admits(request)

    def has_delete_permission(self, request, obj=None):
        return False


class MembershipInline(admin.TabularInline):
    model = Membership
    form = MembershipForm
    formset = MembershipFormSet
    extra = 0

    def _own(self, request, obj) -> bool:
        return obj is not None and obj.pk == request.user.pk

    def has_view_permission(self, request, obj=None):
        return admits(request)

    # One's own memberships are changed by another administrator (三员分立).
    def has_add_permission(self, request, obj=None):
        return admits(request) and not self._own(request, obj)

    def has_change_permission(self, request, obj=None):
        return admits(request) and not self._own(request, obj)

    def has_delete_permission(self, request, obj=None):
        return admits(request) and not self._own(request, obj)

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        actor, regions = request.user, assignable_regions_for(request.user)

        class Form(formset.form):
            def __init__(self, *args, **kw):
                super().__init__(*args, actor=actor, regions=regions, **kw)

        formset.form = Form
        return formset


@admin.register(User)
class UserAdmin(SystemAdmin, DjangoUserAdmin):
    add_form = UserCreateForm
    inlines = [MembershipInline]
    list_display = ("username", "full_name", "is_active", "last_login", "is_sample")
    list_filter = ("is_active", "memberships__role")
    search_fields = ("username", "full_name")
    ordering = ("username",)
    readonly_fields = ("last_login", "date_joined")
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("个人信息"), {"fields": ("full_name", "mobile")}),
        (_("状态"), {"fields": ("is_active", "last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"fields": ("username", "full_name", "mobile", "password1", "password2")}),)
    filter_horizontal = ()

    def get_queryset(self, request):
        return users_for(request.user)


@admin.register(Region)
class RegionAdmin(SystemAdmin):
    list_display = ("code", "name", "kind", "households", "population", "is_sample")
    list_filter = ("kind",)
    search_fields = ("code", "name")
    ordering = ("path",)
    fields = ("code", "name", "kind", "parent", "households", "population")
    raw_id_fields = ("parent",)

    def get_queryset(self, request):
        return editable_regions_for(request.user)

    def get_readonly_fields(self, request, obj=None):
        # A division code, kind and parent are fixed once records refer to the region.
        return ("code", "kind", "parent") if obj is not None else ()


class CalendarDayInline(admin.TabularInline):
    model = CalendarDay
    extra = 0

    def has_view_permission(self, request, obj=None):
        return admits(request)

    def has_add_permission(self, request, obj=None):
        return admits(request)

    def has_change_permission(self, request, obj=None):
        return admits(request)

    def has_delete_permission(self, request, obj=None):
        return admits(request)  # a mistyped holiday is removed; the year itself stays


@admin.register(CalendarYear)
class CalendarYearAdmin(SystemAdmin):
    list_display = ("year", "source", "entered_at")
    fields = ("year", "source")
    inlines = [CalendarDayInline]

    def save_model(self, request, obj, form, change):
        obj.entered_by = request.user
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        from fazhi.core import deadlines

        deadlines.clear_cache()
        # open working-day deadlines that cross the year are counted again on the new days
        deadlines.recount_open({form.instance.year})
