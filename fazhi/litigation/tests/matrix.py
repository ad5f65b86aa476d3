"""Litigation's authorization table: every page and API operation, reads inside (石鼓镇) and
outside (易俗河镇) scope, and writes.

Written by hand from the intended rules (docs/security.md is generated from it):
- reading the register needs `litigation.view` over the case's region: 石鼓镇's town_leader,
  judicial_office, enforcement officers, legal_reviewer and gov_office, the county supervisor
  everywhere; 易俗河镇's officer reads 易俗河镇 only (404 in 石鼓镇). Roles without it anywhere
  (综治办, 信访办, grid workers, cadres, the adviser, the three system administrators) get 403.
- registering a case and recording its hearing and result need `litigation.manage` over its
  region: 司法所, the enforcement officers and 党政办; the town leader and the reviewer read only
  (403). A case placed outside the writer's scope is a bad choice (400).
- the applicant's name is masked on the page; a role with `core.view_pii` in the case's region
  reveals it by core's ledgered request (the county supervisor reads the register without it).
"""

from __future__ import annotations

from fazhi.testing.matrix import INSIDE, OUTSIDE, E, Row, Table

READ_IN = "leader judicial officer officer2 reviewer gov_office county two_regions"
NOT_IN = "other_officer grid_and_officer"
READ_OUT = "county two_regions other_officer grid_and_officer"
NOT_OUT = "leader judicial officer officer2 reviewer gov_office"
MANAGE_NOT_OUT = "judicial officer officer2 gov_office"  # litigation.manage in 石鼓镇 only
MANAGE_IN = "judicial officer officer2 gov_office"
MANAGE_OUT = "other_officer two_regions grid_and_officer"
MANAGERS = f"{MANAGE_IN} {MANAGE_OUT}"

LIST_IN = E("403", {"200 shown": READ_IN, "200 hidden": NOT_IN})
LIST_OUT = E("403", {"200 shown": READ_OUT, "200 hidden": NOT_OUT})
RECORD_IN = E("403", {"200": READ_IN, "404": NOT_IN})
RECORD_OUT = E("403", {"200": READ_OUT, "404": NOT_OUT})


def writes(ok: str, *, inside: bool) -> E:
    if inside:
        return E(
            "403 unchanged",
            {ok: MANAGE_IN, "404 unchanged": NOT_IN, "403 unchanged": "leader reviewer county two_regions"},
        )
    return E(
        "403 unchanged",
        {
            ok: "other_officer grid_and_officer two_regions",
            "404 unchanged": MANAGE_NOT_OUT,
        },
    )


def creates(ok: str, *, inside: bool, bad: str = "400 unchanged") -> E:
    if inside:
        return E("403 unchanged", {ok: MANAGE_IN, bad: MANAGE_OUT})
    return E("403 unchanged", {ok: MANAGE_OUT, bad: MANAGE_IN})


MARK_IN, MARK_OUT = "石鼓矩阵复议", "易俗河矩阵复议"


def build(t) -> None:
    from fazhi.litigation.testing import build_proceeding

    r = t.regions
    t.region = {INSIDE: r.town, OUTSIDE: r.other_town}
    t.proceeding = {
        INSIDE: build_proceeding(r.town, subject=MARK_IN, applicant="李石鼓"),
        OUTSIDE: build_proceeding(r.other_town, subject=MARK_OUT, applicant="李易俗"),
    }


def pk(t, s):
    return {"pk": t.proceeding[s].pk}


def api_pk(t, s):
    return {"id": t.proceeding[s].pk}


def count(t, s):
    from fazhi.litigation.models import Proceeding

    return Proceeding.objects.count()


def result(t, s):
    from fazhi.litigation.models import Proceeding

    p = Proceeding.objects.get(pk=t.proceeding[s].pk)
    return (p.result, p.concluded_on)


def form(t, s):
    return {
        "route": "review",
        "matter": "penalty",
        "region": t.region[s].pk,
        "subject": "矩阵登记复议",
        "organ": "湘潭县人民政府",
        "applicant": "王某",
        "applicant_kind": "citizen",
        "filed_on": "2021-10-08",
        "result": "pending",
    }


def edit_form(t, s):
    p = t.proceeding[s]
    return {
        "route": p.route,
        "matter": p.matter,
        "subject": p.subject,
        "organ": p.organ,
        "applicant": p.applicant,
        "applicant_kind": p.applicant_kind,
        "filed_on": p.filed_on.isoformat(),
        "concluded_on": "2021-12-01",
        "result": "upheld",
    }


PAGES = [
    Row("litigation:index", inside=LIST_IN, outside=LIST_OUT, marker=lambda t, s: t.proceeding[s].subject),
    Row("litigation:create", anywhere=E("403", {"200": MANAGERS})),
    Row(
        "litigation:create",
        variant="POST",
        method="POST",
        data=form,
        watch=count,
        inside=creates("302 changed", inside=True),
        outside=creates("302 changed", inside=False),
        note="the region must be within the writer's scope",
    ),
    Row("litigation:detail", kwargs=pk, inside=RECORD_IN, outside=RECORD_OUT),
    Row(
        "litigation:detail",
        variant="applicant masked",
        kwargs=pk,
        marker=lambda t, s: t.proceeding[s].applicant,
        inside=E("403", {"200 hidden": READ_IN, "404": NOT_IN}),
        outside=E("403", {"200 hidden": READ_OUT, "404": NOT_OUT}),
        note="the name is masked on the page; core.view_pii reveals it by a ledgered request",
    ),
    Row(
        "litigation:edit",
        kwargs=pk,
        inside=E("403", {"200": MANAGE_IN, "404": NOT_IN}),
        outside=E("403", {"200": MANAGE_OUT, "404": MANAGE_NOT_OUT}),
    ),
    Row(
        "litigation:edit",
        variant="POST",
        method="POST",
        kwargs=pk,
        data=edit_form,
        watch=result,
        inside=writes("302 changed", inside=True),
        outside=writes("302 changed", inside=False),
    ),
]

P = "v1_litigation"


def api_form(t, s):
    data = form(t, s)
    data.pop("result")
    return data


OPERATIONS = [
    Row(
        f"{P}_proceedings_list", inside=LIST_IN, outside=LIST_OUT, marker=lambda t, s: t.proceeding[s].subject
    ),
    Row(f"{P}_proceedings_retrieve", kwargs=api_pk, inside=RECORD_IN, outside=RECORD_OUT),
    Row(
        f"{P}_proceedings_create",
        method="POST",
        encoding="json",
        data=api_form,
        watch=count,
        inside=creates("201 changed", inside=True),
        outside=creates("201 changed", inside=False),
    ),
    Row(
        f"{P}_proceedings_partial_update",
        method="PATCH",
        encoding="json",
        kwargs=api_pk,
        data={"concluded_on": "2021-12-01", "result": "corrected"},
        watch=result,
        inside=writes("200 changed", inside=True),
        outside=writes("200 changed", inside=False),
    ),
]

TABLE = Table(
    app="litigation",
    title="litigation — 行政复议与行政诉讼 / administrative reconsideration and litigation",
    build=build,
    pages=PAGES,
    operations=OPERATIONS,
    url_namespaces=("litigation",),
    operation_prefixes=("v1_litigation_",),
    intro=__doc__.split("\n\n", 1)[1].strip(),
)
