"""Disclosure's authorization table: every page and API operation, reads inside (石鼓镇: a request
to 石鼓镇) and outside (易俗河镇: a request to 易俗河镇) scope, and writes.

Written by hand from the intended rules (docs/security.md is generated from it):
- reading needs `disclosure.view` over the record's town: 石鼓镇's town_leader, judicial_office and
  gov_office, the county supervisor everywhere; 易俗河镇's 党政办 and town leader read 易俗河镇 only.
  A role without it anywhere gets 403; with it, but not over the record, 404.
- registering a request, a 复议/诉讼 case or a yearly count needs `disclosure.handle` (党政办) over
  the town; a town outside the writer's scope is a bad choice (400).
- the steps of a request need the 党政办 over its town; the extension needs the town leader who
  holds the post of head of the disclosure office in the staff register (条例 第三十三条); the
  judicial office and the county read but do not act (403).
- applicants' names and contacts in full only with `core.view_pii` in the record's region.
"""

from __future__ import annotations

from fazhi.testing.matrix import INSIDE, OUTSIDE, E, Row, Table, add_principals

OWN = add_principals(
    yisuhe_office="党政办 gov_office · 易俗河镇",
    yisuhe_leader="镇领导 town_leader · 易俗河镇 (head of its disclosure office)",
)

READ_IN = "leader judicial gov_office county two_regions"
NOT_IN = "yisuhe_office yisuhe_leader"
READ_OUT = "county two_regions yisuhe_office yisuhe_leader"
NOT_OUT = "leader judicial gov_office"
READ_ANY = f"{READ_IN} {NOT_IN}"

LIST_IN = E("403", {"200 shown": READ_IN, "200 hidden": NOT_IN})
LIST_OUT = E("403", {"200 shown": READ_OUT, "200 hidden": NOT_OUT})
RECORD_IN = E("403", {"200": READ_IN, "404": NOT_IN})
RECORD_OUT = E("403", {"200": READ_OUT, "404": NOT_OUT})
HANDLERS_FORM = E("403", {"200": "gov_office yisuhe_office"})


def creates(ok: str, *, inside: bool) -> E:
    """A 党政办's new record for a town (400: a town outside the writer's scope)."""
    mine, theirs = ("gov_office", "yisuhe_office") if inside else ("yisuhe_office", "gov_office")
    return E("403 unchanged", {ok: mine, "400 unchanged": theirs})


def handles(ok: str, *, inside: bool) -> E:
    """A step of REQUEST taken by the 党政办 over the request's town."""
    if inside:
        return E(
            "403 unchanged",
            {
                ok: "gov_office",
                "403 unchanged": "leader judicial county two_regions",
                "404 unchanged": NOT_IN,
            },
        )
    return E(
        "403 unchanged",
        {ok: "yisuhe_office", "403 unchanged": "county two_regions yisuhe_leader", "404 unchanged": NOT_OUT},
    )


def approves(ok: str, *, inside: bool) -> E:
    """The extension: the town leader holding the post of head of the disclosure office."""
    if inside:
        return E(
            "403 unchanged",
            {
                ok: "leader",
                "403 unchanged": "judicial gov_office county two_regions",
                "404 unchanged": NOT_IN,
            },
        )
    return E(
        "403 unchanged",
        {ok: "yisuhe_leader", "403 unchanged": "county two_regions yisuhe_office", "404 unchanged": NOT_OUT},
    )


def edits(ok: str, *, inside: bool) -> E:
    """An API change of a register row by the 党政办 over its town."""
    if inside:
        return E("403 unchanged", {ok: "gov_office", "404 unchanged": "yisuhe_office"})
    return E("403 unchanged", {ok: "yisuhe_office", "404 unchanged": "gov_office"})


MARK_IN, MARK_OUT = "石鼓矩阵申请信息", "易俗河矩阵申请信息"


def build(t) -> None:
    import datetime as dt

    from fazhi.conftest import make_user
    from fazhi.core.walk import Walker
    from fazhi.disclosure import workflow
    from fazhi.disclosure.forms import RequestForm, register_request
    from fazhi.disclosure.models import YearlyFigure
    from fazhi.disclosure.testing import STEP_DEFAULTS, head_of_office, request_data

    r, u = t.regions, t.users
    u.yisuhe_office = make_user("yisuhe_office", "gov_office", r.other_town, "易俗河党政办")
    u.yisuhe_leader = make_user("yisuhe_leader", "town_leader", r.other_town, "易俗河镇长")
    head_of_office(u.leader, r.town)
    head_of_office(u.yisuhe_leader, r.other_town)
    t.town = {INSIDE: r.town, OUTSIDE: r.other_town}
    t.office = {INSIDE: u.gov_office, OUTSIDE: u.yisuhe_office}

    def make(scope, description):
        form = RequestForm(request_data(t.town[scope], description=description), user=t.office[scope])
        assert form.is_valid(), form.errors
        return register_request(form, t.office[scope])

    t.request = {s: make(s, m) for s, m in ((INSIDE, MARK_IN), (OUTSIDE, MARK_OUT))}
    walker = Walker(workflow, defaults=STEP_DEFAULTS)
    t.replied = {}
    for scope in (INSIDE, OUTSIDE):
        req = make(scope, f"已答复{scope}")
        walker.step(req, "reply", user=t.office[scope])
        t.replied[scope] = req
    t.yearly = {
        s: YearlyFigure.objects.create(
            region=t.town[s], year=2021, item="permits", value=7, source=f"矩阵许可台账{s}"
        )
        for s in (INSIDE, OUTSIDE)
    }
    from fazhi.disclosure import proactive
    from fazhi.disclosure.models import CatalogueItem, Publication

    t.item = {
        s: CatalogueItem.objects.create(
            region=t.town[s],
            domain="政府文件",
            code="1",
            level1="政策文件",
            level2=f"矩阵目录事项{s}",
            content="文件全文",
            publisher="镇人民政府",
        )
        for s in (INSIDE, OUTSIDE)
    }
    t.publication = {
        s: proactive.save_publication(
            Publication(
                region=t.town[s], item=t.item[s], title=f"矩阵公开信息{s}", made_on=dt.date(2021, 9, 1)
            ),
            t.office[s],
        )
        for s in (INSIDE, OUTSIDE)
    }


def pk(attr):
    return lambda t, s: {"pk": getattr(t, attr)[s].pk}


def count(label):
    def watch(t, s):
        from django.apps import apps

        return apps.get_model(label).objects.count()

    return watch


def state(t, s):
    from fazhi.disclosure.models import Request

    return Request.objects.get(pk=t.request[s].pk).state


def request_form(t, s):
    from fazhi.disclosure.testing import request_data

    return request_data(t.town[s], description="矩阵登记申请")


def yearly_form(t, s):
    return {"region": t.town[s].pk, "year": 2021, "item": "fees", "value": "1.2", "source": "财政所收费台账"}


REPLY = {"reply-outcome": "1", "reply-replied_on": "2021-09-30", "reply-reply": "现将信息提供给您"}
EXTEND = {"extend-days": "5", "extend-reason": "需调取档案", "extend-told": "on"}


def publication_form(t, s):
    return {
        "region": t.town[s].pk,
        "kind": "item",
        "title": "矩阵登记公开信息",
        "made_on": "2021-09-01",
        "time_limit_days": 20,
    }


def catalogue_form(t, s):
    return {
        "region": t.town[s].pk,
        "domain": "财政预决算",
        "code": "9",
        "level1": "财政预决算",
        "level2": "镇级预算",
        "content": "预算报告",
        "time_limit_days": 20,
        "publisher": "镇人民政府",
        "audience": "all",
        "mode": "proactive",
        "level": "town",
        "active": "on",
    }


def channel_count(t, s):
    from fazhi.disclosure.models import PublicationChannel

    return PublicationChannel.objects.filter(publication=t.publication[s]).count()


PAGES = [
    Row("disclosure:index", anywhere=E("403", {"200": READ_ANY})),
    Row("disclosure:request_list", inside=LIST_IN, outside=LIST_OUT, marker=lambda t, s: t.request[s].number),
    Row("disclosure:request_export", anywhere=E("403", {"200": READ_ANY})),
    Row("disclosure:request_create", anywhere=HANDLERS_FORM),
    Row(
        "disclosure:request_create",
        variant="POST",
        method="POST",
        data=request_form,
        watch=count("disclosure.Request"),
        inside=creates("302 changed", inside=True),
        outside=creates("302 changed", inside=False),
        note="the town must be one where the writer is the 党政办",
    ),
    Row("disclosure:request_detail", kwargs=pk("request"), inside=RECORD_IN, outside=RECORD_OUT),
    Row(
        "disclosure:request_step",
        variant="reply",
        kwargs=lambda t, s: {"pk": t.request[s].pk, "name": "reply"},
        inside=RECORD_IN,
        outside=RECORD_OUT,
        note="GET: the step's form, or the reason it is refused",
    ),
    Row(
        "disclosure:request_step",
        variant="reply POST",
        method="POST",
        kwargs=lambda t, s: {"pk": t.request[s].pk, "name": "reply"},
        data=REPLY,
        watch=state,
        inside=handles("302 changed", inside=True),
        outside=handles("302 changed", inside=False),
        note="a step of REQUEST: only the 党政办 over the request's town",
    ),
    Row(
        "disclosure:request_step",
        variant="extend POST",
        method="POST",
        kwargs=lambda t, s: {"pk": t.request[s].pk, "name": "extend"},
        data=EXTEND,
        watch=count("core.DeadlineExtension"),
        inside=approves("302 changed", inside=True),
        outside=approves("302 changed", inside=False),
        note="条例第三十三条: the head of the disclosure office (a post in the staff register)",
    ),
    Row("disclosure:request_document", kwargs=pk("replied"), inside=RECORD_IN, outside=RECORD_OUT),
    Row("disclosure:annual", anywhere=E("403", {"200": READ_ANY})),
    Row("disclosure:yearly_list", inside=LIST_IN, outside=LIST_OUT, marker=lambda t, s: t.yearly[s].source),
    Row("disclosure:yearly_create", anywhere=HANDLERS_FORM),
    Row(
        "disclosure:yearly_create",
        variant="POST",
        method="POST",
        data=yearly_form,
        watch=count("disclosure.YearlyFigure"),
        inside=creates("302 changed", inside=True),
        outside=creates("302 changed", inside=False),
    ),
    Row("disclosure:catalogue_list", inside=LIST_IN, outside=LIST_OUT, marker=lambda t, s: t.item[s].level2),
    Row("disclosure:catalogue_create", anywhere=HANDLERS_FORM),
    Row(
        "disclosure:catalogue_create",
        variant="POST",
        method="POST",
        data=catalogue_form,
        watch=count("disclosure.CatalogueItem"),
        inside=creates("302 changed", inside=True),
        outside=creates("302 changed", inside=False),
    ),
    Row(
        "disclosure:publication_list",
        inside=LIST_IN,
        outside=LIST_OUT,
        marker=lambda t, s: t.publication[s].title,
    ),
    Row("disclosure:publication_create", anywhere=HANDLERS_FORM),
    Row(
        "disclosure:publication_create",
        variant="POST",
        method="POST",
        data=publication_form,
        watch=count("disclosure.Publication"),
        inside=creates("302 changed", inside=True),
        outside=creates("302 changed", inside=False),
    ),
    Row("disclosure:publication_detail", kwargs=pk("publication"), inside=RECORD_IN, outside=RECORD_OUT),
    Row(
        "disclosure:publication_detail",
        variant="POST",
        method="POST",
        kwargs=pk("publication"),
        data={"channel": "board", "published_on": "2021-09-10", "place": "公开栏"},
        watch=channel_count,
        inside=E(
            "403 unchanged",
            {
                "302 changed": "gov_office",
                "403 unchanged": "leader judicial county two_regions",
                "404 unchanged": NOT_IN,
            },
        ),
        outside=E(
            "403 unchanged",
            {
                "302 changed": "yisuhe_office",
                "403 unchanged": "county two_regions yisuhe_leader",
                "404 unchanged": NOT_OUT,
            },
        ),
        note="recording a publication: the 党政办 over the town",
    ),
    Row("disclosure:directory", anywhere=E("403", {"200": READ_ANY})),
    Row(
        "disclosure:directory",
        variant="POST",
        method="POST",
        data=lambda t, s: {"town": t.town[s].pk},
        watch=count("disclosure.Publication"),
        inside=E("403 unchanged", {"302 changed": "gov_office"}),
        outside=E("403 unchanged", {"302 changed": "yisuhe_office"}),
        note="publishing the staff directory of a town: its 党政办",
    ),
    # The public pages (网上申请 / 网上信访, fazhi/disclosure/online.py): open to everyone, signed in or not.
    Row("disclosure_public:apply", anywhere=E("200", {"200": "anonymous"}), note="public page (no account)"),
    Row("disclosure_public:track", anywhere=E("200", {"200": "anonymous"}), note="public page (no account)"),
]

P = "v1_disclosure"


def api_pk(attr):
    return lambda t, s: {"id": getattr(t, attr)[s].pk}


def api_request(t, s):
    return {
        "region": t.town[s].pk,
        "applicant_type": "natural",
        "applicant_name": "张三",
        "identity_proof": "居民身份证",
        "phone": "13807320000",
        "description": "接口登记申请",
        "channel": "online",
        "submitted_on": "2021-09-13",
        "received_on": "2021-09-14",
    }


OPERATIONS = [
    Row(f"{P}_requests_list", inside=LIST_IN, outside=LIST_OUT, marker=lambda t, s: t.request[s].number),
    Row(f"{P}_requests_retrieve", kwargs=api_pk("request"), inside=RECORD_IN, outside=RECORD_OUT),
    Row(
        f"{P}_requests_create",
        method="POST",
        encoding="json",
        data=api_request,
        watch=count("disclosure.Request"),
        inside=creates("201 changed", inside=True),
        outside=creates("201 changed", inside=False),
    ),
    Row(f"{P}_requests_steps_list", kwargs=api_pk("request"), inside=RECORD_IN, outside=RECORD_OUT),
    Row(
        f"{P}_requests_steps_create",
        variant="reply",
        method="POST",
        encoding="json",
        kwargs=lambda t, s: {"id": t.request[s].pk, "step": "reply"},
        data={"outcome": "1", "replied_on": "2021-09-30", "reply": "现将信息提供给您"},
        watch=state,
        inside=handles("200 changed", inside=True),
        outside=handles("200 changed", inside=False),
    ),
    Row(f"{P}_catalogue_list", inside=LIST_IN, outside=LIST_OUT, marker=lambda t, s: t.item[s].level2),
    Row(f"{P}_catalogue_retrieve", kwargs=api_pk("item"), inside=RECORD_IN, outside=RECORD_OUT),
    Row(
        f"{P}_catalogue_create",
        method="POST",
        encoding="json",
        data=lambda t, s: {k: v for k, v in catalogue_form(t, s).items() if k != "active"},
        watch=count("disclosure.CatalogueItem"),
        inside=creates("201 changed", inside=True),
        outside=creates("201 changed", inside=False),
    ),
    Row(f"{P}_items_list", inside=LIST_IN, outside=LIST_OUT, marker=lambda t, s: t.publication[s].title),
    Row(f"{P}_items_retrieve", kwargs=api_pk("publication"), inside=RECORD_IN, outside=RECORD_OUT),
    Row(
        f"{P}_items_create",
        method="POST",
        encoding="json",
        data=publication_form,
        watch=count("disclosure.Publication"),
        inside=creates("201 changed", inside=True),
        outside=creates("201 changed", inside=False),
    ),
    Row(f"{P}_yearly_figures_list", inside=LIST_IN, outside=LIST_OUT, marker=lambda t, s: t.yearly[s].source),
    Row(f"{P}_yearly_figures_retrieve", kwargs=api_pk("yearly"), inside=RECORD_IN, outside=RECORD_OUT),
    Row(
        f"{P}_yearly_figures_create",
        method="POST",
        encoding="json",
        data=yearly_form,
        watch=count("disclosure.YearlyFigure"),
        inside=creates("201 changed", inside=True),
        outside=creates("201 changed", inside=False),
    ),
]

TABLE = Table(
    app="disclosure",
    title="disclosure — 政务公开 / government information disclosure",
    build=build,
    pages=PAGES,
    operations=OPERATIONS,
    url_namespaces=("disclosure", "disclosure_public"),
    operation_prefixes=("v1_disclosure_",),
    intro=__doc__.split("\n\n", 1)[1].strip(),
    principals=OWN,
)
