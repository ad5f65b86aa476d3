"""The statutory calendar page (entered years of holidays) and the scoped deadlines page."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Max, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.core import deadlines, holidays, roles
from fazhi.core.models import CalendarYear, Deadline
from fazhi.core.spreadsheets import xlsx_response
from fazhi.core.views.base import require, visible_or_404

PAGE_SIZE = 50
MAX_WITHIN = 366

# --- deadlines --------------------------------------------------------------------------------

# Lists of open deadlines read soonest first; lists of finished ones, latest first.
_DESCENDING = {deadlines.SHOW_LATE, deadlines.SHOW_MET, deadlines.SHOW_ALL}


class DeadlineFilter(forms.Form):
    show = forms.ChoiceField(
        label=gettext_lazy("范围"),
        choices=deadlines.SHOW_CHOICES,
        required=False,
        initial=deadlines.SHOW_OPEN,
    )
    within = forms.IntegerField(
        label=gettext_lazy("临近天数"),
        min_value=0,
        max_value=MAX_WITHIN,
        required=False,
        initial=deadlines.DUE_SOON_DAYS,
    )
    code = forms.ChoiceField(label=gettext_lazy("期限种类"), required=False)
    q = forms.CharField(label=gettext_lazy("事项"), required=False, max_length=100)

    def __init__(self, data, codes):
        super().__init__(data)
        self.fields["code"].choices = [("", _("全部"))] + codes

    def values(self) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        within = data.get("within")
        return {
            "show": data.get("show") or deadlines.SHOW_OPEN,
            "within": deadlines.DUE_SOON_DAYS if within is None else within,
            "code": data.get("code") or "",
            "q": (data.get("q") or "").strip(),
        }


def _filtered(user, values: dict, today: dt.date):
    qs = Deadline.objects.visible_to(user)
    qs = deadlines.select(qs, values["show"], values["within"], today)
    if values["code"]:
        qs = qs.filter(code=values["code"])
    if values["q"]:
        qs = qs.filter(Q(object_repr__icontains=values["q"]) | Q(label__icontains=values["q"]))
    descending = values["show"] in _DESCENDING
    return qs.order_by("-due_on", "-id") if descending else qs.order_by("due_on", "id"), descending


def _page(qs, descending: bool, after: str):
    """One page by keyset on (due_on, id): `after` is the last row of the previous page."""
    if after:
        try:
            day, _sep, pk = after.partition("_")
            day, pk = dt.date.fromisoformat(day), int(pk)
        except ValueError:
            day = None
        if day is not None:
            if descending:
                qs = qs.filter(Q(due_on__lt=day) | Q(due_on=day, id__lt=pk))
            else:
                qs = qs.filter(Q(due_on__gt=day) | Q(due_on=day, id__gt=pk))
    rows = list(qs.select_related("region", "content_type")[: PAGE_SIZE + 1])
    more = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    cursor = f"{rows[-1].due_on.isoformat()}_{rows[-1].pk}" if more else ""
    return rows, cursor


def _links(user, rows) -> dict[int, str]:
    """The page of each deadline's record, when the record has one and the user may see it."""
    by_type: dict[int, list[Deadline]] = {}
    for d in rows:
        by_type.setdefault(d.content_type_id, []).append(d)
    links = {}
    for ct_id, items in by_type.items():
        model = ContentType.objects.get_for_id(ct_id).model_class()
        manager = getattr(model, "_default_manager", None) if model else None
        if manager is None or not hasattr(model, "get_absolute_url") or not hasattr(manager, "visible_to"):
            continue
        pk_field = model._meta.pk
        try:
            ids = {d.object_id: pk_field.to_python(d.object_id) for d in items}
        except Exception:  # an object id that no longer fits the model's key
            continue
        found = manager.visible_to(user).in_bulk(list(ids.values()))
        for d in items:
            obj = found.get(ids[d.object_id])
            if obj is not None:
                links[d.pk] = obj.get_absolute_url()
    return links


def _codes(user) -> list[tuple[str, str]]:
    rows = (
        Deadline.objects.visible_to(user)
        .values("code")
        .annotate(label=Max("label"), n=Count("id"))
        .order_by("code")
    )
    return [(r["code"], f"{r['label']}（{r['code']}）") for r in rows]


@login_required
def deadline_list(request: HttpRequest) -> HttpResponse:
    require(request.user, roles.VIEW_RECORDS)
    today = timezone.localdate()
    form = DeadlineFilter(request.GET or None, _codes(request.user))
    values = form.values()
    qs, descending = _filtered(request.user, values, today)
    if request.GET.get("format") == "xlsx":
        return _export(request, qs, values, today)
    rows, cursor = _page(qs, descending, request.GET.get("after", ""))
    links = _links(request.user, rows)
    items = [{"d": d, "standing": deadlines.standing(d, today), "url": links.get(d.pk, "")} for d in rows]
    query = {k: v for k, v in values.items() if v not in ("", None)}
    next_year = today.year + 1
    return render(
        request,
        "core/deadlines.html",
        {
            "form": form,
            "values": values,
            "items": items,
            "total": qs.count(),
            "first_page": bool(request.GET.get("after")),
            "base_query": urlencode(query),
            "next_query": urlencode({**query, "after": cursor}) if cursor else "",
            "export_query": urlencode({**query, "format": "xlsx"}),
            "today": today,
            "next_year": next_year,
            "next_year_fallback": deadlines.year_source(next_year) == deadlines.FALLBACK,
            "can_manage_calendar": request.user.can(roles.MANAGE_HOLIDAYS),
        },
    )


@login_required
def deadline_explain(request: HttpRequest, pk: int) -> HttpResponse:
    """How a deadline's due date was computed: the start, each day not counted and why, each
    pause and extension, the result; readable by who may read the record it belongs to."""
    deadline = visible_or_404(Deadline, request.user, pk, related=("region",))
    computation = deadlines.explain(deadline)
    return render(
        request,
        "core/deadline_explain.html",
        {
            "d": deadline,
            "url": _links(request.user, [deadline]).get(deadline.pk, ""),
            "standing": deadlines.standing(deadline),
            "computation": computation,
            "hours": deadline.unit == deadlines.WORKING_HOURS,
            "pauses": list(deadline.pauses.all()),
            "extensions": list(deadline.extensions.all()),
            "stale": computation.due_on != deadline.due_on,
        },
    )


def _export(request: HttpRequest, qs, values: dict, today: dt.date) -> HttpResponse:
    headers = [
        _("事项"),
        _("义务"),
        _("依据"),
        _("期限代码"),
        _("起算日"),
        _("期限"),
        _("届满日"),
        _("状态"),
        _("所属区划"),
        _("日历说明"),
    ]

    def rows():
        for d in qs.select_related("region").iterator(chunk_size=1000):
            yield [
                d.object_repr,
                d.label,
                d.rule,
                d.code,
                d.starts_on,
                d.period_display,
                d.due_on,
                deadlines.standing(d, today).text,
                d.region.name,
                d.calendar_note,
            ]

    return xlsx_response(
        _("期限清单"),
        headers,
        rows(),
        user=request.user,
        object_type="core.deadline",
        filename=f"deadlines-{today:%Y%m%d}.xlsx",
        data={"filters": values},
    )


# --- the statutory calendar -------------------------------------------------------------------


class HolidayFileForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("文件"),
        help_text=gettext_lazy(
            ".csv 或 .xlsx；列：日期、类型（休 = 放假，班 = 调休上班）、名称，可选：依据。"
            "周末的放假日可不列。文件中每个年度的原有录入整体替换。"
        ),
    )
    source = forms.CharField(
        label=gettext_lazy("依据"),
        required=False,
        max_length=holidays.SOURCE_MAX,
        help_text=gettext_lazy(
            "如国务院办公厅关于某年部分节假日安排的通知文号；填写后优先于文件中的“依据”列"
        ),
    )


def _years_overview(today: dt.date) -> list[dict]:
    entered = {
        y.year: y
        for y in CalendarYear.objects.select_related("entered_by").annotate(
            holidays=Count("days", filter=Q(days__is_workday=False)),
            workdays=Count("days", filter=Q(days__is_workday=True)),
        )
    }
    years = set(entered) | set(range(today.year - 1, today.year + 3))
    rows = []
    for year in sorted(years, reverse=True):
        source = deadlines.year_source(year)
        rows.append(
            {
                "year": year,
                "source": source,
                "label": deadlines.SOURCE_LABELS[source],
                "entry": entered.get(year),
            }
        )
    return rows


def _year_days(year: int) -> tuple[str, list[dict]]:
    source = deadlines.year_source(year)
    if source == deadlines.ENTERED:
        days = [(d.date, d.is_workday, d.name) for d in CalendarYear.objects.get(year=year).days.all()]
    elif source == deadlines.PACKAGE:
        days = deadlines.package_days(year)
    else:
        days = []
    return source, [
        {"date": date, "weekday": holidays.WEEKDAYS[date.weekday()], "workday": workday, "name": name}
        for date, workday, name in days
    ]


@login_required
def calendar_page(request: HttpRequest) -> HttpResponse:
    require(request.user, roles.MANAGE_HOLIDAYS)
    today = timezone.localdate()
    form = HolidayFileForm()
    parsed = None
    if request.method == "POST" and request.POST.get("action") == "delete":
        entry = get_object_or_404(CalendarYear, year=request.POST.get("year"))
        number = entry.year
        moved = holidays.delete_year(entry)
        messages.success(
            request,
            _("已删除%(year)s年的录入，该年度改按%(source)s计算。")
            % {
                "year": number,
                "source": _("内置日历")
                if deadlines.year_source(number) == deadlines.PACKAGE
                else _("周一至周五"),
            }
            + (_("%(n)s项进行中的期限已重新计算届满日。") % {"n": moved} if moved else ""),
        )
        return redirect(f"{reverse('core:calendar')}?year={number}")
    if request.method == "POST":
        form = HolidayFileForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            content = upload.read(holidays.MAX_FILE_BYTES + 1)
            parsed, saved = holidays.import_file(
                upload.name, content, request.user, form.cleaned_data["source"]
            )
            if parsed.ok:
                for note in parsed.notes:
                    messages.warning(request, note)
                names = "、".join(str(y.year) for y in saved)
                message = _("已录入%(years)s年的节假日安排。") % {"years": names}
                if parsed.moved:
                    message += _("%(n)s项进行中的期限已按新安排重新计算届满日。") % {"n": parsed.moved}
                messages.success(request, message)
                return redirect(f"{reverse('core:calendar')}?year={saved[0].year}")
    try:
        year = int(request.GET.get("year", "") or (parsed and min(parsed.years, default=0)) or today.year + 1)
    except ValueError:
        year = today.year + 1
    if not holidays.FIRST_YEAR <= year <= holidays.LAST_YEAR:
        year = today.year + 1
    source, days = _year_days(year)
    return render(
        request,
        "core/calendar.html",
        {
            "form": form,
            "parsed": parsed,
            "years": _years_overview(today),
            "year": year,
            "year_source": source,
            "year_label": deadlines.SOURCE_LABELS[source],
            "year_entry": CalendarYear.objects.filter(year=year).select_related("entered_by").first(),
            "days": days,
            "package_first": deadlines.PACKAGE_FIRST_YEAR,
            "package_last": deadlines.PACKAGE_LAST_YEAR,
        },
    )


urlpatterns = [
    path("deadlines/", deadline_list, name="deadlines"),
    path("deadlines/<int:pk>/explain/", deadline_explain, name="deadline_explain"),
    path("calendar/", calendar_page, name="calendar"),
]
