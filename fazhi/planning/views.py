"""The planning pages: the year's work plan and its progress (figures, overdue tasks), the plans
with their document, tasks with progress notes and evidence (core links to the records that
show them), reporting progress, and the first responsible persons' duties."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.core import attachments, figures, links, roles
from fazhi.core.models import RecordLink
from fazhi.core.scoping import ensure_writable
from fazhi.core.views.base import paginate, requires, visible_or_404, writable_or_404
from fazhi.planning import metrics
from fazhi.planning.filters import LATE, DutyFilterSet, PlanFilterSet, TaskFilterSet
from fazhi.planning.forms import DutyForm, EvidenceForm, PlanForm, ProgressForm, TaskForm
from fazhi.planning.models import Duty, Task, WorkPlan

VIEW, MANAGE, REPORT = roles.PLAN_VIEW, roles.PLAN_MANAGE, roles.PLAN_REPORT
# Records a task's evidence may come from (their pages offer "关联到工作方案任务").
EVIDENCE_SOURCES = (
    "education.activity",
    "education.studysession",
    "education.oath",
    "education.boardupdate",
    "mediation.dispute",
    "enforcement.case",
    "legal.decision",
    "disclosure.item",
)


def may_report(user, task: Task) -> bool:
    """The 党政办 (planning.manage over the task's town), or the task's responsible leader
    holding planning.report there."""
    if user.can(MANAGE, region=task.region):
        return True
    leader_user = task.leader.user_id if task.leader_id else None
    return bool(leader_user and leader_user == user.pk and user.can(REPORT, region=task.region))


def _year(request) -> int:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = 0
    return year if 1990 <= year <= 2100 else timezone.localdate().year


def _form_page(request, form, title, cancel_url):
    return render(
        request,
        "planning/form.html",
        {"title": title, "form": form, "cancel_url": cancel_url},
        status=400 if form.errors else 200,
    )


@requires(VIEW)
def index(request: HttpRequest) -> HttpResponse:
    user = request.user
    year = _year(request)
    period = figures.Period.year(year)
    values = figures.evaluate(metrics.ALL, user, [period])
    plans = WorkPlan.objects.visible_to(user).filter(year=year).select_related("region")
    late = (
        Task.objects.visible_to(user)
        .filter(LATE, status=Task.Status.OPEN)
        .select_related("plan", "leader")
        .order_by("deadline")[:20]
    )
    today = timezone.localdate()
    return render(
        request,
        "planning/index.html",
        {
            "title": _("法治政府建设工作方案"),
            "year": year,
            "years": list(range(today.year, today.year - 6, -1)),
            "values": [values.get(code, period) for code in metrics.ALL],
            "plans": plans,
            "late": late,
            "can_manage": user.can(MANAGE),
        },
    )


@requires(VIEW)
def plan_list(request: HttpRequest) -> HttpResponse:
    qs = WorkPlan.objects.visible_to(request.user).select_related("region").order_by("-year", "-id")
    filterset = PlanFilterSet.from_request(request, qs)
    page = paginate(request, filterset.qs)
    return render(
        request,
        "planning/plan_list.html",
        {
            "title": _("工作方案"),
            "page_obj": page,
            "object_list": page.object_list,
            "filter_form": filterset.form,
            "can_manage": request.user.can(MANAGE),
        },
    )


@requires(MANAGE)
def plan_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = PlanForm(request.POST or None, request.FILES or None, user=user)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            plan = form.save()
            ensure_writable(plan, user, MANAGE)
            document = form.cleaned_data.get("document")
            if document:
                attachments.attach(document, owner=plan, user=user, caption=_("方案文件"), permission=MANAGE)
        messages.success(request, _("已登记工作方案。"))
        return redirect("planning:plan_detail", pk=plan.pk)
    return _form_page(request, form, _("登记工作方案"), reverse("planning:plan_list"))


@requires(VIEW)
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = visible_or_404(WorkPlan, request.user, pk, related=("region",))
    fields = [
        (_("年度"), plan.year),
        (_("文号"), plan.document_number),
        (_("党委研究制定日期"), plan.adopted_on),
        (_("列入党委重要议事日程"), _("是") if plan.on_agenda else _("否")),
        (_("议事日程情况"), plan.agenda_note),
        (_("方案要点"), plan.content),
        (_("乡镇"), plan.region.name),
    ]
    return render(
        request,
        "planning/plan_detail.html",
        {
            "title": plan.title,
            "plan": plan,
            "fields": fields,
            "tasks": plan.tasks.select_related("leader").order_by("number", "id"),
            "files": attachments.for_owner(plan, request.user),
            "can_manage": request.user.can(MANAGE, region=plan.region),
        },
    )


@requires(MANAGE)
def task_create(request: HttpRequest, pk: int) -> HttpResponse:
    plan = writable_or_404(WorkPlan, request.user, MANAGE, pk, related=("region",))
    form = TaskForm(request.POST or None, user=request.user, plan=plan)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            task = form.save(commit=False)
            task.plan = plan
            task.save()
            ensure_writable(task, request.user, MANAGE)
        messages.success(request, _("已添加任务。"))
        return redirect("planning:plan_detail", pk=plan.pk)
    return _form_page(request, form, _("添加任务：%(plan)s") % {"plan": plan.title}, plan.get_absolute_url())


@requires(VIEW)
def task_list(request: HttpRequest) -> HttpResponse:
    qs = Task.objects.visible_to(request.user).select_related("plan", "leader").order_by("deadline", "id")
    filterset = TaskFilterSet.from_request(request, qs)
    page = paginate(request, filterset.qs)
    return render(
        request,
        "planning/task_list.html",
        {
            "title": _("工作方案任务"),
            "page_obj": page,
            "object_list": page.object_list,
            "filter_form": filterset.form,
        },
    )


@requires(VIEW)
def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    task = visible_or_404(Task, request.user, pk, related=("plan", "leader", "region"))
    fields = [
        (_("工作方案"), task.plan),
        (_("责任单位"), task.unit),
        (_("责任领导"), task.leader),
        (_("完成时限"), task.deadline),
        (_("完成日期"), task.done_on),
    ]
    late = task.is_late
    return render(
        request,
        "planning/task_detail.html",
        {
            "title": str(task),
            "task": task,
            "fields": fields,
            "status": task.get_status_display() + (_("（逾期）") if late else ""),
            "status_tone": "danger" if late else ("ok" if task.status == Task.Status.DONE else "info"),
            "progress": task.progress.select_related("reported_by"),
            "can_report": may_report(request.user, task),
        },
    )


@requires(REPORT)
def progress_create(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    task = visible_or_404(Task, user, pk, related=("plan", "leader", "region"))
    if not may_report(user, task):
        raise PermissionDenied(_("只有该任务的责任领导或党政办可以填报进展。"))
    form = ProgressForm(request.POST or None, task=task)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            progress = form.save(commit=False)
            progress.task, progress.region, progress.reported_by = task, task.region, user
            progress.save()
            if form.cleaned_data.get("done"):
                task.status, task.done_on = Task.Status.DONE, form.cleaned_data["done_on"]
                task.full_clean()
                task.save()
        messages.success(request, _("已填报进展。"))
        return redirect("planning:task_detail", pk=task.pk)
    return _form_page(request, form, _("填报进展：%(task)s") % {"task": task.title}, task.get_absolute_url())


@requires(MANAGE)
def evidence_add(request: HttpRequest) -> HttpResponse:
    """关联佐证: link a record (named by ?from=, offered on its page) to a task of the plan."""
    source = links.source_from(request, EVIDENCE_SOURCES)
    if source is None:
        raise Http404(_("没有找到要关联的记录。"))
    form = EvidenceForm(request.POST or None, user=request.user, source=source)
    if request.method == "POST" and form.is_valid():
        task = form.cleaned_data["task"]
        with transaction.atomic():
            links.link(task, source, kind=RecordLink.Kind.RELATED, user=request.user)
        messages.success(request, _("已关联到任务“%(task)s”。") % {"task": task.title})
        return redirect("planning:task_detail", pk=task.pk)
    return render(
        request,
        "planning/evidence_form.html",
        {
            "title": _("关联到工作方案任务"),
            "form": form,
            "source": source,
            "token": links.source_token(source),
            "cancel_url": source.get_absolute_url()
            if hasattr(source, "get_absolute_url")
            else reverse("planning:index"),
        },
        status=400 if form.errors else 200,
    )


@requires(VIEW)
def duty_list(request: HttpRequest) -> HttpResponse:
    qs = Duty.objects.visible_to(request.user).select_related("person", "region").order_by("-done_on", "-id")
    filterset = DutyFilterSet.from_request(request, qs)
    page = paginate(request, filterset.qs)
    return render(
        request,
        "planning/duty_list.html",
        {
            "title": _("第一责任人履职"),
            "page_obj": page,
            "object_list": page.object_list,
            "filter_form": filterset.form,
            "can_manage": request.user.can(MANAGE),
            "year": _year(request),
            "led": _study_led(request.user, _year(request)),
        },
    )


def _study_led(user, year: int):
    """The study sessions the leaders led that year (the education app's records, read through
    the reader's scope; nothing when that app is not installed or the reader may not read it)."""
    from django.apps import apps

    if not apps.is_installed("fazhi.education") or not user.can(roles.EDUCATION_VIEW):
        return []
    sessions = apps.get_model("education", "StudySession").objects.visible_to(user)
    return list(
        sessions.filter(held_on__year=year, led_by__isnull=False)
        .select_related("led_by")
        .order_by("held_on")[:50]
    )


@requires(MANAGE)
def duty_create(request: HttpRequest) -> HttpResponse:
    form = DutyForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            duty = form.save()
            ensure_writable(duty, request.user, MANAGE)
        messages.success(request, _("已登记履职事项。"))
        return redirect("planning:duty_list")
    return _form_page(request, form, _("登记第一责任人履职"), reverse("planning:duty_list"))


urlpatterns = [
    path("", index, name="index"),
    path("plans/", plan_list, name="plan_list"),
    path("plans/new/", plan_create, name="plan_create"),
    path("plans/<int:pk>/", plan_detail, name="plan_detail"),
    path("plans/<int:pk>/tasks/new/", task_create, name="task_create"),
    path("tasks/", task_list, name="task_list"),
    path("tasks/<int:pk>/", task_detail, name="task_detail"),
    path("tasks/<int:pk>/progress/new/", progress_create, name="progress_create"),
    path("evidence/", evidence_add, name="evidence_add"),
    path("duties/", duty_list, name="duty_list"),
    path("duties/new/", duty_create, name="duty_create"),
]
