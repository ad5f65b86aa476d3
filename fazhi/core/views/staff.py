"""The staff register (党政办): people, their posts, and the forms that keep them
(fazhi.core.staff). Everyone who reads records reads the register of their regions; writing
needs MANAGE_STAFF over the record's region."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.core import roles, staff
from fazhi.core.forms import PersonForm, PostForm, StaffFilterForm
from fazhi.core.models import Person, Post
from fazhi.core.scoping import in_force_q
from fazhi.core.views.accounts import _register_urls
from fazhi.core.views.base import paginate, requires, visible_or_404, writable_or_404

READ = (roles.VIEW_RECORDS, roles.MANAGE_STAFF)


@requires(*READ)
def staff_list(request: HttpRequest) -> HttpResponse:
    form = StaffFilterForm(request.GET or None, user=request.user)
    data = form.cleaned_data if form.is_valid() else {}
    today = timezone.localdate()
    current = data.get("show", "current") != "all"
    people = Person.objects.visible_to(request.user)
    posts = Post.objects.visible_to(request.user)
    if current:
        posts = posts.filter(in_force_q(today))
    if data.get("region"):
        under = data["region"].path
        posts = posts.filter(region__path__startswith=under)
        people = people.filter(Q(region__path__startswith=under) | Q(posts__region__path__startswith=under))
    if data.get("department"):
        posts = posts.filter(department__icontains=data["department"])
        people = people.filter(posts__department__icontains=data["department"])
    if data.get("q"):
        people = people.filter(Q(name__icontains=data["q"]) | Q(posts__title__icontains=data["q"]))
    if current:
        people = people.filter(posts__in=posts)
    people = (
        people.distinct()
        .select_related("region")
        .prefetch_related(Prefetch("posts", queryset=posts.select_related("region"), to_attr="shown_posts"))
        .order_by("region__path", "name", "id")
    )
    page = paginate(request, people)
    return render(
        request,
        "core/staff_list.html",
        {
            "title": _("工作人员名册"),
            "page_obj": page,
            "object_list": page,
            "filter_form": form,
            "may_manage": request.user.can(roles.MANAGE_STAFF),
            **_register_urls(request.user, "staff"),  # the register as Excel (fazhi.core.imports)
        },
    )


@requires(*READ)
def staff_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = visible_or_404(Person, request.user, pk, related=("region", "user", "photo"))
    posts = Post.objects.visible_to(request.user).filter(person=person).select_related("region")
    today = timezone.localdate()
    return render(
        request,
        "core/staff_detail.html",
        {
            "title": person.name,
            "person": person,
            "posts": [(p, p.held_on(today)) for p in posts.order_by("-since", "id")],
            "may_edit": request.user.can(roles.MANAGE_STAFF, region=person.region),
        },
    )


@requires(roles.MANAGE_STAFF)
def staff_create(request: HttpRequest) -> HttpResponse:
    form = PersonForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        person = staff.save_person(form, request.user)
        messages.success(request, _("已登记%(name)s。") % {"name": person.name})
        return redirect("core:staff_detail", pk=person.pk)
    return render(
        request,
        "layouts/form.html",
        {"title": _("登记工作人员"), "form": form, "cancel_url": reverse("core:staff_list")},
    )


@requires(roles.MANAGE_STAFF)
def staff_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = writable_or_404(Person, request.user, roles.MANAGE_STAFF, pk)
    form = PersonForm(request.POST or None, request.FILES or None, instance=person, user=request.user)
    if request.method == "POST" and form.is_valid():
        staff.save_person(form, request.user)
        messages.success(request, _("已保存。"))
        return redirect("core:staff_detail", pk=person.pk)
    return render(
        request,
        "layouts/form.html",
        {
            "title": _("修改：%(name)s") % {"name": person.name},
            "form": form,
            "cancel_url": reverse("core:staff_detail", args=[person.pk]),
        },
    )


@requires(roles.MANAGE_STAFF)
def post_add(request: HttpRequest, pk: int) -> HttpResponse:
    person = writable_or_404(Person, request.user, roles.MANAGE_STAFF, pk)
    post = Post(person=person)
    form = PostForm(
        request.POST or None, instance=post, user=request.user, initial={"region": person.region_id}
    )
    if request.method == "POST" and form.is_valid():
        staff.save_post(form, request.user)
        messages.success(request, _("已登记职务。"))
        return redirect("core:staff_detail", pk=person.pk)
    return render(
        request,
        "layouts/form.html",
        {
            "title": _("登记职务：%(name)s") % {"name": person.name},
            "form": form,
            "cancel_url": reverse("core:staff_detail", args=[person.pk]),
        },
    )


@requires(roles.MANAGE_STAFF)
def post_edit(request: HttpRequest, pk: int) -> HttpResponse:
    post = writable_or_404(Post, request.user, roles.MANAGE_STAFF, pk, related=("person",))
    form = PostForm(request.POST or None, instance=post, user=request.user)
    if request.method == "POST" and form.is_valid():
        staff.save_post(form, request.user)
        messages.success(request, _("已保存。"))
        return redirect("core:staff_detail", pk=post.person_id)
    return render(
        request,
        "layouts/form.html",
        {
            "title": _("修改职务：%(post)s") % {"post": post},
            "form": form,
            "intro": _("离任时填写离任日期；职务记录不删除。"),
            "cancel_url": reverse("core:staff_detail", args=[post.person_id]),
        },
    )


urlpatterns = [
    path("staff/", staff_list, name="staff_list"),
    path("staff/new/", staff_create, name="staff_create"),
    path("staff/<int:pk>/", staff_detail, name="staff_detail"),
    path("staff/<int:pk>/edit/", staff_edit, name="staff_edit"),
    path("staff/<int:pk>/posts/new/", post_add, name="post_add"),
    path("staff/posts/<int:pk>/edit/", post_edit, name="post_edit"),
]
