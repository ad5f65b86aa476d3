"""The period of a membership (起始日期 / 截止日期), kept by the system administrator.

A role is ended by giving its membership an end date, not by deleting it: out of its period a
membership gives no role (User.active_memberships), and the record of who held which role when
stays. The same rules as adding a membership hold (Membership.clean: not one's own account, the
end not before the start); the save is ledgered by the model signals.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _

from fazhi.core import roles
from fazhi.core.administration import assignable_regions_for, users_for
from fazhi.core.forms import MembershipPeriodForm
from fazhi.core.views.base import requires


@requires(roles.MANAGE_USERS)
def membership_period(request: HttpRequest, pk: int, membership_pk: int) -> HttpResponse:
    account = get_object_or_404(users_for(request.user), pk=pk)
    membership = get_object_or_404(
        account.memberships.filter(region__in=assignable_regions_for(request.user)).select_related("region"),
        pk=membership_pk,
    )
    form = MembershipPeriodForm(request.POST or None, instance=membership)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(
            request,
            _("已修改“%(name)s”的任职期间：%(role)s · %(region)s")
            % {"name": account, "role": membership.get_role_display(), "region": membership.region},
        )
        return redirect("core:user_detail", pk=account.pk)
    return render(
        request,
        "core/user_form.html",
        {
            "title": _("任职期间：%(role)s · %(region)s")
            % {"role": membership.get_role_display(), "region": membership.region},
            "intro": _("任职到期后不再授予任何权限，任职记录保留。结束任职请填写截止日期。"),
            "form": form,
            "account": account,
            "cancel_url": reverse("core:user_detail", args=[account.pk]),
        },
        status=400 if form.errors else 200,
    )


urlpatterns = [
    path(
        "users/<int:pk>/memberships/<int:membership_pk>/period/",
        membership_period,
        name="membership_period",
    ),
]
