"""Open311 GeoReport v2 for grid events, under /open311/v2/ (JSON and XML by the URL's suffix).

`jurisdiction_id` is the region code of a town. Services are the public event categories only;
requests are the town's events of public categories: `status` open/closed from the event's
state, `status_notes` the last public note (公开答复), `agency_responsible` the handling unit,
`expected_datetime` the open clock's overdue threshold. The description appears only once staff
have reviewed it for publication; no name, phone or house location ever leaves: the address is
the village and grid, the coordinates the grid's centroid (or the point rounded to about 100 m).
A search window spans at most 90 days. Posting needs an api_key of a client system
(`Open311Client`, digest only, revocable); the event enters the grid loop at 已上报 (awaiting
受理) with source "Open311". Errors are GeoReport error arrays with Chinese descriptions naming
the field.
"""

from __future__ import annotations

import datetime as dt
import secrets
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from xml.etree import ElementTree as ET

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from fazhi.core import deadlines, roles
from fazhi.core.models import Region, RegionKind
from fazhi.core.models.tokens import digest_of
from fazhi.grid.models import Event, EventCategory, GridProfile, Open311Client

S = Event.State
CLOSED = {S.REJECTED, S.CANCELLED, S.CHECKED, S.FOLLOWED_UP, S.ARCHIVED}
MAX_WINDOW = dt.timedelta(days=90)
MAX_RESULTS = 1000
# about 100 m: three decimals of a degree of latitude (111 m)
COARSE = Decimal("0.001")


class Problem(Exception):
    def __init__(self, status: int, description: str):
        super().__init__(description)
        self.status, self.description = status, description


# --- keys of client systems ------------------------------------------------------------------


def issue_client(name: str, town: Region) -> tuple[Open311Client, str]:
    """A new client system of `town` and its api_key (shown once; only the digest is kept)."""
    if town.kind != RegionKind.TOWN:
        raise ValidationError({"town": _("Open311接入系统须登记在乡镇上")})
    key = secrets.token_urlsafe(32)
    client = Open311Client.objects.create(name=name, town=town, prefix=key[:8], digest=digest_of(key))
    return client, key


def revoke_client(client: Open311Client) -> Open311Client:
    if client.revoked_at is None:
        client.revoked_at = timezone.now()
        client.save(update_fields=["revoked_at"])
    return client


def client_of(key: str) -> Open311Client:
    if not key:
        raise Problem(403, _("api_key：提交服务请求须提供接入系统的api_key"))
    client = Open311Client.objects.select_related("town").filter(digest=digest_of(key)).first()
    if client is None or client.revoked_at is not None:
        raise Problem(403, _("api_key：密钥无效或已撤销"))
    return client


# --- 公开审核: what staff allow the public to read ---------------------------------------------

PUBLISH_RULE = _lazy("个人信息保护法第二十五条：不得公开其处理的个人信息，取得个人单独同意的除外")


def may_publish(user, event: Event) -> bool:
    return user.can(roles.GRID_HANDLE, region=event.region)


def publish(event: Event, user, *, description_public: bool, public_note: str) -> Event:
    """Record the office's review: the description public or not, and the public note (公开答复,
    Open311's status_notes). A category that is not public is never published."""
    if not may_publish(user, event):
        raise PermissionDenied(_("只有综治中心可以审核网格事件的公开内容。"))
    if not event.category.is_public:
        raise ValidationError(
            _("“%(category)s”类事件不对外公开，不能审核公开") % {"category": event.category.name}
        )
    event.public_reviewed_at = timezone.now() if description_public else None
    event.public_reviewed_by = user if description_public else None
    event.public_note = (public_note or "").strip()
    event.save(update_fields=["public_reviewed_at", "public_reviewed_by", "public_note"])
    return event


# --- rendering ----------------------------------------------------------------------------------


def _xml(root: str, item: str, rows: list[dict]) -> bytes:
    top = ET.Element(root)
    for row in rows:
        node = ET.SubElement(top, item)
        for key, value in row.items():
            child = ET.SubElement(node, key)
            if isinstance(value, list):
                for part in value:
                    ET.SubElement(child, "value").text = str(part)
            elif value is not None:
                child.text = str(value).lower() if isinstance(value, bool) else str(value)
    return b'<?xml version="1.0" encoding="utf-8"?>' + ET.tostring(top, encoding="utf-8")


def render(fmt: str, rows, root: str, item: str, status: int = 200):
    if fmt == "xml":
        body = _single_xml(root, rows) if isinstance(rows, dict) else _xml(root, item, rows)
        return HttpResponse(body, status=status, content_type="text/xml; charset=utf-8")
    return JsonResponse(rows, status=status, safe=False, json_dumps_params={"ensure_ascii": False})


def _single_xml(root: str, row: dict) -> bytes:
    top = ET.Element(root)
    for key, value in row.items():
        child = ET.SubElement(top, key)
        if isinstance(value, list):
            for part in value:
                sub = ET.SubElement(child, "attribute")
                for k, v in part.items():
                    ET.SubElement(sub, k).text = str(v)
        elif value is not None:
            child.text = str(value)
    return b'<?xml version="1.0" encoding="utf-8"?>' + ET.tostring(top, encoding="utf-8")


def error(fmt: str, status: int, description: str):
    return render(fmt, [{"code": status, "description": description}], "errors", "error", status)


def answering(view):
    """Problems become GeoReport error arrays in the asked format."""

    def wrapped(request, *args, fmt="json", **kwargs):
        try:
            return view(request, *args, fmt=fmt, **kwargs)
        except Problem as problem:
            return error(fmt, problem.status, problem.description)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


# --- reading ----------------------------------------------------------------------------------


def town_of(request) -> Region:
    code = (request.GET.get("jurisdiction_id") or request.POST.get("jurisdiction_id") or "").strip()
    if not code:
        raise Problem(400, _("jurisdiction_id：缺少管辖区代码（乡镇的统计用区划代码）"))
    town = Region.objects.filter(code=code, kind=RegionKind.TOWN).first()
    if town is None:
        raise Problem(404, _("jurisdiction_id：没有代码为%(code)s的乡镇") % {"code": code[:20]})
    return town


def public_categories():
    """The public, active categories a request can be filed under: the 小类, and the 大类 that
    have none."""
    return (
        EventCategory.objects.filter(is_active=True, is_public=True)
        .filter(
            Q(parent__isnull=False, parent__is_public=True) | Q(parent__isnull=True, children__isnull=True)
        )
        .select_related("parent")
        .distinct()
        .order_by("order", "code")
    )


def service_row(category: EventCategory) -> dict:
    return {
        "service_code": category.code,
        "service_name": category.name,
        "description": str(category),
        "metadata": False,
        "type": "realtime",
        "keywords": "",
        "group": category.group.name,
    }


@require_GET
def discovery(request, fmt="json"):
    base = request.build_absolute_uri(reverse("open311:services", kwargs={"fmt": "json"})).rsplit("/", 1)[0]
    data = {
        "changeset": "2026-12-02T00:00:00Z",
        "contact": _("乡镇综治中心（网格化服务管理中心）"),
        "key_service": _("向乡镇综治中心申请接入系统的api_key"),
        "endpoints": [
            {
                "specification": "http://wiki.open311.org/GeoReport_v2",
                "url": base,
                "changeset": "2026-12-02T00:00:00Z",
                "type": "production",
                "formats": ["application/json", "text/xml"],
            }
        ],
    }
    if fmt == "xml":
        return HttpResponse(_single_xml("discovery", {k: v for k, v in data.items() if k != "endpoints"}),
                            content_type="text/xml; charset=utf-8")  # fmt: skip
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


@require_GET
@answering
def services(request, fmt="json"):
    town_of(request)
    return render(fmt, [service_row(c) for c in public_categories()], "services", "service")


@require_GET
@answering
def service_definition(request, code, fmt="json"):
    town_of(request)
    category = public_categories().filter(code=code).first()
    if category is None:
        raise Problem(404, _("service_code：没有代码为%(code)s的可公开服务类别") % {"code": code[:20]})
    return render(fmt, {"service_code": category.code, "attributes": []}, "service_definition", "")


def _coarse(value) -> str | None:
    if value is None:
        return None
    return str(Decimal(value).quantize(COARSE, rounding=ROUND_HALF_UP))


def _moment(value) -> str | None:
    return timezone.localtime(value).isoformat(timespec="seconds") if value else None


def _updated(event: Event):
    moments = [
        event.reported_at,
        event.accepted_at,
        event.dispatched_at,
        event.returned_at,
        event.resolved_at,
        event.checked_at,
        event.followed_up_at,
        event.archived_at,
        event.public_reviewed_at,
    ]
    return max(m for m in moments if m)


def _expected(deadline) -> dt.datetime | None:
    if deadline is None:
        return None
    if deadline.due_at:
        return deadline.due_at
    return timezone.make_aware(dt.datetime.combine(deadline.due_on, dt.time(23, 59, 59)))


def request_row(event: Event, profile: GridProfile | None, deadline) -> dict:
    """One event as a GeoReport service request: only what may be published."""
    grid = event.region
    village = grid.parent if grid.parent_id else None
    if profile is not None and profile.centroid_lat is not None:
        lat, lng = _coarse(profile.centroid_lat), _coarse(profile.centroid_lng)
    else:
        lat, lng = _coarse(event.latitude), _coarse(event.longitude)
    reviewed = event.public_reviewed_at is not None and event.category.is_public
    return {
        "service_request_id": str(event.pk),
        "status": "closed" if event.state in CLOSED else "open",
        "status_notes": event.public_note or "",
        "service_name": event.category.name,
        "service_code": event.category.code,
        "description": event.description if reviewed else "",
        "agency_responsible": event.dispatched_label or event.category.handling_unit,
        "service_notice": "",
        "requested_datetime": _moment(event.reported_at),
        "updated_datetime": _moment(_updated(event)),
        "expected_datetime": _moment(_expected(deadline)) if event.state not in CLOSED else None,
        "address": f"{village.name if village else ''}{grid.name}",
        "address_id": None,
        "zipcode": None,
        "lat": lat,
        "long": lng,
        "media_url": None,
    }


def public_events(town: Region):
    return (
        Event.objects.filter(town_code=town.code, category__is_public=True)
        .select_related("category", "category__parent", "region", "region__parent", "dispatched_to")
        .order_by("-reported_at", "-id")
    )


def rows_of(events) -> list[dict]:
    events = list(events)
    profiles = {
        p.region_id: p for p in GridProfile.objects.filter(region_id__in={e.region_id for e in events})
    }
    due = deadlines.open_for(events)
    return [request_row(e, profiles.get(e.region_id), (due.get(str(e.pk)) or [None])[0]) for e in events]


def _when(name: str, text: str, *, end: bool = False) -> dt.datetime:
    value = parse_datetime(text)
    if value is None:
        day = parse_date(text)
        if day is None:
            raise Problem(400, _("%(field)s：时间格式应为W3C格式，如2021-06-01T00:00:00Z") % {"field": name})
        value = dt.datetime.combine(day, dt.time.max if end else dt.time.min)
    if not 1900 <= value.year <= 2999:
        raise Problem(400, _("%(field)s：时间超出范围") % {"field": name})
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value


def window(request) -> tuple[dt.datetime, dt.datetime]:
    start_text, end_text = request.GET.get("start_date", ""), request.GET.get("end_date", "")
    try:
        start = _when("start_date", start_text) if start_text else None
        end = _when("end_date", end_text, end=True) if end_text else None
    except (ValueError, OverflowError):
        raise Problem(400, _("start_date/end_date：时间无效")) from None
    if start and end:
        if end < start:
            raise Problem(400, _("end_date：结束时间早于开始时间"))
        if end - start > MAX_WINDOW:
            raise Problem(400, _("start_date/end_date：查询时间范围不能超过90天（GeoReport v2）"))
    elif start:
        end = start + MAX_WINDOW
    elif end:
        start = end - MAX_WINDOW
    else:
        end = timezone.now()
        start = end - MAX_WINDOW
    return start, end


@csrf_exempt
@require_http_methods(["GET", "POST"])
@answering
def requests_view(request, fmt="json"):
    if request.method == "POST":
        return post_request(request, fmt)
    town = town_of(request)
    events = public_events(town)
    ids = [i.strip() for i in request.GET.get("service_request_id", "").split(",") if i.strip()]
    if ids:
        if not all(i.isdigit() and len(i) < 12 for i in ids):
            raise Problem(400, _("service_request_id：应为以逗号分隔的数字编号"))
        events = events.filter(pk__in=[int(i) for i in ids[:MAX_RESULTS]])
    else:
        start, end = window(request)
        events = events.filter(reported_at__gte=start, reported_at__lte=end)
        codes = [c.strip() for c in request.GET.get("service_code", "").split(",") if c.strip()]
        if codes:
            events = events.filter(category__code__in=codes)
        statuses = {s.strip() for s in request.GET.get("status", "").split(",") if s.strip()}
        if statuses - {"open", "closed"}:
            raise Problem(400, _("status：只能为open或closed"))
        if statuses == {"open"}:
            events = events.exclude(state__in=CLOSED)
        elif statuses == {"closed"}:
            events = events.filter(state__in=CLOSED)
    return render(fmt, rows_of(events[:MAX_RESULTS]), "service_requests", "request")


@require_GET
@answering
def request_detail(request, pk, fmt="json"):
    town = town_of(request)
    event = public_events(town).filter(pk=pk).first()
    if event is None:
        raise Problem(404, _("service_request_id：没有编号为%(id)s的可公开服务请求") % {"id": pk})
    return render(fmt, rows_of([event]), "service_requests", "request")


# --- posting ------------------------------------------------------------------------------------


def _decimal(name: str, text: str, low: int, high: int) -> Decimal:
    try:
        value = Decimal(text)
    except (InvalidOperation, ValueError):
        raise Problem(400, _("%(field)s：应为数字（WGS84坐标）") % {"field": name}) from None
    if not value.is_finite() or not low <= value <= high:
        raise Problem(400, _("%(field)s：坐标超出范围") % {"field": name})
    return value.quantize(Decimal("0.000001"))


def post_request(request, fmt):
    from fazhi.grid import geo, workflow

    client = client_of(request.POST.get("api_key", ""))
    code = request.POST.get("jurisdiction_id", "").strip()
    if code and code != client.town.code:
        raise Problem(403, _("jurisdiction_id：该api_key只能向%(town)s提交") % {"town": client.town.name})
    service_code = request.POST.get("service_code", "").strip()
    if not service_code:
        raise Problem(400, _("service_code：缺少服务类别代码"))
    category = public_categories().filter(code=service_code).first()
    if category is None:
        raise Problem(
            404, _("service_code：没有代码为%(code)s的可公开服务类别") % {"code": service_code[:20]}
        )
    description = request.POST.get("description", "").strip()
    if not description:
        raise Problem(400, _("description：请描述所反映的问题"))
    if len(description) > 4000:
        raise Problem(400, _("description：描述不能超过4000字"))
    if not (request.POST.get("lat") and request.POST.get("long")):
        raise Problem(400, _("lat/long：须提供事件位置的经纬度，以便确定所在网格"))
    lat = _decimal("lat", request.POST["lat"], -90, 90)
    lng = _decimal("long", request.POST["long"], -180, 180)
    profiles = GridProfile.objects.filter(region__path__startswith=client.town.path).select_related("region")
    grid = geo.grid_at(profiles, lat, lng)
    if grid is None:
        raise Problem(400, _("lat/long：所报位置不在%(town)s任何网格内") % {"town": client.town.name})
    name = " ".join(p for p in (request.POST.get("last_name", ""), request.POST.get("first_name", "")) if p)
    data = {
        "region": grid,
        "category": category,
        "description": description,
        "latitude": lat,
        "longitude": lng,
        "address": request.POST.get("address_string", "")[:200],
        "citizen_name": name.strip()[:50],
        "citizen_phone": request.POST.get("phone", "").strip()[:20],
    }
    try:
        event = workflow.report_from_open311(client, data)
    except ValidationError as exc:
        field, messages = (
            next(iter(exc.message_dict.items())) if hasattr(exc, "error_dict") else ("", exc.messages)
        )
        raise Problem(400, f"{field}：{'；'.join(messages)}" if field else "；".join(messages)) from None
    except PermissionDenied as exc:
        raise Problem(403, str(exc)) from None
    rows = [{"service_request_id": str(event.pk), "service_notice": _("已收到，等待乡镇综治中心受理"),
             "account_id": None}]  # fmt: skip
    return render(fmt, rows, "service_requests", "request", status=201)
