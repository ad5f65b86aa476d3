"""Petitions' authorization table: every page and API operation, reads inside (石鼓镇: a matter
of 歇马村) and outside (易俗河镇: a matter of 城东村) scope, and writes.

Written by hand from the intended rules (docs/security.md is generated from it):
- reading needs `petitions.view` over the record's region: 石鼓镇's town_leader, judicial_office,
  governance_office and petition_office, the county supervisor everywhere (masked: no
  core.view_pii). Grid workers, village cadres, enforcement staff, the legal adviser, the 党政办
  and the system roles hold none: 403 everywhere. With it, but not over the record: 404.
- registering a matter, a petitioner, a registration, a 包案 or a 三无 item needs
  `petitions.handle` (信访办) over the place; a place outside the registrar's scope is a bad
  choice (400).
- the steps: 信访办 over the matter's region; the extension (not in this table's steps) by a
  镇领导; readers without the role 403.
- receptions: `petitions.receive` (leaders and 信访办), recorded by the leader themself;
  包案 progress: the case's leader or 信访办.
"""

from __future__ import annotations

from fazhi.testing.matrix import INSIDE, OUTSIDE, E, Row, Table, add_principals

OWN = add_principals(
    other_petition="信访办 petition_office · 易俗河镇",
    other_leader="镇领导 town_leader · 易俗河镇",
)

READ_IN = "leader judicial governance petition county two_regions"
NOT_IN = "other_petition other_leader"
READ_OUT = "county two_regions other_petition other_leader"
NOT_OUT = "leader judicial governance petition"
READ_ANY = f"{READ_IN} {NOT_IN}"

LIST_IN = E("403", {"200 shown": READ_IN, "200 hidden": NOT_IN})
LIST_OUT = E("403", {"200 shown": READ_OUT, "200 hidden": NOT_OUT})
RECORD_IN = E("403", {"200": READ_IN, "404": NOT_IN})
RECORD_OUT = E("403", {"200": READ_OUT, "404": NOT_OUT})
HANDLE_FORM_IN = E("403", {"200": "petition", "404": "other_petition"})
HANDLE_FORM_OUT = E("403", {"200": "other_petition", "404": "petition"})


def handles(ok: str, *, inside: bool) -> E:
    """A 信访办 write on a matter (a form behind `petitions.handle`)."""
    if inside:
        return E("403 unchanged", {ok: "petition", "404 unchanged": "other_petition"})
    return E("403 unchanged", {ok: "other_petition", "404 unchanged": "petition"})


def steps(ok: str, *, inside: bool) -> E:
    if inside:
        return E(
            "403 unchanged",
            {
                ok: "petition",
                "403 unchanged": "leader judicial governance county two_regions",
                "404 unchanged": NOT_IN,
            },
        )
    return E(
        "403 unchanged",
        {ok: "other_petition", "403 unchanged": "county two_regions other_leader", "404 unchanged": NOT_OUT},
    )


def place_write(ok: str, who_in: str, who_out: str, *, inside: bool) -> E:
    """A registration of a new record at a place: in scope `ok`, out of scope a bad choice."""
    if inside:
        return E("403 unchanged", {ok: who_in, "400 unchanged": who_out})
    return E("403 unchanged", {ok: who_out, "400 unchanged": who_in})


# --- the tree ---------------------------------------------------------------------------------

MARK_IN, MARK_OUT = "歇马矩阵信访", "城东矩阵信访"


def build(t) -> None:
    import datetime as dt

    from fazhi.conftest import make_user
    from fazhi.petitions.models import Case, Reception, Standing
    from fazhi.petitions.testing import STEP_DEFAULTS, create_matter
    from fazhi.petitions.workflow import MATTER

    r, u = t.regions, t.users
    u.other_petition = make_user("other_petition", "petition_office", r.other_town, "易俗河信访办")
    u.other_leader = make_user("other_leader", "town_leader", r.other_town, "易俗河镇长")
    office = {INSIDE: u.petition, OUTSIDE: u.other_petition}
    leader = {INSIDE: u.leader, OUTSIDE: u.other_leader}
    t.region = {INSIDE: r.village_a, OUTSIDE: r.other_village}
    t.town = {INSIDE: r.town, OUTSIDE: r.other_town}
    t.leader = leader
    fake_users = type("U", (), {})
    t.matter, t.accepted, t.case, t.reception, t.registration = {}, {}, {}, {}, {}
    for scope in (INSIDE, OUTSIDE):
        who = fake_users()
        who.petition = office[scope]
        mark = MARK_IN if scope == INSIDE else MARK_OUT
        t.matter[scope] = create_matter(who, t.region[scope], title=mark)
        accepted = create_matter(who, t.region[scope], title=f"已受理{scope}")
        MATTER.fire(accepted, "accept", office[scope], STEP_DEFAULTS["accept"][1])
        accepted.refresh_from_db()
        t.accepted[scope] = accepted
        t.registration[scope] = accepted.registrations.get()
        t.case[scope] = Case.objects.create(
            matter=accepted,
            region=accepted.region,
            leader=leader[scope],
            plan=f"矩阵包案方案{scope}",
            target_on=dt.date(2021, 12, 31),
        )
        t.reception[scope] = Reception.objects.create(
            region=t.region[scope],
            leader=leader[scope],
            kind=Reception.Kind.DOWN,
            held_on=dt.date(2021, 9, 10),
            place=f"矩阵接访地点{scope}",
        )
        Standing.objects.create(
            region=t.town[scope], year=2020, item="无群体性事件", met=True, evidence=f"矩阵三无证明{scope}"
        )


def pk(attr):
    return lambda t, s: {"pk": getattr(t, attr)[s].pk}


def count(label):
    def watch(t, s):
        from django.apps import apps

        return apps.get_model(label).objects.count()

    return watch


def matter_state(t, s):
    from fazhi.petitions.models import Matter

    return Matter.objects.get(pk=t.matter[s].pk).state


def case_notes(t, s):
    from fazhi.petitions.models import CaseNote

    return CaseNote.objects.filter(case=t.case[s]).count()


def matter_form(t, s):
    return {
        "region": t.region[s].pk,
        "received_on": "2021-09-01",
        "form": "letter",
        "source": "own",
        "title": "矩阵登记信访",
        "content": "反映问题",
        "kind": "claim",
        "category": "rural",
        "persons": 1,
        "petitioner_name": "甲某",
    }


PAGES = [
    Row("petitions:index", anywhere=E("403", {"200": READ_ANY})),
    Row("petitions:matter_list", inside=LIST_IN, outside=LIST_OUT, marker=lambda t, s: t.matter[s].title),
    Row("petitions:matter_export", anywhere=E("403", {"200": READ_ANY})),
    Row("petitions:matter_create", anywhere=E("403", {"200": "petition other_petition"})),
    Row(
        "petitions:matter_create",
        variant="POST",
        method="POST",
        data=matter_form,
        watch=count("petitions.Matter"),
        inside=place_write("302 changed", "petition", "other_petition", inside=True),
        outside=place_write("302 changed", "petition", "other_petition", inside=False),
        note="the place must be within the registrar's scope",
    ),
    Row("petitions:matter_detail", kwargs=pk("matter"), inside=RECORD_IN, outside=RECORD_OUT),
    Row(
        "petitions:matter_step",
        variant="accept",
        kwargs=lambda t, s: {"pk": t.matter[s].pk, "name": "accept"},
        inside=RECORD_IN,
        outside=RECORD_OUT,
        note="GET: the step's form, or the reason it is refused",
    ),
    Row(
        "petitions:matter_step",
        variant="accept POST",
        method="POST",
        kwargs=lambda t, s: {"pk": t.matter[s].pk, "name": "accept"},
        data={"accept-decided_on": "2021-09-06"},
        watch=matter_state,
        inside=steps("302 changed", inside=True),
        outside=steps("302 changed", inside=False),
        note="a step of MATTER: only 信访办 over the matter's region",
    ),
    Row("petitions:petitioner_create", kwargs=pk("matter"), inside=HANDLE_FORM_IN, outside=HANDLE_FORM_OUT),
    Row(
        "petitions:petitioner_create",
        variant="POST",
        method="POST",
        kwargs=pk("matter"),
        data={"name": "乙某"},
        watch=count("petitions.Petitioner"),
        inside=handles("302 changed", inside=True),
        outside=handles("302 changed", inside=False),
    ),
    Row("petitions:registration_create", kwargs=pk("matter"), inside=HANDLE_FORM_IN, outside=HANDLE_FORM_OUT),
    Row(
        "petitions:registration_create",
        variant="POST",
        method="POST",
        kwargs=pk("matter"),
        data={"level": "county", "registered_on": "2021-09-05", "body": "县信访局"},
        watch=count("petitions.Registration"),
        inside=handles("302 changed", inside=True),
        outside=handles("302 changed", inside=False),
    ),
    Row("petitions:case_create", kwargs=pk("matter"), inside=HANDLE_FORM_IN, outside=HANDLE_FORM_OUT),
    Row(
        "petitions:case_create",
        variant="POST",
        method="POST",
        kwargs=pk("matter"),
        data=lambda t, s: {"leader": t.leader[s].pk, "plan": "包案方案", "target_on": "2021-12-01"},
        watch=count("petitions.Case"),
        inside=handles("302 changed", inside=True),
        outside=handles("302 changed", inside=False),
    ),
    Row(
        "petitions:matter_document",
        kwargs=lambda t, s: {"pk": t.accepted[s].pk, "kind": "acceptance"},
        inside=RECORD_IN,
        outside=RECORD_OUT,
    ),
    Row("petitions:case_list", inside=LIST_IN, outside=LIST_OUT, marker=lambda t, s: t.case[s].matter.title),
    Row(
        "petitions:case_progress",
        kwargs=pk("case"),
        inside=E("403", {"200": "petition leader", "404": NOT_IN}),
        outside=E("403", {"200": "other_petition other_leader", "404": "petition leader"}),
        note="the case's leader or 信访办",
    ),
    Row(
        "petitions:case_progress",
        variant="POST",
        method="POST",
        kwargs=pk("case"),
        data={"text": "上门回访", "noted_on": "2021-09-20"},
        watch=case_notes,
        inside=E("403 unchanged", {"302 changed": "petition leader", "404 unchanged": NOT_IN}),
        outside=E(
            "403 unchanged",
            {"302 changed": "other_petition other_leader", "404 unchanged": "petition leader"},
        ),
    ),
    Row(
        "petitions:reception_list", inside=LIST_IN, outside=LIST_OUT, marker=lambda t, s: t.reception[s].place
    ),
    Row(
        "petitions:reception_create",
        anywhere=E("403", {"200": "leader petition other_petition other_leader"}),
    ),
    Row(
        "petitions:reception_create",
        variant="POST",
        method="POST",
        data=lambda t, s: {
            "region": t.region[s].pk,
            "kind": "down",
            "held_on": "2021-09-12",
            "place": "村部",
            "batches": 1,
            "persons": 2,
            "settled": 0,
        },
        watch=count("petitions.Reception"),
        inside=place_write("302 changed", "leader petition", "other_petition other_leader", inside=True),
        outside=place_write("302 changed", "leader petition", "other_petition other_leader", inside=False),
    ),
    Row(
        "petitions:standing_list",
        inside=LIST_IN,
        outside=LIST_OUT,
        marker=lambda t, s: f"矩阵三无证明{s}",
    ),
    Row("petitions:standing_create", anywhere=E("403", {"200": "petition other_petition"})),
    Row(
        "petitions:standing_create",
        variant="POST",
        method="POST",
        data=lambda t, s: {
            "region": t.town[s].pk,
            "year": 2021,
            "item": "无进京非正常上访",
            "met": "on",
            "evidence": "通报",
        },
        watch=count("petitions.Standing"),
        inside=place_write("302 changed", "petition", "other_petition", inside=True),
        outside=place_write("302 changed", "petition", "other_petition", inside=False),
    ),
    # The public pages (网上申请 / 网上信访, fazhi/petitions/online.py): open to everyone, signed in or not.
    Row("petitions_public:submit", anywhere=E("200", {"200": "anonymous"}), note="public page (no account)"),
    Row("petitions_public:track", anywhere=E("200", {"200": "anonymous"}), note="public page (no account)"),
]

P = "v1_petitions"


def api_pk(attr):
    return lambda t, s: {"id": getattr(t, attr)[s].pk}


def api_matter(t, s):
    return {
        "region": t.region[s].pk,
        "received_on": "2021-09-01",
        "form": "letter",
        "source": "own",
        "title": "接口登记信访",
        "content": "反映问题",
        "kind": "claim",
        "category": "rural",
        "petitioners": [{"name": "丙某"}],
    }


def api_create(ok_in: str, ok_out: str, *, inside: bool) -> E:
    if inside:
        return E("403 unchanged", {"201 changed": ok_in, "400 unchanged": ok_out})
    return E("403 unchanged", {"201 changed": ok_out, "400 unchanged": ok_in})


OPERATIONS = [
    Row(f"{P}_matters_list", inside=LIST_IN, outside=LIST_OUT, marker=lambda t, s: t.matter[s].title),
    Row(f"{P}_matters_retrieve", kwargs=api_pk("matter"), inside=RECORD_IN, outside=RECORD_OUT),
    Row(
        f"{P}_matters_create",
        method="POST",
        encoding="json",
        data=api_matter,
        watch=count("petitions.Matter"),
        inside=api_create("petition", "other_petition", inside=True),
        outside=api_create("petition", "other_petition", inside=False),
    ),
    Row(f"{P}_matters_steps_list", kwargs=api_pk("matter"), inside=RECORD_IN, outside=RECORD_OUT),
    Row(
        f"{P}_matters_steps_create",
        variant="accept",
        method="POST",
        encoding="json",
        kwargs=lambda t, s: {"id": t.matter[s].pk, "step": "accept"},
        data={"decided_on": "2021-09-06"},
        watch=matter_state,
        inside=steps("200 changed", inside=True),
        outside=steps("200 changed", inside=False),
    ),
    Row(
        f"{P}_registrations_list",
        inside=LIST_IN,
        outside=LIST_OUT,
        marker=lambda t, s: f'"id":{t.registration[s].pk},"matter"',
    ),
    Row(f"{P}_registrations_retrieve", kwargs=api_pk("registration"), inside=RECORD_IN, outside=RECORD_OUT),
    Row(
        f"{P}_registrations_create",
        method="POST",
        encoding="json",
        data=lambda t, s: {"matter": t.matter[s].pk, "level": "county", "registered_on": "2021-09-05"},
        watch=count("petitions.Registration"),
        inside=api_create("petition", "other_petition", inside=True),
        outside=api_create("petition", "other_petition", inside=False),
    ),
    Row(f"{P}_receptions_list", inside=LIST_IN, outside=LIST_OUT, marker=lambda t, s: t.reception[s].place),
    Row(f"{P}_receptions_retrieve", kwargs=api_pk("reception"), inside=RECORD_IN, outside=RECORD_OUT),
    Row(
        f"{P}_receptions_create",
        method="POST",
        encoding="json",
        data=lambda t, s: {
            "region": t.region[s].pk,
            "kind": "down",
            "held_on": "2021-09-12",
            "place": "村部",
        },
        watch=count("petitions.Reception"),
        inside=api_create("leader petition", "other_petition other_leader", inside=True),
        outside=api_create("leader petition", "other_petition other_leader", inside=False),
    ),
    Row(f"{P}_cases_list", inside=LIST_IN, outside=LIST_OUT, marker=lambda t, s: t.case[s].plan),
    Row(f"{P}_cases_retrieve", kwargs=api_pk("case"), inside=RECORD_IN, outside=RECORD_OUT),
    Row(
        f"{P}_cases_create",
        method="POST",
        encoding="json",
        data=lambda t, s: {
            "matter": t.matter[s].pk,
            "leader": t.leader[s].pk,
            "plan": "接口包案",
            "target_on": "2021-12-01",
        },
        watch=count("petitions.Case"),
        inside=api_create("petition", "other_petition", inside=True),
        outside=api_create("petition", "other_petition", inside=False),
    ),
]

TABLE = Table(
    app="petitions",
    title="petitions — 信访 / petitions",
    build=build,
    pages=PAGES,
    operations=OPERATIONS,
    url_namespaces=("petitions", "petitions_public"),
    operation_prefixes=("v1_petitions_",),
    intro=__doc__.split("\n\n", 1)[1].strip(),
    principals=OWN,
)
