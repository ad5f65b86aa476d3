"""The grid pages: the phone-first report form, the event list (the governance office's queue),
the event page with its next steps and history, and the patrol log. Views are thin: reporting
is `workflow.report`, each step `workflow.EVENT.fire` (core's step pages)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Case, Count, IntegerField, OuterRef, Subquery, Value, When
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from fazhi.core import attachments, deadlines, links, pii, roles
from fazhi.core.exports import Column, export_response
from fazhi.core.models import Region, RegionKind
from fazhi.core.timeline import timeline
from fazhi.core.views.base import paginate, requires, visible_or_404
from fazhi.core.views.steps import StepPages
from fazhi.grid import duplicates, geo, open311, supervision, workflow
from fazhi.grid import rules as grid_rules
from fazhi.grid.filters import EventFilterSet, PatrolFilterSet
from fazhi.grid.forms import PatrolForm, PublishForm, ReportForm, SupervisionForm, village_of
from fazhi.grid.models import Event, GridProfile, PatrolLog, Supervision

S = Event.State
STATE_TONES = {
    S.REPORTED: "warn",
    S.ACCEPTED: "info",
    S.DISPATCHED: "info",
    S.HANDLING: "info",
    S.RESOLVED: "info",
    S.CHECKED: "ok",
    S.FOLLOWED_UP: "ok",
    S.ARCHIVED: "muted",
    S.REJECTED: "muted",
    S.CANCELLED: "muted",
}


def _crumbs(_record=None) -> list[tuple[str, str]]:
    return [(reverse("grid:event_list"), _("网格事件"))]


def _events(request: HttpRequest) -> EventFilterSet:
    qs = Event.objects.visible_to(request.user).select_related(
        "category", "category__parent", "region", "region__parent", "dispatched_to"
    )
    # the queue: urgent first, then the oldest report
    qs = qs.annotate(
        _urgent=Case(
            When(urgency=Event.Urgency.URGENT, then=Value(0)), default=Value(1), output_field=IntegerField()
        )
    ).order_by("_urgent", "-reported_at", "-id")
    # the highest active 督办 (one correlated subquery, whatever the page's size)
    qs = qs.annotate(
        supervision_level=Subquery(
            Supervision.objects.filter(event=OuterRef("pk"), cancelled_at__isnull=True)
            .order_by("-level")
            .values("level")[:1]
        )
    )
    return EventFilterSet.from_request(request, qs)


EVENT_COLUMNS = [
    Column(gettext_lazy("上报时间"), lambda e: timezone.localtime(e.reported_at).strftime("%Y-%m-%d %H:%M")),
    Column(gettext_lazy("村（社区）"), lambda e: village_of(e) or ""),
    Column(gettext_lazy("网格"), "region.name"),
    Column(gettext_lazy("事件类别"), lambda e: str(e.category)),
    Column(gettext_lazy("事件来源"), "get_source_display"),
    Column(gettext_lazy("事件描述"), "description"),
    Column(gettext_lazy("紧急程度"), "get_urgency_display"),
    Column(gettext_lazy("事件状态"), "get_state_display"),
    Column(gettext_lazy("处置单位"), "dispatched_label"),
    Column(gettext_lazy("办结类型"), "get_resolution_kind_display"),
    Column(gettext_lazy("返工次数"), "rework_count"),
    Column(gettext_lazy("回访评价"), "get_satisfaction_display"),
    Column(gettext_lazy("反映人姓名"), "citizen_name", pii=pii.NAME),
    Column(gettext_lazy("反映人联系电话"), "citizen_phone", pii=pii.MOBILE),
]


def _badges(events, today) -> None:
    soonest = {pk: found[0] for pk, found in deadlines.open_for(events).items()}
    for event in events:
        event.tone = STATE_TONES.get(event.state, "info")
        deadline = soonest.get(str(event.pk))
        event.clock = deadlines.standing(deadline, today) if deadline else None
        event.clock_label = deadline.label if deadline else ""
        event.village = village_of(event)


@requires(roles.GRID_VIEW)
def event_list(request: HttpRequest) -> HttpResponse:
    filterset = _events(request)
    page = paginate(request, filterset.qs)
    _badges(list(page.object_list), timezone.localdate())
    query = request.GET.urlencode()
    return render(
        request,
        "grid/event_list.html",
        {
            "title": _("网格事件"),
            "page_obj": page,
            "object_list": page.object_list,
            "filter_form": filterset.form,
            "export_url": reverse("grid:event_export") + (f"?{query}" if query else ""),
            "can_report": request.user.can(roles.GRID_REPORT),
        },
    )


@requires(roles.GRID_VIEW)
def event_export(request: HttpRequest) -> HttpResponse:
    return export_response(_("网格事件"), EVENT_COLUMNS, _events(request).qs, request.user)


def _wants_json(request: HttpRequest) -> bool:
    """The phone's outbox (grid/outbox.js) asks for JSON; a plain form post gets pages."""
    return "application/json" in request.headers.get("Accept", "")


def _reported(request: HttpRequest, event: Event, created: bool) -> HttpResponse:
    if _wants_json(request):
        return JsonResponse(
            {"id": event.pk, "url": event.get_absolute_url(), "created": created},
            status=201 if created else 200,
        )
    if created:
        messages.success(request, _("事件已上报，等待综治中心受理。"))
    else:
        messages.info(request, _("该事件此前已上报，未重复登记。"))
    return redirect("grid:event_detail", pk=event.pk)


@requires(roles.GRID_REPORT)
def event_report(request: HttpRequest) -> HttpResponse:
    """上报: the event and its photos in one transaction (a refused photo saves nothing). A post
    carrying the idempotency key of a draft already received (a retry from the phone's outbox)
    returns the first event and saves nothing more."""
    user = request.user
    if request.method == "POST":
        first = workflow.already_reported(user, request.POST.get("client_key", "").strip())
        if first is not None:
            return _reported(request, first, created=False)
    form = ReportForm(request.POST or None, request.FILES or None, user=user, permission=roles.GRID_REPORT)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        photos = data.pop("photo", None) or []
        try:
            with transaction.atomic():
                event, created = workflow.report_once(user, data)
                for photo in photos if created else []:
                    try:
                        attachments.attach(photo, owner=event, user=user, caption=_("现场照片"))
                    except ValidationError as exc:
                        raise ValidationError({"photo": exc.messages}) from None
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                shown = field in form.fields and not form.fields[field].widget.is_hidden
                for error in errors:
                    form.add_error(field if shown else None, error)
        else:
            return _reported(request, event, created)
    if form.errors and _wants_json(request):
        return JsonResponse({"errors": form.errors.get_json_data()}, status=400)
    return render(
        request,
        "grid/report.html",
        {
            "title": _("上报网格事件"),
            "form": form,
            "cancel_url": reverse("grid:event_list"),
            "submit_label": _("上报"),
            "crumbs": _crumbs(),
        },
        status=400 if form.errors else 200,
    )


SERVICE_WORKER = "grid/sw.js"


def service_worker(request: HttpRequest) -> HttpResponse:
    """The offline capture's service worker, served under /grid/ so that its scope covers the
    report page (a script under /static/ could control only /static/). Public: it is the app's
    own static file and holds nothing of anyone's; the browser checks it for updates with or
    without a session."""
    found = finders.find(SERVICE_WORKER)
    if found:
        with open(found, "rb") as handle:
            body = handle.read()
    else:
        with staticfiles_storage.open(SERVICE_WORKER) as handle:
            body = handle.read()
    response = HttpResponse(body, content_type="application/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = reverse("grid:service_worker").rsplit("/", 1)[0] + "/"
    response["Cache-Control"] = "no-cache"
    return response


def _event(request, pk) -> Event:
    return visible_or_404(
        Event,
        request.user,
        pk,
        related=(
            "category",
            "category__parent",
            "region",
            "region__parent",
            "dispatched_to",
            "dispatched_by",
            "reporter",
        ),
    )


EVENT_STEPS = StepPages(
    record=lambda request, pk: _event(request, pk),
    workflow=workflow.EVENT,
    record_url="grid:event_detail",
    step_url="grid:event_step",
    crumbs=_crumbs,
    acting=(roles.GRID_HANDLE, roles.GRID_DISPOSE, roles.GRID_REPORT),
    heading=str,
    head_template="grid/_head.html",
    crumbs_template="grid/_crumbs.html",
)
event_step = requires(roles.GRID_VIEW)(EVENT_STEPS.view)


def _possible_duplicates(event: Event, user) -> list[Event]:
    """Open events of the same category and grid near this one (offered right after the
    report), among those the user may read."""
    if event.state not in Event.OPEN_STATES:
        return []
    found = duplicates.nearby(event)
    readable = set(
        Event.objects.visible_to(user).filter(pk__in=[e.pk for e in found]).values_list("pk", flat=True)
    )
    return [e for e in found if e.pk in readable]


@requires(roles.GRID_VIEW)
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event(request, pk)
    user = request.user
    today = timezone.localdate()
    open_deadlines = list(deadlines.open_deadlines(event).order_by("due_on", "id"))
    for deadline in open_deadlines:
        deadline.standing = deadlines.standing(deadline, today)
    full = pii.may_see_full(user, event)
    return render(
        request,
        "grid/event_detail.html",
        {
            "title": str(event),
            "event": event,
            "status": event.get_state_display(),
            "status_tone": STATE_TONES.get(event.state, "info"),
            "village": village_of(event),
            "citizen_name": event.citizen_name if full else pii.mask(pii.NAME, event.citizen_name),
            "citizen_phone": event.citizen_phone if full else pii.mask(pii.MOBILE, event.citizen_phone),
            "files": attachments.for_owner(event, user),
            "open_deadlines": open_deadlines,
            "possible_duplicates": _possible_duplicates(event, user),
            "supervisions": list(event.supervisions.select_related("issued_by", "cancelled_by")),
            "copies": list(links.assignments_of(event).filter(purpose=workflow.COPY_PURPOSE)),
            "may_supervise": event.state in Event.OPEN_STATES and supervision.may_supervise(user, event),
            "may_publish": event.category.is_public and open311.may_publish(user, event),
            "duplicate_radius": int(grid_rules.duplicate_radius(event.region)),
            "steps": EVENT_STEPS.panel(event, user),
            "timeline": timeline(event, user=user),
            "timeline_title": _("办理记录"),
            "crumbs": _crumbs(),
        },
    )


# --- 公开审核 (what Open311 shows) ------------------------------------------------------------------


@requires(roles.GRID_HANDLE)
def event_publish(request: HttpRequest, pk: int) -> HttpResponse:
    """公开审核: the governance office decides whether the description is public and writes the
    public note (Open311's status_notes). Never for a category that is not public."""
    event = _event(request, pk)
    if not open311.may_publish(request.user, event):
        raise PermissionDenied(_("只有综治中心可以审核网格事件的公开内容。"))
    initial = {"description_public": event.public_reviewed_at is not None, "public_note": event.public_note}
    form = PublishForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            open311.publish(event, request.user, **form.cleaned_data)
        except ValidationError as exc:
            for error in exc.messages:
                form.add_error(None, error)
        else:
            messages.success(request, _("已保存公开审核。"))
            return redirect("grid:event_detail", pk=event.pk)
    return render(
        request,
        "grid/form.html",
        {
            "title": _("公开审核：%(event)s") % {"event": event},
            "form": form,
            "cancel_url": event.get_absolute_url(),
            "submit_label": _("保存"),
            "crumbs": _crumbs(),
        },
        status=400 if form.errors else 200,
    )


# --- 督办 ----------------------------------------------------------------------------------------


@requires(roles.GRID_HANDLE)
def event_supervise(request: HttpRequest, pk: int) -> HttpResponse:
    """督办 an open event (普通, 黄牌 or 红牌, with a note): the governance office over its town."""
    event = _event(request, pk)
    if not supervision.may_supervise(request.user, event):
        raise PermissionDenied(_("只有综治中心可以督办网格事件。"))
    form = SupervisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            made = supervision.issue(event, request.user, **form.cleaned_data)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        else:
            messages.success(request, _("已%(level)s。") % {"level": made.get_level_display()})
            return redirect("grid:event_detail", pk=event.pk)
    return render(
        request,
        "grid/form.html",
        {
            "title": _("督办：%(event)s") % {"event": event},
            "form": form,
            "cancel_url": event.get_absolute_url(),
            "submit_label": _("督办"),
            "crumbs": _crumbs(),
        },
        status=400 if form.errors else 200,
    )


@requires(roles.GRID_HANDLE)
@require_POST
def event_expedite(request: HttpRequest, pk: int) -> HttpResponse:
    """加急 an open event (the governance office)."""
    event = _event(request, pk)
    try:
        supervision.expedite(event, request.user)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, _("已加急。"))
    return redirect("grid:event_detail", pk=event.pk)


@requires(roles.GRID_HANDLE)
@require_POST
def supervision_cancel(request: HttpRequest, pk: int, supervision_pk: int) -> HttpResponse:
    """取消督办 (the record stays, marked cancelled)."""
    event = _event(request, pk)
    found = get_object_or_404(Supervision.objects.filter(event=event), pk=supervision_pk)
    if not supervision.may_supervise(request.user, event):
        raise PermissionDenied(_("只有综治中心可以取消督办。"))
    try:
        supervision.cancel(found, request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("已取消督办。"))
    return redirect("grid:event_detail", pk=event.pk)


# --- the map -------------------------------------------------------------------------------------

MAP_EVENTS = 2000  # the newest open events drawn; the counts per grid count them all


@requires(roles.GRID_VIEW)
def event_map(request: HttpRequest) -> HttpResponse:
    """The map of a town's or a village's grids (their GeoJSON boundaries) with the open events
    on them: an inline SVG drawn on the server — no online tiles, no JavaScript; each grid opens
    its events, each dot its event."""
    user = request.user
    profiles = GridProfile.objects.visible_to(user).select_related("region", "region__parent")
    villages = Region.objects.filter(
        kind=RegionKind.VILLAGE, pk__in=profiles.values("region__parent")
    ).order_by("path")
    chosen = request.GET.get("village", "")
    village = villages.filter(pk=int(chosen)).first() if chosen.isdigit() else None
    if village is not None:
        profiles = profiles.filter(region__parent=village)
    profiles = list(profiles.order_by("region__path"))
    grid_ids = [p.region_id for p in profiles]
    open_events = Event.objects.visible_to(user).filter(state__in=Event.OPEN_STATES, region_id__in=grid_ids)
    counts = dict(open_events.order_by().values_list("region_id").annotate(n=Count("pk")))
    events = list(
        open_events.filter(latitude__isnull=False, longitude__isnull=False)
        .select_related("category", "category__parent")
        .order_by("-reported_at", "-id")[:MAP_EVENTS]
    )
    drawn = geo.svg_map(profiles, events, counts)
    projection, shapes, dots = drawn if drawn else (None, [], [])
    return render(
        request,
        "grid/map.html",
        {
            "title": _("网格地图"),
            "villages": villages,
            "village": village,
            "projection": projection,
            "shapes": shapes,
            "dots": dots,
            "open_total": sum(counts.values()),
            "drawn_limit": MAP_EVENTS if len(events) >= MAP_EVENTS else None,
            "crumbs": _crumbs(),
        },
    )


# --- patrols ------------------------------------------------------------------------------------


@requires(roles.GRID_VIEW)
def patrol_list(request: HttpRequest) -> HttpResponse:
    qs = PatrolLog.objects.visible_to(request.user).select_related("region", "region__parent", "worker")
    filterset = PatrolFilterSet.from_request(request, qs.order_by("-day", "-id"))
    page = paginate(request, filterset.qs)
    return render(
        request,
        "grid/patrol_list.html",
        {
            "title": _("巡查记录"),
            "page_obj": page,
            "object_list": page.object_list,
            "filter_form": filterset.form,
            "can_log": request.user.can(roles.GRID_REPORT),
            "crumbs": _crumbs(),
        },
    )


@requires(roles.GRID_REPORT)
def patrol_create(request: HttpRequest) -> HttpResponse:
    form = PatrolForm(request.POST or None, user=request.user, permission=roles.GRID_REPORT)
    if request.method == "POST" and form.is_valid():
        try:
            workflow.log_patrol(request.user, form.cleaned_data)
        except PermissionDenied:
            raise
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        else:
            messages.success(request, _("巡查记录已保存。"))
            return redirect("grid:patrol_list")
    return render(
        request,
        "grid/form.html",
        {
            "title": _("登记巡查"),
            "form": form,
            "cancel_url": reverse("grid:patrol_list"),
            "submit_label": _("保存"),
            "crumbs": [(reverse("grid:patrol_list"), _("巡查记录"))],
        },
        status=400 if form.errors else 200,
    )


urlpatterns = [
    path("sw.js", service_worker, name="service_worker"),
    path("events/", event_list, name="event_list"),
    path("events/export/", event_export, name="event_export"),
    path("map/", event_map, name="event_map"),
    path("events/<int:pk>/supervise/", event_supervise, name="event_supervise"),
    path("events/<int:pk>/publish/", event_publish, name="event_publish"),
    path("events/<int:pk>/expedite/", event_expedite, name="event_expedite"),
    path(
        "events/<int:pk>/supervise/<int:supervision_pk>/cancel/",
        supervision_cancel,
        name="supervision_cancel",
    ),
    path("events/report/", event_report, name="event_report"),
    path("events/<int:pk>/", event_detail, name="event_detail"),
    path("events/<int:pk>/steps/<slug:name>/", event_step, name="event_step"),
    path("patrols/", patrol_list, name="patrol_list"),
    path("patrols/new/", patrol_create, name="patrol_create"),
]
