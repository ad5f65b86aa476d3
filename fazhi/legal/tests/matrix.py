"""Legal work's authorization table: every page and API operation, reads inside (石鼓镇) and
outside (易俗河镇) scope, and writes.

Written by hand from the intended rules (docs/security.md is generated from it):
- reading needs `legal.view` over the record's region through a role that gives no legal
  opinion: 石鼓镇's town_leader, judicial_office and gov_office, the county supervisor
  everywhere. A role without `legal.view` anywhere gets 403.
- a legal adviser (`legal.opinion`) reads only what is assigned to them (the inside decision and
  contract are given to `adviser` for their opinion), their own adviser record and their own
  service log: 歇马村's adviser (`adviser_a`) and 易俗河镇's (`other_adviser`) get 404 on the town
  adviser's records, and the town adviser 404 on the unassigned normative document.
- advisers, the catalogue and the registers need `legal.manage` (司法所); starting and carrying a
  decision, contract or normative document `legal.draft` (党政办, 司法所); the steps check their
  roles over the record's region (the leader holds the meeting; 司法所 reviews).
- an adviser logs their own work; the judicial office may log an adviser's work of its town.
"""

from __future__ import annotations

from fazhi.testing.matrix import INSIDE, OUTSIDE, E, Row, Table, add_principals

OWN = add_principals(
    adviser_a="法律顾问 legal_adviser · 歇马村 (a village's adviser)",
    other_adviser="法律顾问 legal_adviser · 易俗河镇",
)

# --- who, written out by hand -----------------------------------------------------------------

READ_IN = "leader judicial gov_office county two_regions"
READ_OUT = "county two_regions"
TOWN_READERS = "leader judicial gov_office"
ADVISERS = "adviser adviser_a other_adviser"
NOT_IN_ADVISERS = "adviser_a other_adviser"  # an assigned or owned record of the town adviser
ALL_READERS = f"{READ_IN} {ADVISERS}"
DRAFTERS = "judicial gov_office"

# a record given to (or owned by) the town adviser
ASSIGNED_IN = E("403", {"200": f"{READ_IN} adviser", "404": NOT_IN_ADVISERS})
# a town record no adviser may read
RECORD_IN = E("403", {"200": READ_IN, "404": ADVISERS})
RECORD_OUT = E("403", {"200": READ_OUT, "404": f"{TOWN_READERS} {ADVISERS}"})
OWNED_OUT = E("403", {"200": f"{READ_OUT} other_adviser", "404": f"{TOWN_READERS} adviser adviser_a"})
LIST_ASSIGNED_IN = E("403", {"200 shown": f"{READ_IN} adviser", "200 hidden": NOT_IN_ADVISERS})
LIST_IN = E("403", {"200 shown": READ_IN, "200 hidden": ADVISERS})
LIST_OUT = E("403", {"200 shown": READ_OUT, "200 hidden": f"{TOWN_READERS} {ADVISERS}"})
LIST_OWNED_OUT = E(
    "403", {"200 shown": f"{READ_OUT} other_adviser", "200 hidden": f"{TOWN_READERS} adviser adviser_a"}
)
ANY_READER = E("403", {"200": ALL_READERS})


def manage_form(inside: bool) -> E:
    return E("403", {"200": "judicial"}) if inside else E("403", {"404": "judicial"})


def draft_form(inside: bool) -> E:
    return E("403", {"200": DRAFTERS}) if inside else E("403", {"404": DRAFTERS})


def drafts(ok: str, inside: bool) -> E:
    """A step only 党政办 and 司法所 take (DRAFTERS) over the record's region."""
    if inside:
        return E(
            "403 unchanged",
            {
                ok: DRAFTERS,
                "403 unchanged": "leader county two_regions adviser",
                "404 unchanged": NOT_IN_ADVISERS,
            },
        )
    return E("403 unchanged", {"403 unchanged": READ_OUT, "404 unchanged": f"{TOWN_READERS} {ADVISERS}"})


def drafts_unassigned(ok: str, inside: bool) -> E:
    if inside:
        return E(
            "403 unchanged",
            {ok: DRAFTERS, "403 unchanged": "leader county two_regions", "404 unchanged": ADVISERS},
        )
    return drafts(ok, inside)


# --- the tree ---------------------------------------------------------------------------------

MARK = {INSIDE: "石鼓矩阵", OUTSIDE: "易俗河矩阵"}


def build(t) -> None:
    import datetime as dt

    from fazhi.conftest import make_user
    from fazhi.core import links
    from fazhi.legal import purposes, testing
    from fazhi.legal.models import Adviser, Engagement, LegalLiterate, PublicComment

    r, u = t.regions, t.users
    ns = testing.build(r, u)
    u.adviser_a = ns.adviser_a
    u.other_adviser = make_user("other_adviser", "legal_adviser", r.other_town, "易俗河法律顾问")
    other_adviser = Adviser.objects.create(
        region=r.other_town,
        user=u.other_adviser,
        name="易俗河律师",
        firm="某律师事务所",
        licence_number="14303201210111111",
        contract_start=dt.date(2021, 1, 1),
        contract_end=dt.date(2030, 12, 31),
    )
    t.legal = ns
    t.entry = {INSIDE: ns.plain, OUTSIDE: ns.other_entry}
    t.catalogue = {INSIDE: ns.catalogue, OUTSIDE: ns.other_catalogue}
    t.town = {INSIDE: r.town, OUTSIDE: r.other_town}
    t.adviser_rec = {INSIDE: ns.town_adviser, OUTSIDE: other_adviser}
    t.decision = {
        s: testing.make_decision(ns, entry=t.entry[s], title=f"{MARK[s]}决策") for s in (INSIDE, OUTSIDE)
    }
    t.contract = {s: testing.make_contract(t.town[s], title=f"{MARK[s]}合同") for s in (INSIDE, OUTSIDE)}
    t.normative = {
        s: testing.make_normative(t.town[s], title=f"{MARK[s]}规范性文件") for s in (INSIDE, OUTSIDE)
    }
    links.assign(t.decision[INSIDE], u.adviser, purpose=purposes.OPINION)
    links.assign(t.contract[INSIDE], u.adviser, purpose=purposes.OPINION)
    t.engagement = {
        s: Engagement.objects.create(
            adviser=t.adviser_rec[s], kind="duty", day=dt.date(2021, 3, 3), subject=f"{MARK[s]}值班"
        )
        for s in (INSIDE, OUTSIDE)
    }
    t.comment = {
        s: PublicComment.objects.create(
            decision=t.decision[s], received_on=dt.date(2021, 3, 5), content=f"{MARK[s]}意见"
        )
        for s in (INSIDE, OUTSIDE)
    }
    village = {INSIDE: r.village_a, OUTSIDE: r.other_village}
    t.literate = {
        s: LegalLiterate.objects.create(region=village[s], name=f"{MARK[s]}明白人", since=dt.date(2021, 1, 1))
        for s in (INSIDE, OUTSIDE)
    }


def pk(attr):
    return lambda t, s: {"pk": getattr(t, attr)[s].pk}


def api_pk(attr):
    return lambda t, s: {"id": getattr(t, attr)[s].pk}


def count(label):
    def watch(t, s):
        from django.apps import apps

        return apps.get_model(label).objects.count()

    return watch


def state_of(attr, label):
    def watch(t, s):
        from django.apps import apps

        return apps.get_model(label).objects.get(pk=getattr(t, attr)[s].pk).state

    return watch


def comment_answer(t, s):
    from fazhi.legal.models import PublicComment

    return PublicComment.objects.get(pk=t.comment[s].pk).answer


def marker(attr, field="title"):
    return lambda t, s: getattr(getattr(t, attr)[s], field)


def decision_form(t, s):
    return {
        "entry": t.entry[s].pk,
        "region": t.town[s].pk,
        "title": "矩阵启动决策",
        "undertaker": "党政办",
        "started_on": "2021-03-01",
    }


def engagement_form(t, s):
    return {
        "adviser": t.adviser_rec[s].pk,
        "kind": "visit",
        "day": "2021-04-01",
        "hours": "2",
        "subject": "矩阵走访",
        "people": "0",
    }


# A create form whose choices (entry, region, adviser) are within the writer's scope: inside the
# writers succeed; outside their choices are refused (400).
def creates(ok: str, who: str, bad: str = "400 unchanged") -> tuple[E, E]:
    return (E("403 unchanged", {ok: who}), E("403 unchanged", {bad: who}))


DECISION_IN, DECISION_OUT = creates("302 changed", DRAFTERS)
ENGAGE_IN = E("403 unchanged", {"302 changed": "adviser judicial", "400 unchanged": NOT_IN_ADVISERS})
ENGAGE_OUT = E(
    "403 unchanged", {"302 changed": "other_adviser", "400 unchanged": "judicial adviser adviser_a"}
)

PAGES = [
    Row("legal:index", anywhere=ANY_READER),
    Row(
        "legal:adviser_list",
        inside=LIST_ASSIGNED_IN,
        outside=LIST_OWNED_OUT,
        marker=marker("adviser_rec", "name"),
    ),
    Row("legal:adviser_export", anywhere=ANY_READER),
    Row("legal:adviser_create", anywhere=E("403", {"200": "judicial"})),
    Row(
        "legal:adviser_create",
        variant="POST",
        method="POST",
        data=lambda t, s: {
            "region": t.town[s].pk,
            "name": "新聘律师",
            "firm": "某律师事务所",
            "licence_number": "14303201810222222",
            "contract_start": "2021-01-01",
            "contract_end": "2021-12-31",
            "duty_days_month": "1",
            "lectures_quarter": "1",
        },
        watch=count("legal.Adviser"),
        inside=E("403 unchanged", {"302 changed": "judicial"}),
        outside=E("403 unchanged", {"400 unchanged": "judicial"}),
    ),
    Row("legal:adviser_detail", kwargs=pk("adviser_rec"), inside=ASSIGNED_IN, outside=OWNED_OUT),
    Row("legal:adviser_edit", kwargs=pk("adviser_rec"), inside=manage_form(True), outside=manage_form(False)),
    Row(
        "legal:engagement_list",
        inside=LIST_ASSIGNED_IN,
        outside=LIST_OWNED_OUT,
        marker=marker("engagement", "subject"),
    ),
    Row("legal:engagement_export", anywhere=ANY_READER),
    Row("legal:engagement_create", anywhere=E("403", {"200": f"judicial {ADVISERS}"})),
    Row(
        "legal:engagement_create",
        variant="POST",
        method="POST",
        data=engagement_form,
        watch=count("legal.Engagement"),
        inside=ENGAGE_IN,
        outside=ENGAGE_OUT,
        note="an adviser logs their own work; the judicial office an adviser's of its town",
    ),
    Row("legal:literate_list", inside=LIST_IN, outside=LIST_OUT, marker=marker("literate", "name")),
    Row("legal:literate_create", anywhere=E("403", {"200": "judicial"})),
    Row("legal:catalogue_list", inside=LIST_IN, outside=LIST_OUT, marker=marker("catalogue")),
    Row("legal:catalogue_create", anywhere=E("403", {"200": "judicial"})),
    Row("legal:catalogue_export", anywhere=ANY_READER),
    Row("legal:catalogue_detail", kwargs=pk("catalogue"), inside=RECORD_IN, outside=RECORD_OUT),
    Row("legal:catalogue_edit", kwargs=pk("catalogue"), inside=manage_form(True), outside=manage_form(False)),
    Row("legal:entry_create", kwargs=pk("catalogue"), inside=manage_form(True), outside=manage_form(False)),
    Row(
        "legal:entry_create",
        variant="POST",
        method="POST",
        kwargs=pk("catalogue"),
        data={
            "name": "矩阵增补事项",
            "decider": "镇人民政府",
            "undertaker": "党政办",
            "needs_participation": "on",
        },
        watch=count("legal.CatalogueEntry"),
        inside=E("403 unchanged", {"302 changed": "judicial"}),
        outside=E("403 unchanged", {"404 unchanged": "judicial"}),
    ),
    Row("legal:decision_list", inside=LIST_ASSIGNED_IN, outside=LIST_OUT, marker=marker("decision")),
    Row("legal:decision_export", anywhere=ANY_READER),
    Row("legal:decision_create", anywhere=E("403", {"200": DRAFTERS})),
    Row(
        "legal:decision_create",
        variant="POST",
        method="POST",
        data=decision_form,
        watch=count("legal.Decision"),
        inside=DECISION_IN,
        outside=DECISION_OUT,
        note="the catalogue entry and the town must be within the drafter's scope",
    ),
    Row("legal:decision_detail", kwargs=pk("decision"), inside=ASSIGNED_IN, outside=RECORD_OUT),
    Row(
        "legal:decision_step",
        variant="draft",
        kwargs=lambda t, s: {"pk": t.decision[s].pk, "name": "draft"},
        inside=ASSIGNED_IN,
        outside=RECORD_OUT,
        note="GET: the step's form, or the reason it is refused",
    ),
    Row(
        "legal:decision_step",
        variant="draft POST",
        method="POST",
        kwargs=lambda t, s: {"pk": t.decision[s].pk, "name": "draft"},
        data={"draft-draft": "矩阵草案", "draft-drafted_on": "2021-03-05"},
        watch=state_of("decision", "legal.Decision"),
        inside=drafts("302 changed", True),
        outside=drafts("302 changed", False),
    ),
    Row(
        "legal:decision_document",
        kwargs=lambda t, s: {"pk": t.decision[s].pk, "key": "record"},
        inside=ASSIGNED_IN,
        outside=RECORD_OUT,
    ),
    Row("legal:decision_archive", kwargs=pk("decision"), inside=ASSIGNED_IN, outside=RECORD_OUT),
    Row("legal:comment_create", kwargs=pk("decision"), inside=draft_form(True), outside=draft_form(False)),
    Row(
        "legal:comment_create",
        variant="POST",
        method="POST",
        kwargs=pk("decision"),
        data={"received_on": "2021-03-06", "content": "矩阵公众意见", "answer": ""},
        watch=count("legal.PublicComment"),
        inside=E("403 unchanged", {"302 changed": DRAFTERS}),
        outside=E("403 unchanged", {"404 unchanged": DRAFTERS}),
    ),
    Row(
        "legal:comment_edit",
        kwargs=lambda t, s: {"pk": t.decision[s].pk, "comment_pk": t.comment[s].pk},
        inside=draft_form(True),
        outside=draft_form(False),
    ),
    Row("legal:contract_list", inside=LIST_ASSIGNED_IN, outside=LIST_OUT, marker=marker("contract")),
    Row("legal:contract_export", anywhere=ANY_READER),
    Row("legal:contract_create", anywhere=E("403", {"200": DRAFTERS})),
    Row("legal:contract_detail", kwargs=pk("contract"), inside=ASSIGNED_IN, outside=RECORD_OUT),
    Row(
        "legal:contract_step",
        variant="submit POST",
        method="POST",
        kwargs=lambda t, s: {"pk": t.contract[s].pk, "name": "submit"},
        data={"submit-submitted_on": "2021-05-10"},
        watch=state_of("contract", "legal.Contract"),
        inside=drafts("302 changed", True),
        outside=drafts("302 changed", False),
    ),
    Row("legal:normative_list", inside=LIST_IN, outside=LIST_OUT, marker=marker("normative")),
    Row("legal:normative_export", anywhere=ANY_READER),
    Row("legal:normative_create", anywhere=E("403", {"200": DRAFTERS})),
    Row("legal:normative_detail", kwargs=pk("normative"), inside=RECORD_IN, outside=RECORD_OUT),
    Row(
        "legal:normative_step",
        variant="submit POST",
        method="POST",
        kwargs=lambda t, s: {"pk": t.normative[s].pk, "name": "submit"},
        data={"submit-submitted_on": "2021-05-10"},
        watch=state_of("normative", "legal.NormativeDocument"),
        inside=drafts_unassigned("302 changed", True),
        outside=drafts_unassigned("302 changed", False),
    ),
]

P = "v1_legal"
API_ASSIGNED_IN = ASSIGNED_IN
API_STEPS_IN = drafts("200 changed", True)
API_STEPS_OUT = drafts("200 changed", False)

OPERATIONS = [
    Row(
        f"{P}_advisers_list",
        inside=LIST_ASSIGNED_IN,
        outside=LIST_OWNED_OUT,
        marker=marker("adviser_rec", "name"),
    ),
    Row(f"{P}_advisers_retrieve", kwargs=api_pk("adviser_rec"), inside=ASSIGNED_IN, outside=OWNED_OUT),
    Row(
        f"{P}_advisers_create",
        method="POST",
        encoding="json",
        data=lambda t, s: {
            "region": t.town[s].pk,
            "name": "接口律师",
            "firm": "某律师事务所",
            "licence_number": "14303201810333333",
            "contract_start": "2021-01-01",
            "contract_end": "2021-12-31",
        },
        watch=count("legal.Adviser"),
        inside=E("403 unchanged", {"201 changed": "judicial"}),
        outside=E("403 unchanged", {"400 unchanged": "judicial"}),
    ),
    Row(
        f"{P}_engagements_list",
        inside=LIST_ASSIGNED_IN,
        outside=LIST_OWNED_OUT,
        marker=marker("engagement", "subject"),
    ),
    Row(f"{P}_engagements_retrieve", kwargs=api_pk("engagement"), inside=ASSIGNED_IN, outside=OWNED_OUT),
    Row(
        f"{P}_engagements_create",
        method="POST",
        encoding="json",
        data=lambda t, s: {**engagement_form(t, s), "people": 0},
        watch=count("legal.Engagement"),
        inside=E("403 unchanged", {"201 changed": "adviser", "400 unchanged": NOT_IN_ADVISERS}),
        outside=E("403 unchanged", {"201 changed": "other_adviser", "400 unchanged": "adviser adviser_a"}),
        note="the API's log is the adviser's own (legal.opinion)",
    ),
    Row(f"{P}_catalogues_list", inside=LIST_IN, outside=LIST_OUT, marker=marker("catalogue")),
    Row(f"{P}_catalogues_retrieve", kwargs=api_pk("catalogue"), inside=RECORD_IN, outside=RECORD_OUT),
    Row(
        f"{P}_catalogues_create",
        method="POST",
        encoding="json",
        data=lambda t, s: {"region": t.town[s].pk, "year": 2023, "title": "接口目录"},
        watch=count("legal.Catalogue"),
        inside=E("403 unchanged", {"201 changed": "judicial"}),
        outside=E("403 unchanged", {"400 unchanged": "judicial"}),
    ),
    Row(f"{P}_catalogue_entries_list", inside=LIST_IN, outside=LIST_OUT, marker=marker("entry", "name")),
    Row(f"{P}_catalogue_entries_retrieve", kwargs=api_pk("entry"), inside=RECORD_IN, outside=RECORD_OUT),
    Row(
        f"{P}_catalogue_entries_create",
        method="POST",
        encoding="json",
        data=lambda t, s: {"catalogue": t.catalogue[s].pk, "name": "接口事项", "undertaker": "党政办"},
        watch=count("legal.CatalogueEntry"),
        inside=E("403 unchanged", {"201 changed": "judicial"}),
        outside=E("403 unchanged", {"400 unchanged": "judicial"}),
    ),
    Row(f"{P}_decisions_list", inside=LIST_ASSIGNED_IN, outside=LIST_OUT, marker=marker("decision")),
    Row(f"{P}_decisions_retrieve", kwargs=api_pk("decision"), inside=ASSIGNED_IN, outside=RECORD_OUT),
    Row(
        f"{P}_decisions_create",
        method="POST",
        encoding="json",
        data=decision_form,
        watch=count("legal.Decision"),
        inside=E("403 unchanged", {"201 changed": DRAFTERS}),
        outside=E("403 unchanged", {"400 unchanged": DRAFTERS}),
    ),
    Row(f"{P}_decisions_steps_list", kwargs=api_pk("decision"), inside=ASSIGNED_IN, outside=RECORD_OUT),
    Row(
        f"{P}_decisions_steps_create",
        variant="draft",
        method="POST",
        encoding="json",
        kwargs=lambda t, s: {"id": t.decision[s].pk, "step": "draft"},
        data={"draft": "接口草案"},
        watch=state_of("decision", "legal.Decision"),
        inside=API_STEPS_IN,
        outside=API_STEPS_OUT,
    ),
    # comments are not assigned: the adviser reads them on the decision's page only
    Row(f"{P}_comments_list", inside=LIST_IN, outside=LIST_OUT, marker=marker("comment", "content")),
    Row(f"{P}_comments_retrieve", kwargs=api_pk("comment"), inside=RECORD_IN, outside=RECORD_OUT),
    Row(
        f"{P}_comments_create",
        method="POST",
        encoding="json",
        data=lambda t, s: {"decision": t.decision[s].pk, "received_on": "2021-03-06", "content": "接口意见"},
        watch=count("legal.PublicComment"),
        inside=E("403 unchanged", {"201 changed": DRAFTERS}),
        outside=E("403 unchanged", {"400 unchanged": DRAFTERS}),
    ),
    Row(
        f"{P}_comments_partial_update",
        method="PATCH",
        encoding="json",
        kwargs=api_pk("comment"),
        data={"answer": "adopted"},
        watch=comment_answer,
        inside=E("403 unchanged", {"200 changed": DRAFTERS}),
        outside=E("403 unchanged", {"404 unchanged": DRAFTERS}),
    ),
    Row(f"{P}_contracts_list", inside=LIST_ASSIGNED_IN, outside=LIST_OUT, marker=marker("contract")),
    Row(f"{P}_contracts_retrieve", kwargs=api_pk("contract"), inside=ASSIGNED_IN, outside=RECORD_OUT),
    Row(
        f"{P}_contracts_create",
        method="POST",
        encoding="json",
        data=lambda t, s: {
            "region": t.town[s].pk,
            "title": "接口合同",
            "undertaker": "党政办",
            "counterparty": "某公司",
        },
        watch=count("legal.Contract"),
        inside=E("403 unchanged", {"201 changed": DRAFTERS}),
        outside=E("403 unchanged", {"400 unchanged": DRAFTERS}),
    ),
    Row(f"{P}_contracts_steps_list", kwargs=api_pk("contract"), inside=ASSIGNED_IN, outside=RECORD_OUT),
    Row(
        f"{P}_contracts_steps_create",
        variant="submit",
        method="POST",
        encoding="json",
        kwargs=lambda t, s: {"id": t.contract[s].pk, "step": "submit"},
        data={"submitted_on": "2021-05-10"},
        watch=state_of("contract", "legal.Contract"),
        inside=API_STEPS_IN,
        outside=API_STEPS_OUT,
    ),
    Row(f"{P}_normative_documents_list", inside=LIST_IN, outside=LIST_OUT, marker=marker("normative")),
    Row(
        f"{P}_normative_documents_retrieve", kwargs=api_pk("normative"), inside=RECORD_IN, outside=RECORD_OUT
    ),
    Row(
        f"{P}_normative_documents_create",
        method="POST",
        encoding="json",
        data=lambda t, s: {"region": t.town[s].pk, "title": "接口规范性文件", "drafting_unit": "司法所"},
        watch=count("legal.NormativeDocument"),
        inside=E("403 unchanged", {"201 changed": DRAFTERS}),
        outside=E("403 unchanged", {"400 unchanged": DRAFTERS}),
    ),
    Row(
        f"{P}_normative_documents_steps_list",
        kwargs=api_pk("normative"),
        inside=RECORD_IN,
        outside=RECORD_OUT,
    ),
    Row(
        f"{P}_normative_documents_steps_create",
        variant="submit",
        method="POST",
        encoding="json",
        kwargs=lambda t, s: {"id": t.normative[s].pk, "step": "submit"},
        data={"submitted_on": "2021-05-10"},
        watch=state_of("normative", "legal.NormativeDocument"),
        inside=drafts_unassigned("200 changed", True),
        outside=drafts_unassigned("200 changed", False),
    ),
    Row(f"{P}_coverage_list", anywhere=ANY_READER),
]

TABLE = Table(
    app="legal",
    title="legal — 法律顾问、重大行政决策、合同、规范性文件 / legal advisers, major decisions, contracts, normative documents",
    build=build,
    pages=PAGES,
    operations=OPERATIONS,
    url_namespaces=("legal",),
    operation_prefixes=("v1_legal_",),
    intro=__doc__.split("\n\n", 1)[1].strip(),
    principals=OWN,
)
