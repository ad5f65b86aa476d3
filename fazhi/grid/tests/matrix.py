"""The grid app's authorization table: every page (and API operation), reads inside (石鼓镇) and
outside (易俗河镇) scope, and writes (the report form, patrols, the event's steps).

Written by hand from the intended rules (docs/security.md is generated from it):
- reading needs `grid.view` over the record's grid: in 石鼓镇 the town leader, 司法所 and the
  governance office (综治办) for the whole town, 歇马村's cadre for 歇马村, each grid worker for
  their own grid only (grid_b does not read grid_a: 404), the county supervisor everywhere.
  `grid_and_officer` is grid_a's worker and 易俗河镇's officer: they read grid_a and 易俗河镇.
  The enforcement officers hold grid.view too (they turn a 违法线索 event into a case): 石鼓镇's
  officers read the town's events like 信访办, 易俗河镇's officer (and `grid_and_officer`, an
  officer there) 易俗河镇's. A role without grid.view anywhere (the legal reviewer, the 三员) gets 403.
- reporting (上报) and patrols need `grid.report` over the grid: the grid worker of that grid, the
  village cadre, the governance office; a grid outside one's own is not a choice (400).
- the event's steps follow docs/workflows.md: 受理 by the governance office only; 办结 by the
  governance office or the cadre of the village it went to. A refused write changes nothing.
- a 古塘村 event is not read by 歇马村's cadre and grid workers (404).
- the citizen's name and phone only in full with `core.view_pii` in the record's region.
"""

from __future__ import annotations

import datetime as dt

from fazhi.testing.matrix import ANYWHERE, INSIDE, OUTSIDE, E, Row, Table  # noqa: F401

# --- who, written out by hand -----------------------------------------------------------------

TOWN = "leader judicial governance petition officer officer2"  # grid.view over 石鼓镇
READ_IN = f"{TOWN} grid_a cadre county two_regions grid_and_officer"  # an event of 歇马村第1网格
NOT_IN = "grid_b other_officer"  # grid.view elsewhere only: grid_a's events are 404
READ_OUT = "county two_regions other_officer grid_and_officer"  # an event of 易俗河镇
NOT_OUT = f"{TOWN} grid_a grid_b cadre"
READ_ANY = f"{TOWN} grid_a grid_b cadre county two_regions other_officer grid_and_officer"
NO_STEPS_IN = "leader judicial officer officer2 grid_a county two_regions grid_and_officer"
REPORTERS = "governance grid_a grid_b cadre grid_and_officer"  # grid.report somewhere
REPORT_IN = "governance grid_a cadre grid_and_officer"  # grid.report over 歇马村第1网格

LIST_IN = E("403", {"200 shown": READ_IN, "200 hidden": NOT_IN})
LIST_OUT = E("403", {"200 shown": READ_OUT, "200 hidden": NOT_OUT})
RECORD_IN = E("403", {"200": READ_IN, "404": NOT_IN})
RECORD_OUT = E("403", {"200": READ_OUT, "404": NOT_OUT})
# an event of 古塘村第1网格 (another village of the town)
RECORD_OTHER_VILLAGE = E(
    "403", {"200": f"{TOWN} county two_regions", "404": "grid_a grid_b cadre grid_and_officer other_officer"}
)
REPORT_FORM = E("403", {"200": REPORTERS})

MARK_IN, MARK_OUT = "石鼓网格矩阵事件", "易俗网格矩阵事件"


def build(t) -> None:
    from fazhi import conftest
    from fazhi.grid import workflow
    from fazhi.grid.models import EventCategory, PatrolLog
    from fazhi.grid.seed import ensure_categories

    r, u = t.regions, t.users
    other_worker = conftest.make_user("other_grid_worker", "grid_worker", r.other_grid)
    ensure_categories()  # what the migration seeded, unless a transactional test flushed it
    category = EventCategory.objects.get(code="0101")
    t.category = category
    t.grid = {INSIDE: r.grid_a, OUTSIDE: r.other_grid}
    reporter = {INSIDE: u.grid_a, OUTSIDE: other_worker}

    def event(scope, tag, region=None, user=None):
        return workflow.report(
            user or reporter[scope],
            {
                "region": region or t.grid[scope],
                "category": category,
                "description": f"{MARK_IN if scope == INSIDE else MARK_OUT}·{tag}",
                "citizen_name": "张三丰",
                "citizen_phone": "13812345678",
                "source": "visit",
            },
        )

    t.event = {s: event(s, "已上报") for s in (INSIDE, OUTSIDE)}
    # a public category's event (环境卫生／垃圾堆放), not yet reviewed for publication: Open311
    t.public_event = workflow.report(
        u.grid_a,
        {
            "region": r.grid_a,
            "category": EventCategory.objects.get(code="0401"),
            "description": "石鼓公开矩阵事件",
            "citizen_phone": "13812345678",
        },
    )
    t.other_village = {INSIDE: event(INSIDE, "古塘村", region=r.grid_c, user=u.governance)}
    t.handling = {}
    for scope in (INSIDE, OUTSIDE):
        handling = event(scope, "处置中")
        # the outside event goes through the steps as a (build-only) governance office of 易俗河镇
        office = (
            u.governance
            if scope == INSIDE
            else conftest.make_user("other_gov", "governance_office", r.other_town)
        )
        for name, data in (("accept", {}), ("dispatch", {"target": "village"})):
            workflow.EVENT.fire(handling, name, office, data)
        workflow.EVENT.fire(handling, "start_handling", office, {})
        t.handling[scope] = handling
    from fazhi.grid.models import Supervision

    t.supervision = {
        s: Supervision.objects.create(
            event=t.handling[s],
            region=t.handling[s].region,
            level=Supervision.Level.YELLOW,
            note="矩阵督办",
            issued_at=t.handling[s].reported_at,
            issued_by=u.governance,
        )
        for s in (INSIDE, OUTSIDE)
    }
    t.patrol = {
        s: PatrolLog.objects.create(
            region=t.grid[s],
            day=dt.date(2021, 9, 3),
            households_visited=8,
            notes=f"{MARK_IN if s == INSIDE else MARK_OUT}·巡查",
            worker=reporter[s],
        )
        for s in (INSIDE, OUTSIDE)
    }


def pk(attr: str, key: str = "pk"):
    return lambda t, s: {key: getattr(t, attr)[s].pk}


def fields(attr: str):
    """Watch: the record's field values, read again from the database."""

    def watch(t, s):
        record = getattr(t, attr)[s]
        fresh = type(record).objects.get(pk=record.pk)
        return tuple(getattr(fresh, f.attname) for f in fresh._meta.concrete_fields)

    return watch


def count(model_path: str):
    def watch(t, s):
        from django.apps import apps

        return apps.get_model(model_path).objects.count()

    return watch


def report_form(t, s):
    return {
        "region": t.grid[s].pk,
        "category": t.category.pk,
        "description": "矩阵上报",
        "source": "patrol",
        "urgency": "normal",
    }


def patrol_form(t, s):
    return {"region": t.grid[s].pk, "day": "2021-09-06", "households_visited": "3", "notes": "矩阵巡查"}


def _publishable(t, s):
    """The public event inside; outside, an event of 易俗河镇 (not public either: 404 first)."""
    return t.public_event.pk if s == INSIDE else t.handling[s].pk


def _public_state(pk):
    from fazhi.grid.models import Event

    return Event.objects.filter(pk=pk).values_list("public_note", "public_reviewed_at").first()


def step(name: str):
    return lambda t, s: {"pk": (t.event if name == "accept" else t.handling)[s].pk, "name": name}


PAGES = [
    Row(
        "grid:service_worker",
        anywhere=E("200", {"200": "anonymous"}),
        note="the offline capture's service worker: the app's own static script, public like /static/",
    ),
    Row("grid:event_list", inside=LIST_IN, outside=LIST_OUT, marker=lambda t, s: t.event[s].description),
    Row("grid:event_export", anywhere=E("403", {"200": READ_ANY})),
    Row(
        "grid:event_map",
        anywhere=E("403", {"200": READ_ANY}),
        note="the map of the grids the user reads (their boundaries, open events): grid.view anywhere",
    ),
    Row("grid:event_report", anywhere=REPORT_FORM),
    Row(
        "grid:event_report",
        variant="POST",
        method="POST",
        data=report_form,
        watch=count("grid.Event"),
        inside=E("403 unchanged", {"302 changed": REPORT_IN, "400 unchanged": "grid_b"}),
        outside=E("403 unchanged", {"400 unchanged": REPORTERS}),
        note="the grid is a choice of the grids where the user holds grid.report",
    ),
    Row("grid:event_detail", kwargs=pk("event"), inside=RECORD_IN, outside=RECORD_OUT),
    Row(
        "grid:event_detail",
        variant="古塘村",
        kwargs=lambda t, s: {"pk": t.other_village[s].pk},
        inside=RECORD_OTHER_VILLAGE,
        note="歇马村's cadre and grid workers do not read 古塘村's events",
    ),
    Row(
        "grid:event_detail",
        variant="citizen masked",
        kwargs=pk("event"),
        inside=E(
            "403",
            {
                "200 shown": TOWN,  # core.view_pii over 石鼓镇
                "200 hidden": "grid_a cadre county two_regions grid_and_officer",
                "404": NOT_IN,
            },
        ),
        marker=lambda t, s: "13812345678",
        note="the citizen's phone in full only with core.view_pii in 石鼓镇",
    ),
    Row("grid:event_step", variant="accept", kwargs=step("accept"), inside=RECORD_IN, outside=RECORD_OUT),
    Row(
        "grid:event_step",
        variant="accept POST",
        method="POST",
        kwargs=step("accept"),
        data={},
        watch=fields("event"),
        inside=E(
            "403 unchanged",
            {
                "302 changed": "governance",
                "403 unchanged": f"{NO_STEPS_IN} cadre",
                "404 unchanged": NOT_IN,
            },
        ),
        outside=E("403 unchanged", {"403 unchanged": READ_OUT, "404 unchanged": NOT_OUT}),
        note="受理: the governance office over the event's town only",
    ),
    Row(
        "grid:event_step",
        variant="resolve POST",
        method="POST",
        kwargs=step("resolve"),
        data={"resolve-resolution_kind": "substantive", "resolve-resolution": "矩阵办结"},
        watch=fields("handling"),
        inside=E(
            "403 unchanged",
            {
                "302 changed": "governance cadre",
                "403 unchanged": NO_STEPS_IN,
                "404 unchanged": NOT_IN,
            },
        ),
        outside=E("403 unchanged", {"403 unchanged": READ_OUT, "404 unchanged": NOT_OUT}),
        note="办结: the cadre of the village it went to, or the governance office",
    ),
    Row(
        "grid:event_supervise",
        kwargs=lambda t, s: {"pk": t.handling[s].pk},
        inside=E("403", {"200": "governance"}),
        outside=E("403", {"404": "governance"}),
        note="督办: grid.handle (the governance office) over the event's town",
    ),
    Row(
        "grid:event_supervise",
        variant="POST",
        method="POST",
        kwargs=lambda t, s: {"pk": t.handling[s].pk},
        data={"level": "3", "note": "矩阵红牌督办"},
        watch=count("grid.Supervision"),
        inside=E("403 unchanged", {"302 changed": "governance"}),
        outside=E("403 unchanged", {"404 unchanged": "governance"}),
    ),
    Row(
        "grid:event_expedite",
        method="POST",
        kwargs=lambda t, s: {"pk": t.handling[s].pk},
        data={},
        watch=fields("handling"),
        inside=E("403 unchanged", {"302 changed": "governance"}),
        outside=E("403 unchanged", {"404 unchanged": "governance"}),
        note="加急: grid.handle (the governance office) over the event's town",
    ),
    Row(
        "grid:supervision_cancel",
        method="POST",
        kwargs=lambda t, s: {"pk": t.handling[s].pk, "supervision_pk": t.supervision[s].pk},
        data={},
        watch=fields("supervision"),
        inside=E("403 unchanged", {"302 changed": "governance"}),
        outside=E("403 unchanged", {"404 unchanged": "governance"}),
        note="取消督办: the record stays, marked cancelled",
    ),
    Row(
        "grid:event_publish",
        kwargs=lambda t, s: {"pk": _publishable(t, s)},
        inside=E("403", {"200": "governance"}),
        outside=E("403", {"404": "governance"}),
        note="公开审核 (what Open311 shows): grid.handle (the governance office) over the event's town",
    ),
    Row(
        "grid:event_publish",
        variant="POST",
        method="POST",
        kwargs=lambda t, s: {"pk": _publishable(t, s)},
        data={"description_public": "on", "public_note": "矩阵公开答复"},
        watch=lambda t, s: _public_state(_publishable(t, s)),
        inside=E("403 unchanged", {"302 changed": "governance"}),
        outside=E("403 unchanged", {"404 unchanged": "governance"}),
    ),
    Row("grid:patrol_list", inside=LIST_IN, outside=LIST_OUT, marker=lambda t, s: t.patrol[s].notes),
    Row("grid:patrol_create", anywhere=REPORT_FORM),
    Row(
        "grid:patrol_create",
        variant="POST",
        method="POST",
        data=patrol_form,
        watch=count("grid.PatrolLog"),
        inside=E("403 unchanged", {"302 changed": REPORT_IN, "400 unchanged": "grid_b"}),
        outside=E("403 unchanged", {"400 unchanged": REPORTERS}),
    ),
]

P = "v1_grid"


def api_pk(attr: str):
    return pk(attr, "id")


def _upload(name="现场照片.jpg"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    # a minimal JPEG (SOI, APP0 JFIF, EOI): sniffed as image/jpeg
    return SimpleUploadedFile(
        name, b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9", "image/jpeg"
    )


def event_files(t, s):
    from fazhi.core.models import Attachment

    return Attachment.objects.filter(owner_id=str(t.event[s].pk)).count()


CREATES_IN = E("403 unchanged", {"201 changed": REPORT_IN, "400 unchanged": "grid_b"})
CREATES_OUT = E("403 unchanged", {"400 unchanged": REPORTERS})

OPERATIONS = [
    Row(f"{P}_events_list", inside=LIST_IN, outside=LIST_OUT, marker=lambda t, s: t.event[s].description),
    Row(
        f"{P}_events_create",
        encoding="json",
        data=report_form,
        watch=count("grid.Event"),
        inside=CREATES_IN,
        outside=CREATES_OUT,
        note="reports through workflow.report: grid.report over the grid, else the grid is not a choice",
    ),
    Row(f"{P}_events_retrieve", kwargs=api_pk("event"), inside=RECORD_IN, outside=RECORD_OUT),
    Row(
        f"{P}_events_retrieve",
        variant="citizen masked",
        kwargs=api_pk("event"),
        inside=E(
            "403",
            {
                "200 shown": TOWN,  # core.view_pii over 石鼓镇
                "200 hidden": "grid_a cadre county two_regions grid_and_officer",
                "404": NOT_IN,
            },
        ),
        marker=lambda t, s: "13812345678",
    ),
    Row(
        f"{P}_events_attachments_create",
        kwargs=api_pk("event"),
        encoding="multipart",
        data=lambda t, s: {"file": _upload()},
        watch=event_files,
        inside=E(
            "403 unchanged",
            {
                "201 changed": REPORT_IN,
                "404 unchanged": "grid_b",
                "403 unchanged": "leader judicial county two_regions",
            },
        ),
        outside=E(
            "403 unchanged",
            {
                "404 unchanged": "governance grid_a grid_b cadre",
                "403 unchanged": "leader judicial county two_regions grid_and_officer",
            },
        ),
        note="a photo: grid.report over the event's grid (a reader without it, e.g. an officer: 403)",
    ),
    Row(f"{P}_events_steps_list", kwargs=api_pk("event"), inside=RECORD_IN, outside=RECORD_OUT),
    Row(
        f"{P}_events_steps_create",
        variant="accept",
        kwargs=lambda t, s: {"id": t.event[s].pk, "step": "accept"},
        encoding="json",
        data={},
        watch=fields("event"),
        inside=E(
            "403 unchanged",
            {
                "200 changed": "governance",
                "403 unchanged": f"{NO_STEPS_IN} cadre",
                "404 unchanged": NOT_IN,
            },
        ),
        outside=E("403 unchanged", {"403 unchanged": READ_OUT, "404 unchanged": NOT_OUT}),
    ),
    Row(
        f"{P}_events_steps_create",
        variant="resolve",
        kwargs=lambda t, s: {"id": t.handling[s].pk, "step": "resolve"},
        encoding="json",
        data={"resolution_kind": "substantive", "resolution": "矩阵办结"},
        watch=fields("handling"),
        inside=E(
            "403 unchanged",
            {
                "200 changed": "governance cadre",
                "403 unchanged": NO_STEPS_IN,
                "404 unchanged": NOT_IN,
            },
        ),
        outside=E("403 unchanged", {"403 unchanged": READ_OUT, "404 unchanged": NOT_OUT}),
    ),
    Row(f"{P}_categories_list", anywhere=E("403", {"200": READ_ANY})),
    Row(
        f"{P}_categories_retrieve",
        kwargs=lambda t, s: {"id": t.category.pk},
        anywhere=E("403", {"200": READ_ANY}),
    ),
    Row(f"{P}_patrols_list", inside=LIST_IN, outside=LIST_OUT, marker=lambda t, s: t.patrol[s].notes),
    Row(
        f"{P}_patrols_create",
        encoding="json",
        data=patrol_form,
        watch=count("grid.PatrolLog"),
        inside=CREATES_IN,
        outside=CREATES_OUT,
    ),
    Row(f"{P}_patrols_retrieve", kwargs=api_pk("patrol"), inside=RECORD_IN, outside=RECORD_OUT),
]

# --- Open311 GeoReport v2 (/open311/v2/): public reads, a POST only with a client system's key ---

OPEN = E("200", {"200": "anonymous"})  # everyone, signed in or not
NOT_FOUND = E("404", {"404": "anonymous"})


def town(t, s):
    return {"jurisdiction_id": t.regions.town.code}


def fmt(**more):
    return lambda t, s: {"fmt": "json", **more}


def open311_post(t, s):
    return {
        **town(t, s),
        "api_key": "guessed-key",
        "service_code": "0401",
        "lat": "27.81",
        "long": "112.93",
        "description": "矩阵提交",
    }


OPEN311 = [
    Row("open311:discovery", anywhere=OPEN),
    Row("open311:discovery_format", kwargs=fmt(), anywhere=OPEN),
    Row("open311:services", kwargs=fmt(), query=town, anywhere=OPEN, note="the public categories only"),
    Row("open311:service", kwargs=fmt(code="0401"), query=town, anywhere=OPEN),
    Row(
        "open311:service",
        variant="not public",
        kwargs=fmt(code="0101"),
        query=town,
        anywhere=NOT_FOUND,
        note="矛盾纠纷 is not a public category: no such service",
    ),
    Row(
        "open311:requests",
        kwargs=fmt(),
        query=town,
        anywhere=E("200 shown", {"200 shown": "anonymous"}),
        marker=lambda t, s: f'"service_request_id": "{t.public_event.pk}"',
    ),
    Row(
        "open311:requests",
        variant="not public",
        kwargs=fmt(),
        query=town,
        anywhere=E("200 hidden", {"200 hidden": "anonymous"}),
        marker=lambda t, s: t.event[INSIDE].description,
        note="an event of a non-public category never appears, whoever asks",
    ),
    Row(
        "open311:requests",
        variant="no phone",
        kwargs=fmt(),
        query=town,
        anywhere=E("200 hidden", {"200 hidden": "anonymous"}),
        marker=lambda t, s: "13812345678",
    ),
    Row(
        "open311:requests",
        variant="POST",
        method="POST",
        kwargs=fmt(),
        data=open311_post,
        watch=count("grid.Event"),
        anywhere=E("403 unchanged", {"403 unchanged": "anonymous"}),
        note="a POST needs a client system's api_key (no session or role stands for one)",
    ),
    Row(
        "open311:request",
        kwargs=lambda t, s: {"fmt": "json", "pk": t.public_event.pk},
        query=town,
        anywhere=OPEN,
    ),
    Row(
        "open311:request",
        variant="not public",
        kwargs=lambda t, s: {"fmt": "json", "pk": t.event[INSIDE].pk},
        query=town,
        anywhere=NOT_FOUND,
    ),
]
PAGES += OPEN311

TABLE = Table(
    app="grid",
    title="grid — 网格化治理 / grid governance",
    build=build,
    pages=PAGES,
    operations=OPERATIONS,
    url_namespaces=("grid", "open311"),
    operation_prefixes=(f"{P}_",),
    intro=__doc__.split("\n\n", 1)[1].strip(),
)
