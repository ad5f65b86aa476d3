"""Enforcement's authorization table: every page and API operation, reads inside (石鼓镇) and
outside (易俗河镇) scope, and writes (forms, steps, API POST/PATCH/PUT, case step actions).

Written by hand from the intended rules (docs/security.md is generated from it):
- reading needs `enforcement.view` over the record's region: 石鼓镇's town_leader, judicial_office,
  enforcement_officer, legal_reviewer; the county supervisor everywhere. A role without it anywhere
  gets 403; a role with it, but not over the record, gets 404.
- writing needs the permission over the record's (or the target's) region: enforcement_officer
  handles cases and manages registers; legal_reviewer reviews; town_leader decides. `two_regions`
  reads 石鼓镇 (county supervisor) but writes only in 易俗河镇 (officer); `grid_and_officer` writes
  only in 易俗河镇 and sees nothing of 石鼓镇's enforcement. A refused write changes nothing.
- deadlines, evidence files and documents of a case follow the case.
- full identity numbers and names of citizens only with `core.view_pii` in the record's region.
- an archived case is frozen: no door edits it, its evidence or its party.
"""

from __future__ import annotations

import datetime as dt

from fazhi.testing.matrix import INSIDE, OUTSIDE, E, Row, Table

# --- who, written out by hand -----------------------------------------------------------------

TOWN_ENF = "leader judicial officer officer2 reviewer"  # enforcement.view in 石鼓镇
OUT_ENF = "other_officer two_regions grid_and_officer"  # enforcement.view in 易俗河镇 (officers)
READ_IN = f"{TOWN_ENF} county two_regions"
NOT_IN = "other_officer grid_and_officer"  # enforcement.view elsewhere only: 石鼓镇's records are 404
READ_OUT = f"county {OUT_ENF}"
READ_ANY = f"{TOWN_ENF} county {OUT_ENF}"  # lists and pages without a record
HANDLE_IN = "officer officer2"  # enforcement_officer of 石鼓镇
HANDLE_OUT = OUT_ENF  # enforcement_officer of 易俗河镇
HANDLERS = f"{HANDLE_IN} {HANDLE_OUT}"
NO_HANDLE_IN = "leader judicial reviewer county two_regions"  # read 石鼓镇, may not write there
NO_HANDLE_OUT = "county"  # reads 易俗河镇, writes nothing

# A list, reading a record of each scope: shown to who reads it there, hidden from other readers.
LIST_IN = E("403", {"200 shown": READ_IN, "200 hidden": NOT_IN})
LIST_OUT = E("403", {"200 shown": READ_OUT, "200 hidden": TOWN_ENF})
# A record page or API record, inside and outside.
RECORD_IN = E("403", {"200": READ_IN, "404": NOT_IN})
RECORD_OUT = E("403", {"200": READ_OUT, "404": TOWN_ENF})
# A form page (GET) of an officer's write, with no record.
HANDLE_FORM = E("403", {"200": HANDLERS})
# An officer's edit form page (GET) of a record.
HANDLE_FORM_IN = E("403", {"200": HANDLE_IN, "404": NOT_IN})
HANDLE_FORM_OUT = E("403", {"200": HANDLE_OUT, "404": HANDLE_IN})


def writes(ok: str, *, inside: bool) -> E:
    """An officer's write (create with a target in the scope, or edit of a record there)."""
    if inside:
        return E("403 unchanged", {ok: HANDLE_IN, "404 unchanged": NOT_IN, "403 unchanged": NO_HANDLE_IN})
    # 石鼓镇's leader, 司法所 and reviewer neither read the record nor hold the permission: 403 or 404
    return E(
        "403 unchanged",
        {ok: HANDLE_OUT, "404 unchanged": HANDLE_IN, "403/404 unchanged": "leader judicial reviewer"},
    )


def creates(ok: str, *, inside: bool, refused: str = "400/403 unchanged") -> E:
    """An officer's create whose target (body, region, case…) is in the scope: who writes there
    creates; who holds the permission elsewhere only is refused (the target is not theirs: 400 as a
    bad choice, or 403); who holds no write permission at all gets 403."""
    if inside:
        return E("403 unchanged", {ok: HANDLE_IN, refused: f"{NOT_IN} two_regions"})
    return E("403 unchanged", {ok: HANDLE_OUT, refused: HANDLE_IN})


FROZEN_IN = E("403 unchanged", {"400/403/409 unchanged": HANDLE_IN, "404 unchanged": NOT_IN})


# --- the tree ---------------------------------------------------------------------------------

MARK_IN, MARK_OUT = "石鼓矩阵案", "易俗矩阵案"


def build(t) -> None:
    from fazhi.core import attachments
    from fazhi.core.models import Deadline
    from fazhi.enforcement import workflow
    from fazhi.enforcement.models import (
        BasisVersion,
        Campaign,
        CampaignAction,
        Certificate,
        DiscretionLevel,
        Evidence,
        Officer,
        OfficerTraining,
        Party,
        Power,
        RectificationOrder,
    )
    from fazhi.enforcement.tests import conftest as enf_conftest

    r, u = t.regions, t.users
    enf = enf_conftest.enf.__wrapped__(r, u)
    make_case = enf_conftest.make_case.__wrapped__(enf, r)
    step = enf_conftest.step.__wrapped__(enf, u)
    t.enf = enf
    today = dt.date.today()

    # 易俗河镇: two more certified officers (the two-membership users), a power, a citizen.
    both = Officer.objects.create(body=enf.other_body, name="双区执法员", user=u.two_regions)
    gao = Officer.objects.create(body=enf.other_body, name="网格兼执法员", user=u.grid_and_officer)
    enf_conftest.certify(both, "43030000101")
    enf_conftest.certify(gao, "43030000102")
    other_power = Power.objects.create(
        body=enf.other_body, code="XZCF-YSH-001", name="非法采砂（易俗河）", law="《湖南省河道采砂管理条例》"
    )
    other_level = DiscretionLevel.objects.create(power=other_power, level="minor", fine_min=0, fine_max=1000)
    other_citizen = Party.objects.create(
        region=r.other_village,
        kind=Party.Kind.CITIZEN,
        name="李四光",
        id_number=enf_conftest._id_number("43032119810202123"),
    )
    t.body = {INSIDE: enf.body, OUTSIDE: enf.other_body}
    t.officer = {INSIDE: enf.wang, OUTSIDE: enf.other}
    t.spare_officer = {INSIDE: enf.li, OUTSIDE: gao}  # not on the cases yet
    t.power = {INSIDE: enf.power, OUTSIDE: other_power}
    t.empty_power = {INSIDE: enf.catalogued, OUTSIDE: other_power}
    t.level = {INSIDE: enf.levels["minor"], OUTSIDE: other_level}
    t.party = {INSIDE: enf.citizen, OUTSIDE: other_citizen}
    t.region = {INSIDE: r.grid_a, OUTSIDE: r.other_grid}
    t.town = {INSIDE: r.town, OUTSIDE: r.other_town}
    t.certificate = {s: Certificate.objects.filter(officer=o).first() for s, o in t.officer.items()}
    t.training = {
        s: OfficerTraining.objects.create(officer=o, year=2021, hours=12, note="执法培训")
        for s, o in t.officer.items()
    }

    def case_of(scope, **fields):
        if scope == INSIDE:
            return make_case(cause=f"{MARK_IN}·{fields.pop('tag', '')}", **fields)
        return make_case(
            cause=f"{MARK_OUT}·{fields.pop('tag', '')}",
            body=enf.other_body,
            region=r.other_grid,
            party=other_citizen,
            power=other_power,
            officers=[enf.other, both],
            **fields,
        )

    def walk(case, *names, user=None):
        for name in names:
            step(case, name, user=user)
        case.refresh_from_db()
        return case

    t.draft = {s: case_of(s, tag="草稿") for s in (INSIDE, OUTSIDE)}
    t.filed = {
        INSIDE: walk(case_of(INSIDE, tag="已立案"), "file"),
        OUTSIDE: walk(case_of(OUTSIDE, tag="已立案"), "file", user=u.other_officer),
    }
    t.review = {INSIDE: walk(case_of(INSIDE, tag="审核中"), "file", "investigate", "submit_for_review")}
    t.notified = {INSIDE: walk(case_of(INSIDE, tag="已告知", evidence=True), *enf_conftest.THROUGH_NOTICE)}
    # the archived case has a party of its own: that party is frozen with it, the others are not
    t.archived_party = {
        INSIDE: Party.objects.create(
            region=r.grid_a,
            kind=Party.Kind.CITIZEN,
            name="赵归档",
            id_number=enf_conftest._id_number("43032119700303123"),
        )
    }
    archived = case_of(INSIDE, tag="已归档", party=t.archived_party[INSIDE])
    t.evidence = {}
    for scope, case in ((INSIDE, t.draft[INSIDE]), (OUTSIDE, t.draft[OUTSIDE]), ("archived", archived)):
        item = Evidence.objects.create(
            case=case,
            kind="documentary",
            description=f"现场检查笔录（{scope}）",
            collected_at=dt.datetime(2021, 9, 3, 10, tzinfo=dt.UTC),
        )
        t.evidence[scope] = item
    t.file = {
        scope: attachments.attach(
            attachments.content_file(b"%PDF-1.4\n%%EOF\n", f"{scope}.pdf"), owner=item, user=None
        )
        for scope, item in t.evidence.items()
    }
    t.archived = {INSIDE: walk(archived, *enf_conftest.TO_ARCHIVE)}
    t.deadline = {
        s: Deadline.objects.filter(object_id=str(c.pk)).order_by("id").first() for s, c in t.filed.items()
    }
    t.order = {
        s: RectificationOrder.objects.create(
            body=t.body[s],
            region=t.region[s],
            party=t.party[s],
            issued_on=today - dt.timedelta(days=20),
            deadline=today - dt.timedelta(days=5),
            requirement=f"拆除砂石堆场（{s}）",
        )
        for s in (INSIDE, OUTSIDE)
    }
    for order in t.order.values():
        workflow.follow_order_deadline(order)  # as the doors that issue an order do
    # a power of each town with a version of its basis (第三十七条), used by no case
    t.version_power = {
        s: Power.objects.create(
            body=t.body[s], code=f"XZCF-BV-{s}", name=f"依据版本事项（{s}）", law="《某条例》"
        )
        for s in (INSIDE, OUTSIDE)
    }
    t.basis_version = {
        s: BasisVersion.objects.create(
            power=t.version_power[s], label="2018年修正", effective_from=dt.date(2018, 1, 1), fine_max=1000
        )
        for s in (INSIDE, OUTSIDE)
    }
    # a grid event of each town an officer may turn into a case (转为执法案件)
    from fazhi.grid.models import Event, EventCategory
    from fazhi.grid.seed import ensure_categories

    ensure_categories()
    t.event = {
        s: Event.objects.create(
            region=t.region[s],
            category=EventCategory.objects.get(code="0402"),
            description=f"向河道直排废水（{s}）",
            reported_at=dt.datetime(2021, 9, 2, 9, tzinfo=dt.UTC),
        )
        for s in (INSIDE, OUTSIDE)
    }
    t.campaign = {
        s: Campaign.objects.create(
            region=t.town[s],
            body=t.body[s],
            name=f"专项整治（{s}）",
            kind="sand_mining",
            starts_on=dt.date(2021, 3, 1),
        )
        for s in (INSIDE, OUTSIDE)
    }
    t.action = {
        s: CampaignAction.objects.create(
            campaign=c, acted_on=dt.date(2021, 3, 5), places="涓水河", people_count=6
        )
        for s, c in t.campaign.items()
    }


# --- helpers: kwargs, payloads, watches -------------------------------------------------------


def pk(attr: str, key: str = "pk"):
    return lambda t, s: {key: getattr(t, attr)[s].pk}


def api_pk(attr: str):
    return pk(attr, "id")


def fields(attr: str, scope: str | None = None):
    """Watch: the record's field values, read again from the database."""

    def watch(t, s):
        record = getattr(t, attr)[scope or s]
        fresh = type(record).objects.get(pk=record.pk)
        return tuple(getattr(fresh, f.attname) for f in fresh._meta.concrete_fields)

    return watch


def count(model_path: str):
    def watch(t, s):
        from django.apps import apps

        return apps.get_model(model_path).objects.count()

    return watch


def case_state(attr: str):
    def watch(t, s):
        from fazhi.enforcement.models import Case, CaseOfficer

        case = Case.objects.get(pk=getattr(t, attr)[s].pk)
        links = sorted(CaseOfficer.objects.filter(case=case).values_list("officer_id", "withdrawn"))
        return (case.state, case.publicity, case.facts, case.decided_on, tuple(links))

    return watch


def evidence_files(scope: str | None = None):
    def watch(t, s):
        from fazhi.core.models import Attachment
        from fazhi.enforcement.models import Evidence

        evidence = t.evidence[scope or s]
        return (
            Evidence.objects.filter(case_id=evidence.case_id).count(),
            Attachment.objects.filter(owner_id=str(evidence.pk)).count(),
        )

    return watch


def _upload(name="现场照片.jpg"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    # a minimal JPEG (SOI, APP0 JFIF, EOI): sniffed as image/jpeg
    return SimpleUploadedFile(
        name, b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9", "image/jpeg"
    )


def filing_form(t, s):
    from fazhi.core.pii import credit_check_char

    body17 = "91430321MA4L0QWER"
    return {
        "body": t.body[s].pk,
        "cause": "矩阵立案",
        "source": "patrol",
        "procedure": "general",
        "party_kind": "organization",
        "party_name": "湘潭矩阵有限公司",
        "party_credit_code": body17 + credit_check_char(body17),
        "power": t.power[s].pk,
        "region": t.region[s].pk,
        "act_date": "2021-09-01",
        "officers": [
            o.pk for o in ((t.enf.wang, t.enf.zhao) if s == INSIDE else (t.enf.other, t.spare_officer[s]))
        ],
        "filed_on": "2021-09-06",
    }


def order_form(t, s):
    today = dt.date.today()
    return {
        "body": t.body[s].pk,
        "party_kind": "citizen",
        "party_name": t.party[s].name,
        "party_id_number": t.party[s].id_number,
        "region": t.region[s].pk,
        "issued_on": (today - dt.timedelta(days=3)).isoformat(),
        "deadline": (today + dt.timedelta(days=10)).isoformat(),
        "requirement": "停止采砂",
    }


def case_payload(t, s):
    return {
        "body": t.body[s].pk,
        "region": t.region[s].pk,
        "cause": "接口立案",
        "party": t.party[s].pk,
        "power": t.power[s].pk,
        "source": "grid",
        "act_date": "2021-09-01",
        "facts": "当事人在河道无证采砂",
    }


def officers_of(t, s):
    return [o.pk for o in ((t.enf.wang, t.enf.zhao) if s == INSIDE else (t.enf.other, t.spare_officer[s]))]


def step_post(name: str, data: dict):
    """POST data of a step page (fields prefixed with the step's name)."""

    def build(t, s):
        values = dict(data)
        if values.pop("level", None):
            values["discretion_level"] = t.level[s].pk
        return {f"{name}-{k}": v for k, v in values.items()}

    return build


def transition(data: dict):
    """A step's input (core's `steps/{step}/`: the body is the step's form fields)."""

    def build(t, s):
        values = dict(data)
        if values.pop("level", None):
            values["discretion_level"] = t.level[s].pk
        return values

    return build


def step_of(attr: str, name: str):
    return lambda t, s: {"id": getattr(t, attr)[s].pk, "step": name}


INVESTIGATE = {"started_on": "2021-09-06"}
APPROVE = {"opinion": "事实清楚，证据确凿，适用依据正确，程序合法", "reviewed_on": "2021-09-09"}
DECIDE = {"decided_on": "2021-09-16", "decided_penalties": ["fine"], "decided_fine": "500", "level": "minor"}


# --- pages --------------------------------------------------------------------------------------

PAGES = [
    # Cases.
    Row("enforcement:index", anywhere=E("403", {"200": READ_ANY})),
    Row(
        "enforcement:case_list",
        inside=LIST_IN,
        outside=LIST_OUT,
        marker=lambda t, s: MARK_IN if s == INSIDE else MARK_OUT,
    ),
    Row("enforcement:case_export", anywhere=E("403", {"200": READ_ANY})),
    Row("enforcement:case_create", anywhere=HANDLE_FORM),
    Row(
        "enforcement:case_create",
        variant="POST",
        method="POST",
        data=filing_form,
        watch=count("enforcement.Case"),
        inside=creates("302 changed", inside=True),
        outside=creates("302 changed", inside=False),
    ),
    Row(
        "enforcement:case_from_record",
        query=lambda t, s: {"from": f"grid.event:{t.event[s].pk}"},
        inside=E("403", {"200": HANDLE_IN, "403/404": HANDLE_OUT}),
        outside=E("403", {"200": HANDLE_OUT, "403/404": HANDLE_IN}),
    ),
    Row(
        "enforcement:case_from_record",
        variant="POST",
        method="POST",
        data=lambda t, s: {**filing_form(t, s), "from": f"grid.event:{t.event[s].pk}"},
        watch=count("core.RecordLink"),
        inside=E("403 unchanged", {"302 changed": HANDLE_IN, "403/404 unchanged": HANDLE_OUT}),
        outside=E("403 unchanged", {"302 changed": HANDLE_OUT, "403/404 unchanged": HANDLE_IN}),
    ),
    Row(
        "enforcement:case_detail",
        kwargs=pk("draft"),
        marker=lambda t, s: t.party[s].name,
        inside=E(
            "403",
            {"200 shown": f"{TOWN_ENF}", "200 hidden": "county two_regions", "404": NOT_IN},
        ),
        outside=E("403", {"200 shown": OUT_ENF, "200 hidden": "county", "404": TOWN_ENF}),
        note="the citizen's full name only with core.view_pii in the case's region",
    ),
    Row(
        "enforcement:case_step",
        variant="investigate",
        kwargs=lambda t, s: {"pk": t.filed[s].pk, "name": "investigate"},
        inside=RECORD_IN,
        outside=RECORD_OUT,
        note="GET: the step's form, or the reason it is refused",
    ),
    Row(
        "enforcement:case_step",
        variant="investigate POST",
        method="POST",
        kwargs=lambda t, s: {"pk": t.filed[s].pk, "name": "investigate"},
        data=step_post("investigate", INVESTIGATE),
        watch=case_state("filed"),
        inside=E(
            "403 unchanged",
            {
                "302 changed": HANDLE_IN,
                "403/409 unchanged": "leader reviewer",
                "403 unchanged": "judicial county two_regions",
                "404 unchanged": NOT_IN,
            },
        ),
        outside=E("403 unchanged", {"302 changed": HANDLE_OUT, "404 unchanged": TOWN_ENF}),
    ),
    Row(
        "enforcement:case_step",
        variant="approve_review POST",
        method="POST",
        kwargs=lambda t, s: {"pk": t.review[s].pk, "name": "approve_review"},
        data=step_post("approve_review", APPROVE),
        watch=case_state("review"),
        inside=E(
            "403 unchanged",
            {
                "302 changed": "reviewer",
                "403/409 unchanged": f"leader {HANDLE_IN}",
                "403 unchanged": "judicial county two_regions",
                "404 unchanged": NOT_IN,
            },
        ),
    ),
    Row(
        "enforcement:case_step",
        variant="decide POST",
        method="POST",
        kwargs=lambda t, s: {"pk": t.notified[s].pk, "name": "decide"},
        data=step_post("decide", DECIDE),
        watch=case_state("notified"),
        inside=E(
            "403 unchanged",
            {
                "302 changed": "leader",
                "403/409 unchanged": f"reviewer {HANDLE_IN}",
                "403 unchanged": "judicial county two_regions",
                "404 unchanged": NOT_IN,
            },
        ),
    ),
    Row(
        "enforcement:case_step",
        variant="revoke_filing POST",
        method="POST",
        kwargs=lambda t, s: {"pk": t.filed[s].pk, "name": "revoke_filing"},
        data=step_post("revoke_filing", {"revoked_on": "2021-09-08", "reason": "误立案"}),
        watch=case_state("filed"),
        inside=E(
            "403 unchanged",
            {
                "302 changed": "leader",
                "403/409 unchanged": f"reviewer {HANDLE_IN}",
                "403 unchanged": "judicial county two_regions",
                "404 unchanged": NOT_IN,
            },
        ),
        note="撤销立案: the leader approves, with a reason",
    ),
    Row(
        "enforcement:case_step",
        variant="archived: publish POST",
        method="POST",
        kwargs=lambda t, s: {"pk": t.archived[s].pk, "name": "publish"},
        data=step_post("publish", {"published_on": "2021-09-23"}),
        watch=case_state("archived"),
        inside=E(
            "403 unchanged",
            {"302 changed": HANDLE_IN, "403/409 unchanged": "leader reviewer", "404 unchanged": NOT_IN},
        ),
        note="归档 cases are frozen, but a decision is still published (its publicity workflow stays open)",
    ),
    Row("enforcement:evidence_create", kwargs=pk("draft"), inside=HANDLE_FORM_IN, outside=HANDLE_FORM_OUT),
    Row(
        "enforcement:evidence_create",
        variant="POST",
        method="POST",
        kwargs=pk("draft"),
        data=lambda t, s: {
            "kind": "physical",
            "description": "砂石样品",
            "collected_at": "2021-09-03T10:00",
            "files": _upload(),
        },
        encoding="multipart",
        watch=evidence_files(),
        inside=writes("302 changed", inside=True),
        outside=writes("302 changed", inside=False),
    ),
    Row(
        "enforcement:evidence_create",
        variant="archived POST",
        method="POST",
        kwargs=pk("archived"),
        data=lambda t, s: {"kind": "physical", "description": "补充证据", "collected_at": "2021-09-03T10:00"},
        encoding="multipart",
        watch=evidence_files("archived"),
        inside=E("403 unchanged", {"302/400/403/409 unchanged": HANDLE_IN, "404 unchanged": NOT_IN}),
    ),
    Row(
        "enforcement:case_officer_add",
        method="POST",
        kwargs=pk("draft"),
        data=lambda t, s: {"officer": t.spare_officer[s].pk, "on": "2021-09-05"},
        watch=case_state("draft"),
        inside=writes("302 changed", inside=True),
        outside=writes("302 changed", inside=False),
    ),
    Row(
        "enforcement:case_officer_add",
        variant="archived",
        method="POST",
        kwargs=pk("archived"),
        data=lambda t, s: {"officer": t.spare_officer[s].pk, "on": "2021-09-25"},
        watch=case_state("archived"),
        inside=E("403 unchanged", {"302/400/403/409 unchanged": HANDLE_IN, "404 unchanged": NOT_IN}),
    ),
    Row(
        "enforcement:case_officer_withdraw",
        method="POST",
        kwargs=lambda t, s: {
            "pk": t.draft[s].pk,
            "officer_pk": (t.enf.zhao if s == INSIDE else t.enf.other).pk,
        },
        data={"reason": "与当事人有利害关系", "on": "2021-09-05"},
        watch=case_state("draft"),
        inside=writes("302 changed", inside=True),
        outside=writes("302 changed", inside=False),
    ),
    Row(
        "enforcement:case_document",
        kwargs=lambda t, s: {"pk": t.filed[s].pk, "key": "filing"},
        inside=RECORD_IN,
        outside=RECORD_OUT,
    ),
    Row("enforcement:case_archive", kwargs=pk("filed"), inside=RECORD_IN, outside=RECORD_OUT),
    # Bodies, officers, powers.
    Row(
        "enforcement:body_list",
        inside=LIST_IN,
        outside=LIST_OUT,
        marker=lambda t, s: t.body[s].name,
    ),
    Row("enforcement:body_create", anywhere=HANDLE_FORM),
    Row(
        "enforcement:body_create",
        variant="POST",
        method="POST",
        data=lambda t, s: {
            "name": "矩阵执法中队",
            "kind": "entrusted",
            "region": t.town[s].pk,
            "case_prefix": "矩执",
        },
        watch=count("enforcement.EnforcementBody"),
        inside=creates("302 changed", inside=True),
        outside=creates("302 changed", inside=False),
    ),
    Row("enforcement:body_edit", kwargs=pk("body"), inside=HANDLE_FORM_IN, outside=HANDLE_FORM_OUT),
    Row(
        "enforcement:body_edit",
        variant="POST",
        method="POST",
        kwargs=pk("body"),
        data=lambda t, s: {
            "name": t.body[s].name,
            "kind": "statutory",
            "region": t.town[s].pk,
            "case_prefix": t.body[s].case_prefix,
            "phone": "0731-57800000",
        },
        watch=fields("body"),
        inside=writes("302 changed", inside=True),
        outside=writes("302 changed", inside=False),
    ),
    Row("enforcement:officer_list", inside=LIST_IN, outside=LIST_OUT, marker=lambda t, s: t.officer[s].name),
    Row("enforcement:officer_create", anywhere=HANDLE_FORM),
    Row(
        "enforcement:officer_create",
        variant="POST",
        method="POST",
        data=lambda t, s: {"name": "孙新", "body": t.body[s].pk, "active": "on"},
        watch=count("enforcement.Officer"),
        inside=creates("302 changed", inside=True),
        outside=creates("302 changed", inside=False),
    ),
    Row("enforcement:officer_export", anywhere=E("403", {"200": READ_ANY})),
    Row("enforcement:officer_detail", kwargs=pk("officer"), inside=RECORD_IN, outside=RECORD_OUT),
    Row(
        "enforcement:officer_detail",
        variant="POST certificate",
        method="POST",
        kwargs=pk("officer"),
        data={
            "number": "43030000077",
            "issuing_authority": "湖南省人民政府",
            "valid_from": "2021-01-01",
            "valid_until": "2031-01-01",
            "status": "valid",
        },
        watch=count("enforcement.Certificate"),
        inside=writes("302 changed", inside=True),
        outside=writes("302 changed", inside=False),
    ),
    Row("enforcement:officer_edit", kwargs=pk("officer"), inside=HANDLE_FORM_IN, outside=HANDLE_FORM_OUT),
    Row(
        "enforcement:officer_edit",
        variant="POST",
        method="POST",
        kwargs=pk("officer"),
        data=lambda t, s: {
            "name": t.officer[s].name,
            "body": t.body[s].pk,
            "position": "中队长",
            "active": "on",
        },
        watch=fields("officer"),
        inside=writes("302 changed", inside=True),
        outside=writes("302 changed", inside=False),
    ),
    Row("enforcement:power_list", inside=LIST_IN, outside=LIST_OUT, marker=lambda t, s: t.power[s].code),
    Row("enforcement:power_create", anywhere=HANDLE_FORM),
    Row(
        "enforcement:power_create",
        variant="POST",
        method="POST",
        data=lambda t, s: {
            "body": t.body[s].pk,
            "code": "XZCF-MTX-009",
            "name": "矩阵事项",
            "law": "《某法》",
            "article": "第九条",
            "active": "on",
        },
        watch=count("enforcement.Power"),
        inside=creates("302 changed", inside=True),
        outside=creates("302 changed", inside=False),
    ),
    Row("enforcement:power_detail", kwargs=pk("power"), inside=RECORD_IN, outside=RECORD_OUT),
    Row(
        "enforcement:power_detail",
        variant="POST discretion level",
        method="POST",
        kwargs=pk("empty_power"),
        data={"level": "serious", "fine_min": "10000", "fine_max": "30000"},
        watch=count("enforcement.DiscretionLevel"),
        inside=writes("302 changed", inside=True),
        outside=writes("302 changed", inside=False),
    ),
    Row(
        "enforcement:power_detail",
        variant="POST basis version",
        method="POST",
        kwargs=pk("empty_power"),
        data={
            "version-label": "2021年修订",
            "version-effective_from": "2021-09-14",
            "version-penalty_kinds": ["fine"],
            "version-fine_max": "400",
        },
        watch=count("enforcement.BasisVersion"),
        inside=writes("302 changed", inside=True),
        outside=writes("302 changed", inside=False),
    ),
    Row("enforcement:power_edit", kwargs=pk("power"), inside=HANDLE_FORM_IN, outside=HANDLE_FORM_OUT),
    Row(
        "enforcement:power_edit",
        variant="POST",
        method="POST",
        kwargs=pk("power"),
        data=lambda t, s: {
            "body": t.body[s].pk,
            "code": t.power[s].code,
            "name": t.power[s].name,
            "law": t.power[s].law,
            "article": "第三十条",
            "penalties": "警告、罚款",
            "active": "on",
        },
        watch=fields("power"),
        inside=writes("302 changed", inside=True),
        outside=writes("302 changed", inside=False),
    ),
    # Rectification orders.
    Row("enforcement:order_list", inside=LIST_IN, outside=LIST_OUT, marker=lambda t, s: t.order[s].number),
    Row("enforcement:order_export", anywhere=E("403", {"200": READ_ANY})),
    Row("enforcement:order_create", anywhere=HANDLE_FORM),
    Row(
        "enforcement:order_create",
        variant="POST",
        method="POST",
        data=order_form,
        watch=count("enforcement.RectificationOrder"),
        inside=creates("302 changed", inside=True),
        outside=creates("302 changed", inside=False),
    ),
    Row("enforcement:order_detail", kwargs=pk("order"), inside=RECORD_IN, outside=RECORD_OUT),
    Row(
        "enforcement:order_step",
        variant="record_rectified",
        kwargs=lambda t, s: {"pk": t.order[s].pk, "name": "record_rectified"},
        inside=RECORD_IN,
        outside=RECORD_OUT,
        note="GET: the check's form, or the reason it is refused",
    ),
    Row(
        "enforcement:order_step",
        variant="record_rectified POST",
        method="POST",
        kwargs=lambda t, s: {"pk": t.order[s].pk, "name": "record_rectified"},
        data=step_post("record_rectified", {"checked_on": dt.date.today().isoformat()}),
        watch=fields("order"),
        inside=E(
            "403 unchanged",
            {
                "302 changed": HANDLE_IN,
                "403 unchanged": "leader reviewer judicial county two_regions",
                "404 unchanged": NOT_IN,
            },
        ),
        outside=E("403 unchanged", {"302 changed": HANDLE_OUT, "404 unchanged": TOWN_ENF}),
        note="the check is a step of ORDER: only an enforcement officer over the order's region",
    ),
    Row(
        "enforcement:order_file_case",
        method="POST",
        kwargs=pk("order"),
        data=lambda t, s: {
            "file-power": t.power[s].pk,
            "file-officers": officers_of(t, s),
            "file-cause": "逾期未改立案",
        },
        watch=fields("order"),
        inside=writes("302 changed", inside=True),
        outside=writes("302 changed", inside=False),
    ),
    Row("enforcement:order_document", kwargs=pk("order"), inside=RECORD_IN, outside=RECORD_OUT),
    # Campaigns.
    Row(
        "enforcement:campaign_list", inside=LIST_IN, outside=LIST_OUT, marker=lambda t, s: t.campaign[s].name
    ),
    Row("enforcement:campaign_create", anywhere=HANDLE_FORM),
    Row(
        "enforcement:campaign_create",
        variant="POST",
        method="POST",
        data=lambda t, s: {
            "name": "秸秆禁烧专项行动",
            "kind": "straw_burning",
            "body": t.body[s].pk,
            "region": t.town[s].pk,
            "starts_on": "2021-09-20",
        },
        watch=count("enforcement.Campaign"),
        inside=creates("302 changed", inside=True),
        outside=creates("302 changed", inside=False),
    ),
    Row("enforcement:action_export", anywhere=E("403", {"200": READ_ANY})),
    Row("enforcement:campaign_detail", kwargs=pk("campaign"), inside=RECORD_IN, outside=RECORD_OUT),
    Row(
        "enforcement:campaign_detail",
        variant="POST action",
        method="POST",
        kwargs=pk("campaign"),
        data={
            "acted_on": "2021-04-09",
            "places": "涓水河",
            "people_count": 6,
            "materials_handed_out": 100,
            "demolished_count": 0,
            "demolished_area_m2": "0",
            "straw_burning_stops": 0,
        },
        watch=count("enforcement.CampaignAction"),
        inside=writes("302 changed", inside=True),
        outside=writes("302 changed", inside=False),
    ),
    Row("enforcement:publicity", anywhere=E("403", {"200": READ_ANY})),
    # Core's generic rows, following the case they belong to.
    Row(
        "core:deadlines",
        variant="a case's deadlines",
        query={"show": "all"},
        marker=lambda t, s: MARK_IN if s == INSIDE else MARK_OUT,
        inside=E(
            "403",
            {
                "200 shown": READ_IN,
                "200 hidden": f"{NOT_IN} governance petition gov_office grid_a grid_b cadre adviser",
            },
        ),
        outside=E(
            "403",
            {
                "200 shown": READ_OUT,
                "200 hidden": f"{TOWN_ENF} governance petition gov_office grid_a grid_b cadre adviser",
            },
        ),
        note="every domain role opens the page; a case's deadlines are listed to who reads the case",
    ),
    Row(
        "core:attachment",
        variant="an evidence file",
        kwargs=lambda t, s: {"pk": t.file[s].pk},
        inside=E("404", {"200": READ_IN}),
        outside=E("404", {"200": READ_OUT}),
    ),
    Row(
        "core:pii_reveal",
        variant="a party's identity number",
        method="POST",
        kwargs=lambda t, s: {"model": "enforcement.party", "pk": t.party[s].pk, "field": "id_number"},
        marker=lambda t, s: t.party[s].id_number,
        inside=E(
            "403",
            {"200 shown": TOWN_ENF, "404": f"{NOT_IN} governance petition gov_office"},
        ),
        outside=E(
            "403",
            {"200 shown": OUT_ENF, "404": f"{TOWN_ENF} governance petition gov_office"},
        ),
        note="VIEW_PII in the party's region and enforcement.view over it (党政办 holds VIEW_PII, not the view: 404)",
    ),
]


# --- API operations -------------------------------------------------------------------------------

API_LIST_IN = E("403", {"200 shown": READ_IN, "200 hidden": NOT_IN})
API_LIST_OUT = E("403", {"200 shown": READ_OUT, "200 hidden": TOWN_ENF})


def api_resource(
    prefix: str,
    attr: str,
    create: callable,
    patch: callable,
    model: str,
    marker: callable,
    *,
    put: callable | None = None,
) -> list[Row]:
    """The five operations of one viewset: list (with a record of each scope), create (with a
    target in each scope), retrieve, update and partial update (a record of each scope)."""
    return [
        Row(f"{prefix}_list", inside=API_LIST_IN, outside=API_LIST_OUT, marker=marker),
        Row(
            f"{prefix}_create",
            encoding="json",
            data=create,
            watch=count(model),
            inside=creates("201 changed", inside=True),
            outside=creates("201 changed", inside=False),
        ),
        Row(f"{prefix}_retrieve", kwargs=api_pk(attr), inside=RECORD_IN, outside=RECORD_OUT),
        Row(
            f"{prefix}_update",
            kwargs=api_pk(attr),
            encoding="json",
            data=put or create,
            watch=fields(attr),
            inside=writes("200 changed", inside=True),
            outside=writes("200 changed", inside=False),
        ),
        Row(
            f"{prefix}_partial_update",
            kwargs=api_pk(attr),
            encoding="json",
            data=patch,
            watch=fields(attr),
            inside=writes("200 changed", inside=True),
            outside=writes("200 changed", inside=False),
        ),
    ]


P = "v1_enforcement"

OPERATIONS = [
    *api_resource(
        f"{P}_bodies",
        "body",
        lambda t, s: {
            "region": t.town[s].pk,
            "name": "接口执法中队",
            "kind": "entrusted",
            "case_prefix": "接执",
        },
        lambda t, s: {"phone": "0731-57811111"},
        "enforcement.EnforcementBody",
        lambda t, s: t.body[s].name,
        put=lambda t, s: {
            "region": t.town[s].pk,
            "name": t.body[s].name,
            "kind": "statutory",
            "case_prefix": t.body[s].case_prefix,
            "phone": "0731-1",
        },
    ),
    *api_resource(
        f"{P}_officers",
        "officer",
        lambda t, s: {"name": "接口新人", "body": t.body[s].pk},
        lambda t, s: {"position": "队员"},
        "enforcement.Officer",
        lambda t, s: t.officer[s].name,
        put=lambda t, s: {"name": t.officer[s].name, "body": t.body[s].pk, "position": "队长"},
    ),
    *api_resource(
        f"{P}_certificates",
        "certificate",
        lambda t, s: {
            "officer": t.officer[s].pk,
            "number": "43030000099",
            "issuing_authority": "湖南省人民政府",
            "valid_from": "2021-01-01",
            "valid_until": "2031-01-01",
        },
        lambda t, s: {"issuing_authority": "湘潭县人民政府"},
        "enforcement.Certificate",
        lambda t, s: t.certificate[s].number,
        put=lambda t, s: {
            "officer": t.officer[s].pk,
            "number": t.certificate[s].number,
            "issuing_authority": "湘潭县人民政府",
            "valid_from": "2020-01-01",
            "valid_until": "2030-12-31",
        },
    ),
    *api_resource(
        f"{P}_trainings",
        "training",
        lambda t, s: {"officer": t.officer[s].pk, "year": 2020, "hours": "8"},
        lambda t, s: {"note": "补记"},
        "enforcement.OfficerTraining",
        lambda t, s: f'"id":{t.training[s].pk},',
        put=lambda t, s: {"officer": t.officer[s].pk, "year": 2021, "hours": "16"},
    ),
    *api_resource(
        f"{P}_powers",
        "power",
        lambda t, s: {
            "body": t.body[s].pk,
            "code": "XZCF-API-001",
            "name": "接口事项",
            "law": "《某法》",
            "article": "第一条",
        },
        lambda t, s: {"penalties": "警告"},
        "enforcement.Power",
        lambda t, s: t.power[s].code,
        put=lambda t, s: {
            "body": t.body[s].pk,
            "code": t.power[s].code,
            "name": t.power[s].name,
            "law": "《某法》",
            "article": "第二条",
        },
    ),
    *api_resource(
        f"{P}_basis_versions",
        "basis_version",
        lambda t, s: {
            "power": t.version_power[s].pk,
            "label": "2021年修订",
            "effective_from": "2021-07-15",
            "penalty_kinds": ["warning", "fine"],
            "fine_max": "500",
        },
        lambda t, s: {"label": "2018年修正（更正）"},
        "enforcement.BasisVersion",
        lambda t, s: f'"id":{t.basis_version[s].pk},',
        put=lambda t, s: {
            "power": t.version_power[s].pk,
            "label": "2018年修订",
            "effective_from": "2018-02-01",
        },
    ),
    *api_resource(
        f"{P}_discretion_levels",
        "level",
        lambda t, s: {
            "power": t.empty_power[s].pk,
            "level": "serious",
            "fine_min": "10000",
            "fine_max": "30000",
        },
        lambda t, s: {"description": "情节较轻"},
        "enforcement.DiscretionLevel",
        lambda t, s: f'"id":{t.level[s].pk},',
        put=lambda t, s: {"power": t.power[s].pk, "level": "minor", "fine_min": "0", "fine_max": "800"},
    ),
    *api_resource(
        f"{P}_parties",
        "party",
        lambda t, s: {
            "region": t.region[s].pk,
            "kind": "citizen",
            "name": "王五",
            "id_number": "430321199001011238",
        },
        lambda t, s: {"address": "新住址"},
        "enforcement.Party",
        lambda t, s: f'"id":{t.party[s].pk},',  # names are masked for who lacks core.view_pii
        put=lambda t, s: {
            "region": t.region[s].pk,
            "kind": "citizen",
            "name": t.party[s].name,
            "address": "新住址",
        },
    ),
    Row(
        f"{P}_parties_reveal_retrieve",
        kwargs=api_pk("party"),
        marker=lambda t, s: t.party[s].id_number,
        inside=E("403", {"200 shown": TOWN_ENF, "200 hidden": "county two_regions", "404": NOT_IN}),
        outside=E("403", {"200 shown": OUT_ENF, "200 hidden": "county", "404": TOWN_ENF}),
        note="the full number only with core.view_pii in the party's region (masked otherwise)",
    ),
    Row(
        f"{P}_parties_partial_update",
        variant="party of an archived case",
        kwargs=lambda t, s: {"id": t.archived_party[s].pk},
        encoding="json",
        data={"address": "归档后改的住址"},
        watch=fields("archived_party"),
        inside=FROZEN_IN,
        note="the party of an archived case is frozen with it",
    ),
    *api_resource(
        f"{P}_cases",
        "draft",
        case_payload,
        lambda t, s: {"facts": "补充查明的事实"},
        "enforcement.Case",
        lambda t, s: MARK_IN if s == INSIDE else MARK_OUT,
    ),
    Row(
        f"{P}_cases_partial_update",
        variant="archived",
        kwargs=api_pk("archived"),
        encoding="json",
        data={"facts": "归档后修改"},
        watch=case_state("archived"),
        inside=FROZEN_IN,
    ),
    Row(f"{P}_cases_steps_list", kwargs=api_pk("filed"), inside=RECORD_IN, outside=RECORD_OUT),
    Row(
        f"{P}_cases_steps_create",
        variant="investigate",
        kwargs=step_of("filed", "investigate"),
        encoding="json",
        data=transition(INVESTIGATE),
        watch=case_state("filed"),
        inside=E(
            "403 unchanged",
            {
                "200 changed": HANDLE_IN,
                "403/409 unchanged": "leader reviewer",
                "403 unchanged": "judicial county two_regions",
                "404 unchanged": NOT_IN,
            },
        ),
        outside=E("403 unchanged", {"200 changed": HANDLE_OUT, "404 unchanged": TOWN_ENF}),
    ),
    Row(
        f"{P}_cases_steps_create",
        variant="decide",
        kwargs=step_of("notified", "decide"),
        encoding="json",
        data=transition(DECIDE),
        watch=case_state("notified"),
        inside=E(
            "403 unchanged",
            {
                "200 changed": "leader",
                "403/409 unchanged": f"reviewer {HANDLE_IN}",
                "403 unchanged": "judicial county two_regions",
                "404 unchanged": NOT_IN,
            },
        ),
    ),
    Row(
        f"{P}_cases_steps_create",
        variant="archived: publish",
        kwargs=step_of("archived", "publish"),
        encoding="json",
        data=transition({"published_on": "2021-09-23"}),
        watch=case_state("archived"),
        inside=E(
            "403 unchanged",
            {"200 changed": HANDLE_IN, "403/409 unchanged": "leader reviewer", "404 unchanged": NOT_IN},
        ),
        note="归档 cases are frozen, but a decision is still published (its publicity workflow stays open)",
    ),
    Row(
        f"{P}_cases_add_officer_create",
        kwargs=api_pk("draft"),
        encoding="json",
        data=lambda t, s: {"officer": t.spare_officer[s].pk, "on": "2021-09-05"},
        watch=case_state("draft"),
        inside=writes("200 changed", inside=True),
        outside=writes("200 changed", inside=False),
    ),
    Row(
        f"{P}_cases_withdraw_officer_create",
        kwargs=api_pk("draft"),
        encoding="json",
        data=lambda t, s: {
            "officer": (t.enf.zhao if s == INSIDE else t.enf.other).pk,
            "reason": "与当事人有利害关系",
            "on": "2021-09-05",
        },
        watch=case_state("draft"),
        inside=writes("200 changed", inside=True),
        outside=writes("200 changed", inside=False),
    ),
    *api_resource(
        f"{P}_evidence",
        "evidence",
        lambda t, s: {
            "case": t.draft[s].pk,
            "kind": "scene_record",
            "description": "现场检查笔录一份",
            "collected_at": "2021-09-03T10:00:00+08:00",
        },
        lambda t, s: {"description": "现场检查笔录（改）"},
        "enforcement.Evidence",
        lambda t, s: t.evidence[s].description,
    ),
    Row(
        f"{P}_evidence_partial_update",
        variant="archived",
        kwargs=lambda t, s: {"id": t.evidence["archived"].pk},
        encoding="json",
        data={"description": "归档后修改"},
        watch=fields("evidence", "archived"),
        inside=FROZEN_IN,
    ),
    Row(
        f"{P}_evidence_attachments_create",
        kwargs=api_pk("evidence"),
        encoding="multipart",
        data=lambda t, s: {"file": _upload()},
        watch=evidence_files(),
        inside=writes("201 changed", inside=True),
        outside=writes("201 changed", inside=False),
    ),
    Row(
        f"{P}_evidence_attachments_create",
        variant="archived",
        kwargs=lambda t, s: {"id": t.evidence["archived"].pk},
        encoding="multipart",
        data=lambda t, s: {"file": _upload()},
        watch=evidence_files("archived"),
        inside=FROZEN_IN,
    ),
    *api_resource(
        f"{P}_rectification_orders",
        "order",
        lambda t, s: {
            "body": t.body[s].pk,
            "region": t.region[s].pk,
            "party": t.party[s].pk,
            "issued_on": "2021-08-02",
            "deadline": "2021-08-16",
            "requirement": "停止采砂，恢复河道原状",
        },
        lambda t, s: {"requirement": "停止采砂（改）"},
        "enforcement.RectificationOrder",
        lambda t, s: t.order[s].number,
    ),
    Row(f"{P}_rectification_orders_steps_list", kwargs=api_pk("order"), inside=RECORD_IN, outside=RECORD_OUT),
    Row(
        f"{P}_rectification_orders_steps_create",
        variant="record_overdue",
        kwargs=step_of("order", "record_overdue"),
        encoding="json",
        data=transition({"checked_on": dt.date.today().isoformat(), "check_note": "逾期未改"}),
        watch=fields("order"),
        inside=E(
            "403 unchanged",
            {
                "200 changed": HANDLE_IN,
                "403 unchanged": "leader reviewer judicial county two_regions",
                "404 unchanged": NOT_IN,
            },
        ),
        outside=E("403 unchanged", {"200 changed": HANDLE_OUT, "404 unchanged": TOWN_ENF}),
    ),
    Row(
        f"{P}_rectification_orders_file_case_create",
        kwargs=api_pk("order"),
        encoding="json",
        data=lambda t, s: {
            "power": t.power[s].pk,
            "officers": officers_of(t, s),
            "filed_on": dt.date.today().isoformat(),
        },
        watch=fields("order"),
        inside=writes("201 changed", inside=True),
        outside=writes("201 changed", inside=False),
    ),
    *api_resource(
        f"{P}_campaigns",
        "campaign",
        lambda t, s: {
            "name": "接口专项",
            "kind": "sand_mining",
            "region": t.town[s].pk,
            "starts_on": "2021-03-01",
        },
        lambda t, s: {"description": "工作方案（改）"},
        "enforcement.Campaign",
        lambda t, s: t.campaign[s].name,
    ),
    *api_resource(
        f"{P}_campaign_actions",
        "action",
        lambda t, s: {
            "campaign": t.campaign[s].pk,
            "acted_on": "2021-04-09",
            "places": "涓水河",
            "people_count": 4,
        },
        lambda t, s: {"people_count": 9},
        "enforcement.CampaignAction",
        lambda t, s: f'"id":{t.action[s].pk},',
    ),
    # Core's attachments API, on an evidence file: read where the case is.
    Row(
        "v1_attachments_retrieve",
        variant="an evidence file",
        kwargs=lambda t, s: {"id": t.file[s].pk},
        inside=E("404", {"200": READ_IN, "403": "anonymous"}),
        outside=E("404", {"200": READ_OUT, "403": "anonymous"}),
    ),
    Row(
        "v1_attachments_download_retrieve",
        variant="an evidence file",
        kwargs=lambda t, s: {"id": t.file[s].pk},
        inside=E("404", {"200": READ_IN, "403": "anonymous"}),
        outside=E("404", {"200": READ_OUT, "403": "anonymous"}),
    ),
    # Core's deadlines API, on a case's deadline.
    Row(
        "v1_deadlines_list",
        variant="a case's deadlines",
        marker=lambda t, s: MARK_IN if s == INSIDE else MARK_OUT,
        inside=E("200 hidden", {"200 shown": READ_IN, "403": "anonymous"}),
        outside=E("200 hidden", {"200 shown": READ_OUT, "403": "anonymous"}),
    ),
    Row(
        "v1_deadlines_retrieve",
        variant="a case's deadline",
        kwargs=api_pk("deadline"),
        inside=E("404", {"200": READ_IN, "403": "anonymous"}),
        outside=E("404", {"200": READ_OUT, "403": "anonymous"}),
    ),
]

# Cases where today's code answers otherwise (xfail, strict: remove a line when it is fixed).
KNOWN_FAILURES: dict = {}

TABLE = Table(
    app="enforcement",
    title="enforcement — 行政执法 / administrative enforcement",
    build=build,
    pages=PAGES,
    operations=OPERATIONS,
    url_namespaces=("enforcement",),
    operation_prefixes=(f"{P}_",),
    intro=__doc__.split("\n\n", 1)[1].strip(),
    known_failures=KNOWN_FAILURES,
)
