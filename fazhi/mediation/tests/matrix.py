"""Mediation's authorization table: every page and API operation, reads inside (石鼓镇: a dispute
of 歇马村) and outside (易俗河镇: a dispute of 城东村) scope, and writes.

Written by hand from the intended rules (docs/security.md is generated from it):
- reading needs `mediation.view` over the record's region: 石鼓镇's town_leader, judicial_office,
  governance_office, 歇马村's village cadre and mediator, the town's mediator, the county supervisor
  everywhere. A grid worker reads only their grid's records (a screening there, not the village's
  dispute); 古塘村's mediator reads 古塘村 only. A role without it anywhere gets 403; with it, but not
  over the record, 404.
- registering a dispute or a screening needs `mediation.register` over the place it happened
  (grid worker, village cadre, governance office, mediator); a committee or place outside the
  registrar's scope is a bad choice (400).
- the steps, parties and session records need `mediation.mediate` (the 人民调解员) over the
  dispute's region; 司法所 guides but does not mediate (403).
- `two_hats` mediates in 歇马村 and is a cadre of 古塘村: a mediator only where the membership is.
- full identity numbers and names only with `core.view_pii` in the record's region.
"""

from __future__ import annotations

from fazhi.testing.matrix import INSIDE, OUTSIDE, E, Row, Table, add_principals

OWN = add_principals(
    mediator="人民调解员 mediator · 歇马村 (on the disputes)",
    mediator_b="人民调解员 mediator · 古塘村 (another village)",
    town_mediator="人民调解员 mediator · 石鼓镇 (the town's committee)",
    other_mediator="人民调解员 mediator · 城东村 (易俗河镇)",
    two_hats="人民调解员 · 歇马村 + 村（居）委会干部 · 古塘村",
)

# --- who, written out by hand -----------------------------------------------------------------

MEDIATE_IN = "mediator town_mediator two_hats"
READ_IN = f"leader judicial governance cadre county two_regions {MEDIATE_IN}"
NOT_IN = "grid_a grid_b grid_and_officer mediator_b other_mediator"  # mediation.view elsewhere only
READ_OUT = "county two_regions other_mediator"
NOT_OUT = f"leader judicial governance cadre grid_a grid_b grid_and_officer mediator_b {MEDIATE_IN}"
READ_ANY = f"{READ_IN} {NOT_IN}"
REGISTRARS = f"governance cadre grid_a grid_b grid_and_officer mediator_b other_mediator {MEDIATE_IN}"

LIST_IN = E("403", {"200 shown": READ_IN, "200 hidden": NOT_IN})
LIST_OUT = E("403", {"200 shown": READ_OUT, "200 hidden": NOT_OUT})
RECORD_IN = E("403", {"200": READ_IN, "404": NOT_IN})
RECORD_OUT = E("403", {"200": READ_OUT, "404": NOT_OUT})
# A mediator's form page of a dispute (party, session).
MEDIATE_FORM_IN = E("403", {"200": MEDIATE_IN, "404": "mediator_b other_mediator"})
MEDIATE_FORM_OUT = E("403", {"200": "other_mediator", "404": f"mediator_b {MEDIATE_IN}"})


def mediates(ok: str, *, inside: bool) -> E:
    """A mediator's write on a dispute (a form behind `mediation.mediate`)."""
    if inside:
        return E("403 unchanged", {ok: MEDIATE_IN, "404 unchanged": "mediator_b other_mediator"})
    return E("403 unchanged", {ok: "other_mediator", "404 unchanged": f"mediator_b {MEDIATE_IN}"})


def steps(ok: str, *, inside: bool) -> E:
    """A step of DISPUTE: a mediator over the dispute's region; readers without the role 403."""
    if inside:
        return E(
            "403 unchanged",
            {
                ok: MEDIATE_IN,
                "403 unchanged": "leader judicial governance cadre county two_regions",
                "404 unchanged": NOT_IN,
            },
        )
    return E(
        "403 unchanged",
        {ok: "other_mediator", "403 unchanged": "county two_regions", "404 unchanged": NOT_OUT},
    )


# --- the tree ---------------------------------------------------------------------------------

MARK_IN, MARK_OUT = "歇马矩阵纠纷", "城东矩阵纠纷"


def build(t) -> None:
    import datetime as dt

    from fazhi.mediation import testing
    from fazhi.mediation.models import Screening, Session

    r, u = t.regions, t.users
    med = testing.med.__wrapped__(r, u)
    for name in OWN:
        setattr(u, name, getattr(med, name))
    make = testing.make_dispute.__wrapped__(med)
    walker = testing.walker.__wrapped__(u, med)
    walker.actors = lambda key, record: (
        med.mediator if record.region_id == r.village_a.pk else med.other_mediator
    )
    t.med = med
    t.committee = {INSIDE: med.village, OUTSIDE: med.other}
    t.region = {INSIDE: r.village_a, OUTSIDE: r.other_village}
    t.dispute = {
        INSIDE: make(title=MARK_IN),
        OUTSIDE: make(title=MARK_OUT, committee=med.other, registered_by=med.other_mediator),
    }
    t.agreed = {}
    for scope, committee in t.committee.items():
        dispute = make(title=f"已调解{scope}", committee=committee)
        walker.walk(dispute, "accept", "mediate")
        Session.objects.create(
            dispute=dispute,
            held_at=dt.datetime(2021, 9, 10, tzinfo=dt.UTC),
            place="调解室",
            record=f"矩阵调解记录{scope}",
        )
        walker.step(dispute, "succeed")
        t.agreed[scope] = dispute
    t.party = {s: d.parties.first() for s, d in t.dispute.items()}
    t.session = {s: d.sessions.get() for s, d in t.agreed.items()}
    t.agreement = {s: d.agreement for s, d in t.agreed.items()}
    t.screening = {
        INSIDE: Screening.objects.create(
            region=r.grid_a, screened_on=dt.date(2021, 9, 3), screened_by=u.grid_a, found="歇马矩阵排查"
        ),
        OUTSIDE: Screening.objects.create(
            region=r.other_grid,
            screened_on=dt.date(2021, 9, 3),
            screened_by=med.other_mediator,
            found="城东矩阵排查",
        ),
    }
    t.screen_region = {INSIDE: r.grid_a, OUTSIDE: r.other_grid}


def pk(attr):
    return lambda t, s: {"pk": getattr(t, attr)[s].pk}


def count(label):
    def watch(t, s):
        from django.apps import apps

        return apps.get_model(label).objects.count()

    return watch


def dispute_state(t, s):
    from fazhi.mediation.models import Dispute

    return Dispute.objects.get(pk=t.dispute[s].pk).state


def party_fields(t, s):
    from fazhi.mediation.models import DisputeParty

    party = DisputeParty.objects.get(pk=t.party[s].pk)
    return (party.occupation, party.consent)


def dispute_form(t, s):
    return {
        "committee": t.committee[s].pk,
        "region": t.region[s].pk,
        "title": "矩阵登记纠纷",
        "summary": "邻里争执",
        "dispute_type": "neighbour",
        "source": "initiative",
        "kind": "people",
        "registered_on": "2021-09-01",
        "applicant_name": "甲某",
        "respondent_name": "乙某",
    }


def party_form(t, s, **extra):
    return {"role": "third", "name": "丙某", "consent": "", **extra}


def _party_edit(t, s):
    party = t.party[s]
    return {
        "role": party.role,
        "name": party.name,
        "occupation": "农民",
        "consent": "given",
        "consent_on": "2021-09-01",
    }


PAGES = [
    Row("mediation:dispute_list", inside=LIST_IN, outside=LIST_OUT, marker=lambda t, s: t.dispute[s].title),
    Row("mediation:dispute_export", anywhere=E("403", {"200": READ_ANY})),
    Row("mediation:dispute_create", anywhere=E("403", {"200": REGISTRARS})),
    Row(
        "mediation:dispute_create",
        variant="POST",
        method="POST",
        data=dispute_form,
        watch=count("mediation.Dispute"),
        inside=E(
            "403 unchanged",
            {
                "302 changed": f"governance cadre {MEDIATE_IN}",
                "400 unchanged": "grid_a grid_b grid_and_officer mediator_b other_mediator",
            },
        ),
        outside=E(
            "403 unchanged",
            {
                "302 changed": "other_mediator",
                "400 unchanged": f"governance cadre grid_a grid_b grid_and_officer mediator_b {MEDIATE_IN}",
            },
        ),
        note="the committee and the place must be within the registrar's scope",
    ),
    Row("mediation:dispute_detail", kwargs=pk("dispute"), inside=RECORD_IN, outside=RECORD_OUT),
    Row(
        "mediation:dispute_step",
        variant="accept",
        kwargs=lambda t, s: {"pk": t.dispute[s].pk, "name": "accept"},
        inside=RECORD_IN,
        outside=RECORD_OUT,
        note="GET: the step's form, or the reason it is refused",
    ),
    Row(
        "mediation:dispute_step",
        variant="accept POST",
        method="POST",
        kwargs=lambda t, s: {"pk": t.dispute[s].pk, "name": "accept"},
        data={"accept-accepted_on": "2021-09-02"},
        watch=dispute_state,
        inside=steps("302 changed", inside=True),
        outside=steps("302 changed", inside=False),
        note="a step of DISPUTE: only a 人民调解员 over the dispute's region",
    ),
    Row("mediation:party_create", kwargs=pk("dispute"), inside=MEDIATE_FORM_IN, outside=MEDIATE_FORM_OUT),
    Row(
        "mediation:party_create",
        variant="POST",
        method="POST",
        kwargs=pk("dispute"),
        data=party_form,
        watch=count("mediation.DisputeParty"),
        inside=mediates("302 changed", inside=True),
        outside=mediates("302 changed", inside=False),
    ),
    Row(
        "mediation:party_edit",
        kwargs=lambda t, s: {"pk": t.dispute[s].pk, "party_pk": t.party[s].pk},
        inside=MEDIATE_FORM_IN,
        outside=MEDIATE_FORM_OUT,
    ),
    Row(
        "mediation:party_edit",
        variant="POST",
        method="POST",
        kwargs=lambda t, s: {"pk": t.dispute[s].pk, "party_pk": t.party[s].pk},
        data=_party_edit,
        watch=party_fields,
        inside=mediates("302 changed", inside=True),
        outside=mediates("302 changed", inside=False),
    ),
    Row("mediation:session_create", kwargs=pk("dispute"), inside=MEDIATE_FORM_IN, outside=MEDIATE_FORM_OUT),
    Row(
        "mediation:session_create",
        variant="POST",
        method="POST",
        kwargs=pk("dispute"),
        data={"held_on": "2021-09-10", "place": "调解室", "record": "双方陈述"},
        watch=count("mediation.Session"),
        inside=mediates("302 changed", inside=True),
        outside=mediates("302 changed", inside=False),
    ),
    Row("mediation:agreement_document", kwargs=pk("agreed"), inside=RECORD_IN, outside=RECORD_OUT),
    Row(
        "mediation:screening_list",
        inside=E(
            "403",
            {
                "200 shown": f"{READ_IN} grid_a grid_and_officer",
                "200 hidden": "grid_b mediator_b other_mediator",
            },
        ),
        outside=LIST_OUT,
        marker=lambda t, s: t.screening[s].found,
    ),
    Row("mediation:screening_create", anywhere=E("403", {"200": REGISTRARS})),
    Row(
        "mediation:screening_create",
        variant="POST",
        method="POST",
        data=lambda t, s: {
            "region": t.screen_region[s].pk,
            "screened_on": "2021-09-05",
            "found": "矩阵排查登记",
            "disputes_found": 0,
        },
        watch=count("mediation.Screening"),
        inside=E(
            "403 unchanged",
            {
                "302 changed": f"governance cadre grid_a grid_and_officer {MEDIATE_IN}",
                "400 unchanged": "grid_b mediator_b other_mediator",
            },
        ),
        outside=E(
            "403 unchanged",
            {
                "302 changed": "other_mediator",
                "400 unchanged": f"governance cadre grid_a grid_b grid_and_officer mediator_b {MEDIATE_IN}",
            },
        ),
    ),
]

P = "v1_mediation"


def api_pk(attr):
    return lambda t, s: {"id": getattr(t, attr)[s].pk}


def api_dispute(t, s):
    return {
        "committee": t.committee[s].pk,
        "region": t.region[s].pk,
        "title": "接口登记纠纷",
        "summary": "邻里争执",
        "dispute_type": "neighbour",
        "source": "initiative",
        "kind": "people",
        "registered_on": "2021-09-01",
    }


OPERATIONS = [
    Row(f"{P}_disputes_list", inside=LIST_IN, outside=LIST_OUT, marker=lambda t, s: t.dispute[s].title),
    Row(f"{P}_disputes_retrieve", kwargs=api_pk("dispute"), inside=RECORD_IN, outside=RECORD_OUT),
    Row(
        f"{P}_disputes_create",
        method="POST",
        encoding="json",
        data=api_dispute,
        watch=count("mediation.Dispute"),
        inside=E(
            "403 unchanged",
            {
                "201 changed": f"governance cadre {MEDIATE_IN}",
                "400 unchanged": "grid_a grid_b grid_and_officer mediator_b other_mediator",
            },
        ),
        outside=E(
            "403 unchanged",
            {
                "201 changed": "other_mediator",
                "400 unchanged": f"governance cadre grid_a grid_b grid_and_officer mediator_b {MEDIATE_IN}",
            },
        ),
    ),
    Row(f"{P}_disputes_steps_list", kwargs=api_pk("dispute"), inside=RECORD_IN, outside=RECORD_OUT),
    Row(
        f"{P}_disputes_steps_create",
        variant="accept",
        method="POST",
        encoding="json",
        kwargs=lambda t, s: {"id": t.dispute[s].pk, "step": "accept"},
        data={"accepted_on": "2021-09-02"},
        watch=dispute_state,
        inside=steps("200 changed", inside=True),
        outside=steps("200 changed", inside=False),
    ),
    Row(f"{P}_sessions_list", inside=LIST_IN, outside=LIST_OUT, marker=lambda t, s: t.session[s].record),
    Row(f"{P}_sessions_retrieve", kwargs=api_pk("session"), inside=RECORD_IN, outside=RECORD_OUT),
    Row(
        f"{P}_sessions_create",
        method="POST",
        encoding="json",
        data=lambda t, s: {
            "dispute": t.dispute[s].pk,
            "held_at": "2021-09-10T09:00:00+08:00",
            "place": "调解室",
            "record": "接口调解记录",
        },
        watch=count("mediation.Session"),
        inside=E("403 unchanged", {"201 changed": MEDIATE_IN, "400 unchanged": "mediator_b other_mediator"}),
        outside=E(
            "403 unchanged", {"201 changed": "other_mediator", "400 unchanged": f"mediator_b {MEDIATE_IN}"}
        ),
    ),
    Row(
        f"{P}_agreements_list",
        inside=LIST_IN,
        outside=LIST_OUT,
        marker=lambda t, s: f'"id":{t.agreement[s].pk},"dispute"',
    ),
    Row(f"{P}_agreements_retrieve", kwargs=api_pk("agreement"), inside=RECORD_IN, outside=RECORD_OUT),
]

TABLE = Table(
    app="mediation",
    title="mediation — 人民调解 / people's mediation",
    build=build,
    pages=PAGES,
    operations=OPERATIONS,
    url_namespaces=("mediation",),
    operation_prefixes=("v1_mediation_",),
    intro=__doc__.split("\n\n", 1)[1].strip(),
    principals=OWN,
)
