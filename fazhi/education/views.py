"""The education pages: the overview of the year (figures by theme, boards due, posts without
an oath), 普法 activities (phone entry with photos, export), boards and their updates, study
sessions with attendances and each person's hours, oaths and the overdue list, the key-date
calendar and the 普法责任清单."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.core import attachments, figures, roles
from fazhi.core.exports import Column, export_response
from fazhi.core.scoping import ensure_writable
from fazhi.core.views.base import paginate, requires, visible_or_404, writable_or_404
from fazhi.education import duties, metrics
from fazhi.education.filters import (
    ActivityFilterSet,
    AttendanceFilterSet,
    BoardFilterSet,
    BoardUpdateFilterSet,
    DutyItemFilterSet,
    OathFilterSet,
    StudySessionFilterSet,
)
from fazhi.education.forms import (
    ActivityForm,
    BoardForm,
    BoardUpdateForm,
    DutyItemForm,
    KeyDateForm,
    OathForm,
    StudySessionForm,
)
from fazhi.education.models import (
    Activity,
    Attendance,
    Board,
    BoardUpdate,
    DutyItem,
    KeyDate,
    Oath,
    OathTaker,
    StudySession,
    Theme,
)

VIEW, RECORD = roles.EDUCATION_VIEW, roles.EDUCATION_RECORD


def _year(request) -> int:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = 0
    return year if 1990 <= year <= 2100 else timezone.localdate().year


def _form_page(request, form, title, cancel_url, status=None, intro=""):
    return render(
        request,
        "education/form.html",
        {"title": title, "form": form, "cancel_url": cancel_url, "intro": intro},
        status=status or (400 if form.errors else 200),
    )


def _save(form, user, **extra):
    with transaction.atomic():
        obj = form.save(commit=False)
        for name, value in extra.items():
            setattr(obj, name, value)
        obj.save()
        form.save_m2m()
        ensure_writable(obj, user, RECORD)
    return obj


# --- the overview -------------------------------------------------------------------------------


@requires(VIEW)
def index(request: HttpRequest) -> HttpResponse:
    user = request.user
    year = _year(request)
    period = figures.Period.year(year)
    values = figures.evaluate(metrics.ALL, user, [period])
    by_theme = figures.evaluate(metrics.ACTIVITY_FIGURES, user, [period], group_by="theme")
    labels = dict(Theme.choices)
    themes = [
        {
            "label": labels.get(group, group),
            "url": reverse("education:activity_list") + f"?year={year}&theme={group}",
            "values": [by_theme.get(code, period, group) for code in metrics.ACTIVITY_FIGURES],
        }
        for group in sorted(by_theme.groups, key=lambda g: str(labels.get(g, g)))
    ]
    by_key = figures.evaluate([metrics.ACTIVITIES, metrics.AUDIENCE], user, [period], group_by="key_date")
    names = {k.pk: str(k) for k in KeyDate.objects.visible_to(user).filter(pk__in=by_key.groups)}
    key_dates = [
        {
            "label": names.get(group, group),
            "url": reverse("education:activity_list") + f"?year={year}&key_date={group}",
            "activities": by_key.get(metrics.ACTIVITIES, period, group),
            "audience": by_key.get(metrics.AUDIENCE, period, group),
        }
        for group in sorted(by_key.groups, key=lambda g: names.get(g, ""))
        if group in names
    ]
    today = timezone.localdate()
    return render(
        request,
        "education/index.html",
        {
            "title": _("普法学法"),
            "year": year,
            "years": list(range(today.year, today.year - 6, -1)),
            "values": [values.get(code, period) for code in metrics.ALL],
            "theme_heads": [figures.get(code).caption for code in metrics.ACTIVITY_FIGURES],
            "themes": themes,
            "key_dates": key_dates,
            "boards_due": duties.boards_due(user, today),
            "oaths_overdue": duties.posts_without_oath(user, today),
            "can_record": user.can(RECORD),
        },
    )


# --- activities -------------------------------------------------------------------------------

ACTIVITY_COLUMNS = [
    Column(gettext_lazy("活动日期"), "held_on"),
    Column(gettext_lazy("活动名称"), "title"),
    Column(gettext_lazy("主题"), "get_theme_display"),
    Column(gettext_lazy("所属重点日期"), "key_date"),
    Column(gettext_lazy("组织单位"), "organizers"),
    Column(gettext_lazy("地点"), "place"),
    Column(gettext_lazy("受众（人次）"), "audience"),
    Column(gettext_lazy("发放宣传资料（份）"), "materials"),
    Column(gettext_lazy("悬挂横幅（条）"), "banners"),
    Column(gettext_lazy("张贴宣传画（张）"), "posters"),
    Column(gettext_lazy("现场咨询（人次）"), "consultations"),
    Column(gettext_lazy("参与的法律顾问"), "advisers"),
    Column(gettext_lazy("参与的法律明白人"), "legal_persons"),
    Column(gettext_lazy("所属区划"), "region.name"),
]


def _activities(request) -> ActivityFilterSet:
    qs = Activity.objects.visible_to(request.user).select_related("region", "key_date")
    return ActivityFilterSet.from_request(request, qs.order_by("-held_on", "-id"))


@requires(VIEW)
def activity_list(request: HttpRequest) -> HttpResponse:
    filterset = _activities(request)
    page = paginate(request, filterset.qs)
    query = request.GET.urlencode()
    return render(
        request,
        "education/activity_list.html",
        {
            "title": _("普法活动"),
            "page_obj": page,
            "object_list": page.object_list,
            "filter_form": filterset.form,
            "export_url": reverse("education:activity_export") + (f"?{query}" if query else ""),
            "can_record": request.user.can(RECORD),
        },
    )


@requires(VIEW)
def activity_export(request: HttpRequest) -> HttpResponse:
    return export_response(_("普法活动"), ACTIVITY_COLUMNS, _activities(request).qs, request.user)


@requires(RECORD)
def activity_create(request: HttpRequest) -> HttpResponse:
    """登记普法活动, its photos in the same transaction (a refused photo saves nothing)."""
    user = request.user
    form = ActivityForm(request.POST or None, request.FILES or None, user=user)
    if request.method == "POST" and form.is_valid():
        photos = form.cleaned_data.get("photos") or []
        try:
            with transaction.atomic():
                activity = _save(form, user, recorded_by=user)
                for photo in photos:
                    try:
                        attachments.attach(
                            photo, owner=activity, user=user, caption=_("活动照片"), permission=RECORD
                        )
                    except ValidationError as exc:
                        raise ValidationError({"photos": exc.messages}) from None
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        else:
            messages.success(request, _("已登记普法活动。"))
            return redirect("education:activity_detail", pk=activity.pk)
    return _form_page(request, form, _("登记普法活动"), reverse("education:activity_list"))


@requires(RECORD)
def activity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """修改普法活动 (a correction; the ledger keeps what it was)."""
    activity = writable_or_404(Activity, request.user, RECORD, pk, related=("region",))
    form = ActivityForm(request.POST or None, request.FILES or None, instance=activity, user=request.user)
    if request.method == "POST" and form.is_valid():
        _save(form, request.user)
        messages.success(request, _("已保存。"))
        return redirect("education:activity_detail", pk=activity.pk)
    return _form_page(request, form, _("修改普法活动"), activity.get_absolute_url())


@requires(VIEW)
def activity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    activity = visible_or_404(Activity, request.user, pk, related=("region", "key_date", "duty_item"))
    a = activity
    fields = [
        (_("活动日期"), a.held_on),
        (_("主题"), a.get_theme_display()),
        (_("所属重点日期"), a.key_date),
        (_("落实的普法责任清单事项"), a.duty_item),
        (_("组织单位"), a.organizers),
        (_("地点"), a.place),
        (_("所属区划"), a.region.name),
        (_("受众（人次）"), a.audience),
        (_("发放宣传资料（份）"), a.materials),
        (_("悬挂横幅（条）"), a.banners),
        (_("张贴宣传画（张）"), a.posters),
        (_("现场咨询（人次）"), a.consultations),
        (_("参与的法律顾问"), a.advisers),
        (_("参与的法律明白人"), a.legal_persons),
        (_("活动情况"), a.summary),
    ]
    return render(
        request,
        "education/detail.html",
        {
            "title": a.title,
            "fields": fields,
            "files": attachments.for_owner(a, request.user),
            "record": a,
            "edit_url": reverse("education:activity_edit", args=[a.pk])
            if request.user.can(RECORD, region=a.region)
            else "",
        },
    )


# --- boards -----------------------------------------------------------------------------------


@requires(VIEW)
def board_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    today = timezone.localdate()
    due = {d.board.pk: d for d in duties.boards_due(user, today)}
    qs = Board.objects.visible_to(user).select_related("region").order_by("region__path", "name")
    filterset = BoardFilterSet.from_request(request, qs)
    boards = filterset.qs
    if request.GET.get("due") == "1":
        boards = boards.filter(pk__in=list(due))
    page = paginate(request, boards)
    for board in page:
        board.due = due.get(board.pk)
    return render(
        request,
        "education/board_list.html",
        {
            "title": _("法治宣传阵地"),
            "page_obj": page,
            "object_list": page.object_list,
            "filter_form": filterset.form,
            "can_record": user.can(RECORD),
        },
    )


@requires(RECORD)
def board_create(request: HttpRequest) -> HttpResponse:
    form = BoardForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        board = _save(form, request.user)
        messages.success(request, _("已登记宣传阵地。"))
        return redirect("education:board_detail", pk=board.pk)
    return _form_page(request, form, _("登记宣传阵地"), reverse("education:board_list"))


@requires(VIEW)
def board_detail(request: HttpRequest, pk: int) -> HttpResponse:
    board = visible_or_404(Board, request.user, pk, related=("region",))
    today = timezone.localdate()
    due = next((d for d in duties.boards_due(request.user, today) if d.board.pk == board.pk), None)
    fields = [
        (_("类型"), board.get_kind_display()),
        (_("位置"), board.place),
        (_("所属区划"), board.region.name),
        (_("设立日期"), board.since),
        (_("负责单位"), board.office),
        (_("撤除日期"), board.retired_on),
    ]
    return render(
        request,
        "education/board_detail.html",
        {
            "title": board.name,
            "board": board,
            "fields": fields,
            "status": _("应更新") if due else _("在用"),
            "status_tone": "danger" if due else "ok",
            "updates": board.updates.order_by("-updated_on", "-id"),
            "can_record": request.user.can(RECORD, region=board.region),
        },
    )


@requires(RECORD)
def board_update_create(request: HttpRequest, pk: int) -> HttpResponse:
    board = writable_or_404(Board, request.user, RECORD, pk, related=("region",))
    form = BoardUpdateForm(request.POST or None, board=board)
    if request.method == "POST" and form.is_valid():
        _save(form, request.user, board=board, region=board.region)
        messages.success(request, _("已登记内容更新。"))
        return redirect("education:board_detail", pk=board.pk)
    return _form_page(
        request, form, _("登记宣传内容更新：%(name)s") % {"name": board.name}, board.get_absolute_url()
    )


@requires(VIEW)
def board_update_list(request: HttpRequest) -> HttpResponse:
    qs = BoardUpdate.objects.visible_to(request.user).select_related("board", "region")
    filterset = BoardUpdateFilterSet.from_request(request, qs.order_by("-updated_on", "-id"))
    page = paginate(request, filterset.qs)
    return render(
        request,
        "education/board_update_list.html",
        {
            "title": _("宣传内容更新"),
            "page_obj": page,
            "object_list": page.object_list,
            "filter_form": filterset.form,
        },
    )


# --- study ------------------------------------------------------------------------------------


@requires(VIEW)
def study_list(request: HttpRequest) -> HttpResponse:
    qs = StudySession.objects.visible_to(request.user).select_related("region", "led_by")
    filterset = StudySessionFilterSet.from_request(request, qs.order_by("-held_on", "-id"))
    page = paginate(request, filterset.qs)
    return render(
        request,
        "education/study_list.html",
        {
            "title": _("学法与培训"),
            "page_obj": page,
            "object_list": page.object_list,
            "filter_form": filterset.form,
            "can_record": request.user.can(RECORD),
        },
    )


@requires(RECORD)
def study_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = StudySessionForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            session = _save(form, user)
            for person in form.cleaned_data["attendees"]:
                Attendance(session=session, person=person, region=session.region, hours=session.hours).save()
        messages.success(request, _("已登记学法活动。"))
        return redirect("education:study_detail", pk=session.pk)
    return _form_page(request, form, _("登记学法活动"), reverse("education:study_list"))


@requires(VIEW)
def study_detail(request: HttpRequest, pk: int) -> HttpResponse:
    s = visible_or_404(StudySession, request.user, pk, related=("region", "led_by", "plan"))
    fields = [
        (_("类别"), s.get_kind_display()),
        (_("日期"), s.held_on),
        (_("学时"), s.hours),
        (_("地点"), s.place),
        (_("主持（领学）人"), s.led_by),
        (_("所属学法计划"), s.plan),
        (_("学习材料"), s.materials),
        (_("所属区划"), s.region.name),
    ]
    return render(
        request,
        "education/study_detail.html",
        {
            "title": s.topic,
            "fields": fields,
            "attendances": s.attendances.select_related("person").order_by("person__name"),
            "record": s,
            "is_exam": s.kind == StudySession.Kind.EXAM,
        },
    )


@requires(VIEW)
def hours(request: HttpRequest) -> HttpResponse:
    """Each person's study hours in the year (the figure 参学学时 grouped by person)."""
    year = _year(request)
    filterset = AttendanceFilterSet.from_request(request, Attendance.objects.none())
    rows = list(duties.hours_by_person(request.user, year))
    return render(
        request,
        "education/hours.html",
        {"title": _("个人年度学法学时"), "year": year, "rows": rows, "filter_form": filterset.form},
    )


# --- oaths ------------------------------------------------------------------------------------


@requires(VIEW)
def oath_list(request: HttpRequest) -> HttpResponse:
    qs = Oath.objects.visible_to(request.user).select_related("region", "leader")
    filterset = OathFilterSet.from_request(request, qs.order_by("-sworn_on", "-id"))
    page = paginate(request, filterset.qs)
    return render(
        request,
        "education/oath_list.html",
        {
            "title": _("宪法宣誓"),
            "page_obj": page,
            "object_list": page.object_list,
            "filter_form": filterset.form,
            "can_record": request.user.can(RECORD),
        },
    )


@requires(RECORD)
def oath_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = OathForm(request.POST or None, request.FILES or None, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                oath = _save(form, user)
                for post in form.cleaned_data["swearers"]:
                    OathTaker(
                        oath=oath, person=post.person, post=post, title=post.title, taken_by=post.taken_by
                    ).save()
                for photo in form.cleaned_data.get("photos") or []:
                    try:
                        attachments.attach(
                            photo, owner=oath, user=user, caption=_("仪式照片"), permission=RECORD
                        )
                    except ValidationError as exc:
                        raise ValidationError({"photos": exc.messages}) from None
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        else:
            messages.success(request, _("已登记宪法宣誓。"))
            return redirect("education:oath_detail", pk=oath.pk)
    return _form_page(request, form, _("登记宪法宣誓"), reverse("education:oath_list"))


@requires(VIEW)
def oath_detail(request: HttpRequest, pk: int) -> HttpResponse:
    o = visible_or_404(Oath, request.user, pk, related=("region", "leader"))
    fields = [
        (_("宣誓日期"), o.sworn_on),
        (_("宣誓地点"), o.place),
        (_("场合"), o.occasion),
        (_("组织机关"), o.organizer),
        (_("宣誓形式"), o.get_form_display()),
        (_("领誓人"), o.leader),
        (_("誓词版本"), o.get_text_version_display()),
        (_("国旗国徽"), o.get_display_display()),
        (_("奏唱国歌"), _("是") if o.anthem else _("否")),
        (_("监誓人"), o.supervisor),
        (_("备注"), o.note),
    ]
    return render(
        request,
        "education/oath_detail.html",
        {
            "title": o.occasion,
            "fields": fields,
            "takers": o.takers.select_related("person").order_by("id"),
            "record": o,
            "files": attachments.for_owner(o, request.user),
        },
    )


@requires(VIEW)
def oath_overdue(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    posts = duties.posts_without_oath(request.user, today, overdue_only=False)
    return render(
        request,
        "education/oath_overdue.html",
        {"title": _("任职后未宪法宣誓名单"), "posts": posts, "today": today},
    )


# --- the calendar and the responsibility list -------------------------------------------------


@requires(VIEW)
def keydate_list(request: HttpRequest) -> HttpResponse:
    qs = KeyDate.objects.visible_to(request.user).select_related("region").order_by("month", "day", "id")
    page = paginate(request, qs)
    return render(
        request,
        "education/keydate_list.html",
        {
            "title": _("普法重点日期"),
            "page_obj": page,
            "object_list": page.object_list,
            "can_record": request.user.can(RECORD),
        },
    )


@requires(RECORD)
def keydate_create(request: HttpRequest) -> HttpResponse:
    form = KeyDateForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        _save(form, request.user)
        messages.success(request, _("已添加重点日期。"))
        return redirect("education:keydate_list")
    return _form_page(request, form, _("添加普法重点日期"), reverse("education:keydate_list"))


@requires(VIEW)
def duty_list(request: HttpRequest) -> HttpResponse:
    qs = DutyItem.objects.visible_to(request.user).select_related("region").order_by("-year", "id")
    filterset = DutyItemFilterSet.from_request(request, qs)
    page = paginate(request, filterset.qs)
    return render(
        request,
        "education/duty_list.html",
        {
            "title": _("普法责任清单"),
            "page_obj": page,
            "object_list": page.object_list,
            "filter_form": filterset.form,
            "can_record": request.user.can(RECORD),
        },
    )


@requires(RECORD)
def duty_create(request: HttpRequest) -> HttpResponse:
    form = DutyItemForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        _save(form, request.user)
        messages.success(request, _("已添加责任清单事项。"))
        return redirect("education:duty_list")
    return _form_page(request, form, _("添加普法责任清单事项"), reverse("education:duty_list"))


urlpatterns = [
    path("", index, name="index"),
    path("activities/", activity_list, name="activity_list"),
    path("activities/export/", activity_export, name="activity_export"),
    path("activities/new/", activity_create, name="activity_create"),
    path("activities/<int:pk>/", activity_detail, name="activity_detail"),
    path("activities/<int:pk>/edit/", activity_edit, name="activity_edit"),
    path("boards/", board_list, name="board_list"),
    path("boards/new/", board_create, name="board_create"),
    path("boards/updates/", board_update_list, name="board_update_list"),
    path("boards/<int:pk>/", board_detail, name="board_detail"),
    path("boards/<int:pk>/updates/new/", board_update_create, name="board_update_create"),
    path("study/", study_list, name="study_list"),
    path("study/new/", study_create, name="study_create"),
    path("study/hours/", hours, name="hours"),
    path("study/<int:pk>/", study_detail, name="study_detail"),
    path("oaths/", oath_list, name="oath_list"),
    path("oaths/new/", oath_create, name="oath_create"),
    path("oaths/overdue/", oath_overdue, name="oath_overdue"),
    path("oaths/<int:pk>/", oath_detail, name="oath_detail"),
    path("key-dates/", keydate_list, name="keydate_list"),
    path("key-dates/new/", keydate_create, name="keydate_create"),
    path("duties/", duty_list, name="duty_list"),
    path("duties/new/", duty_create, name="duty_create"),
]
