"""The reports app's authorization table: every page and API operation, reads inside (石鼓镇's
2021 report) and outside (易俗河镇's) scope, and writes.

Written by hand from the intended rules (docs/security.md is generated from it):
- reading the dashboards and the reports needs `reports.view` over the report's region: 石鼓镇's
  town_leader, judicial_office, governance_office and gov_office, the county supervisor
  everywhere; every other role gets 403, and a town's reader meets another town's report as 404.
- the records behind a value need the figure's own read permission (here enforcement's
  `enforcement.view`: leader, judicial, officers, reviewer, county); the page shows only records
  the reader may read.
- drafting (a new report, its sections, its problems, leaving out sentences waiting for data)
  needs `reports.draft` over the region and, for 司法所, the town's rule (off by default:
  judicial gets 403); 易俗河镇's 党政办 (`other_office`) drafts 易俗河镇's.
- the steps are the workflow's: 提交审核 by the drafters (司法所 refused by the rule: 409),
  审核 by 司法所 (never the drafter), 审定 by the leader (the principal leader's post).
"""

from __future__ import annotations

from fazhi.testing.matrix import INSIDE, OUTSIDE, E, Row, Table, add_principals

OWN = add_principals(other_office="党政办 gov_office · 易俗河镇")

READ_IN = "leader judicial governance gov_office county two_regions"
TOWN_READERS = "leader judicial governance gov_office"
READ_OUT = "county two_regions other_office"
READ_ANY = f"{READ_IN} other_office"
CASE_READERS = "leader judicial officer officer2 reviewer county two_regions grid_and_officer other_officer"

LIST_IN = E("403", {"200 shown": READ_IN, "200 hidden": "other_office"})
LIST_OUT = E("403", {"200 shown": READ_OUT, "200 hidden": TOWN_READERS})
RECORD_IN = E("403", {"200": READ_IN, "404": "other_office"})
RECORD_OUT = E("403", {"200": READ_OUT, "404": TOWN_READERS})
# A drafter's form page (sections, problems): 党政办 of the report's town; 司法所 by the rule only.
DRAFT_FORM_IN = E("403", {"200": "gov_office", "404": "other_office"})
DRAFT_FORM_OUT = E("403", {"200": "other_office", "404": "judicial gov_office"})


def drafts(ok: str, *, inside: bool) -> E:
    if inside:
        return E("403 unchanged", {ok: "gov_office", "404 unchanged": "other_office"})
    return E("403 unchanged", {ok: "other_office", "404 unchanged": "judicial gov_office"})


def submit_step(ok: str, *, inside: bool, api: bool = False) -> E:
    """提交审核: the drafters over the report's region; 司法所 refused by the town rule (409)."""
    if inside:
        return E(
            "403 unchanged",
            {
                ok: "gov_office",
                "409 unchanged": "judicial",
                "403 unchanged": "leader governance county two_regions",
                "404 unchanged": "other_office",
            },
        )
    return E(
        "403 unchanged",
        {ok: "other_office", "403 unchanged": "county two_regions", "404 unchanged": TOWN_READERS},
    )


MARK_IN, MARK_OUT = "湘潭县石鼓镇2021年法治政府建设工作报告", "湘潭县易俗河镇2021年法治政府建设工作报告"


def build(t) -> None:
    from fazhi.conftest import make_user
    from fazhi.reports import drafting
    from fazhi.reports.testing import with_pending

    r, u = t.regions, t.users
    u.other_office = make_user("other_office", "gov_office", r.other_town, "易俗河镇党政办")
    t.report = {
        INSIDE: with_pending(drafting.create_report(r.town, 2021, u.gov_office)),
        OUTSIDE: with_pending(drafting.create_report(r.other_town, 2021, u.other_office)),
    }
    t.section = {s: rep.sections.get(key="enforcement") for s, rep in t.report.items()}
    t.problem = {s: rep.problems.first() for s, rep in t.report.items()}
    t.town = {INSIDE: r.town, OUTSIDE: r.other_town}


def pk(t, s):
    return {"pk": t.report[s].pk}


def count(label):
    def watch(t, s):
        from django.apps import apps

        return apps.get_model(label).objects.count()

    return watch


def report_state(t, s):
    from fazhi.reports.models import Report

    return Report.objects.get(pk=t.report[s].pk).state


def section_body(t, s):
    from fazhi.reports.models import Section

    return Section.objects.get(pk=t.section[s].pk).body


def problem_text(t, s):
    from fazhi.reports.models import Problem

    return Problem.objects.get(pk=t.problem[s].pk).cause


def bodies(t, s):
    from fazhi.reports.models import Section

    return "".join(Section.objects.filter(report=t.report[s]).values_list("body", flat=True))


def section_kwargs(t, s):
    return {"pk": t.report[s].pk, "section_pk": t.section[s].pk}


def problem_kwargs(t, s):
    return {"pk": t.report[s].pk, "problem_pk": t.problem[s].pk}


SECTION_DATA = {
    "heading": "（二）规范执法",
    "level": 2,
    "item": 1,
    "body": "矩阵修改{enforcement.cases_filed}件。",
}
PROBLEM_DATA = {"problem": "矩阵问题", "cause": "矩阵原因", "measure": "矩阵措施", "order": 5}

PAGES = [
    Row("reports:index", anywhere=E("403", {"200": READ_ANY})),
    Row(
        "reports:records",
        query={"code": "enforcement.cases_filed", "year": 2021},
        anywhere=E("403", {"200": CASE_READERS}),
        note="the figure's own read permission; only the records the reader may read",
    ),
    Row("reports:report_list", inside=LIST_IN, outside=LIST_OUT, marker=lambda t, s: t.report[s].title),
    Row("reports:report_create", anywhere=E("403", {"200": "judicial gov_office other_office"})),
    Row(
        "reports:report_create",
        variant="POST",
        method="POST",
        data=lambda t, s: {"region": t.town[s].pk, "year": 2019, "outline": "reference"},
        watch=count("reports.Report"),
        inside=E(
            "403 unchanged",
            {"302 changed": "gov_office", "400 unchanged": "other_office"},
        ),
        outside=E(
            "403 unchanged",
            {"302 changed": "other_office", "400 unchanged": "judicial gov_office"},
        ),
        note="judicial_office drafts only where the town's rule says so (403 by default)",
    ),
    Row("reports:report_detail", kwargs=pk, inside=RECORD_IN, outside=RECORD_OUT),
    Row(
        "reports:report_step",
        variant="submit",
        kwargs=lambda t, s: {"pk": t.report[s].pk, "name": "submit"},
        inside=RECORD_IN,
        outside=RECORD_OUT,
        note="GET: the step's form, or the reason it is refused",
    ),
    Row(
        "reports:report_step",
        variant="submit POST",
        method="POST",
        kwargs=lambda t, s: {"pk": t.report[s].pk, "name": "submit"},
        data={},
        watch=report_state,
        inside=submit_step("302 changed", inside=True),
        outside=submit_step("302 changed", inside=False),
    ),
    Row("reports:section_create", kwargs=pk, inside=DRAFT_FORM_IN, outside=DRAFT_FORM_OUT),
    Row(
        "reports:section_create",
        variant="POST",
        method="POST",
        kwargs=pk,
        data=SECTION_DATA,
        watch=count("reports.Section"),
        inside=drafts("302 changed", inside=True),
        outside=drafts("302 changed", inside=False),
    ),
    Row("reports:section_edit", kwargs=section_kwargs, inside=DRAFT_FORM_IN, outside=DRAFT_FORM_OUT),
    Row(
        "reports:section_edit",
        variant="POST",
        method="POST",
        kwargs=section_kwargs,
        data=SECTION_DATA,
        watch=section_body,
        inside=drafts("302 changed", inside=True),
        outside=drafts("302 changed", inside=False),
    ),
    Row("reports:problem_create", kwargs=pk, inside=DRAFT_FORM_IN, outside=DRAFT_FORM_OUT),
    Row(
        "reports:problem_create",
        variant="POST",
        method="POST",
        kwargs=pk,
        data=PROBLEM_DATA,
        watch=count("reports.Problem"),
        inside=drafts("302 changed", inside=True),
        outside=drafts("302 changed", inside=False),
    ),
    Row("reports:problem_edit", kwargs=problem_kwargs, inside=DRAFT_FORM_IN, outside=DRAFT_FORM_OUT),
    Row(
        "reports:problem_edit",
        variant="POST",
        method="POST",
        kwargs=problem_kwargs,
        data=PROBLEM_DATA,
        watch=problem_text,
        inside=drafts("302 changed", inside=True),
        outside=drafts("302 changed", inside=False),
    ),
    Row(
        "reports:drop_pending",
        variant="POST",
        method="POST",
        kwargs=pk,
        data={},
        watch=bodies,
        inside=drafts("302 changed", inside=True),
        outside=drafts("302 changed", inside=False),
    ),
    Row("reports:report_differences", kwargs=pk, inside=RECORD_IN, outside=RECORD_OUT),
    Row(
        "reports:report_output",
        kwargs=lambda t, s: {"pk": t.report[s].pk, "fmt": "md"},
        inside=RECORD_IN,
        outside=RECORD_OUT,
    ),
]

P = "v1_reports"


def api_pk(t, s):
    return {"id": t.report[s].pk}


OPERATIONS = [
    Row(f"{P}_figures_list", anywhere=E("403", {"200": READ_ANY})),
    Row(
        f"{P}_figures_retrieve",
        kwargs={"id": "enforcement.cases_filed"},
        anywhere=E(
            "403", {"200": "leader judicial county two_regions", "404": "governance gov_office other_office"}
        ),
        note="a figure the reader may not open is not found",
    ),
    Row(f"{P}_annual_list", inside=LIST_IN, outside=LIST_OUT, marker=lambda t, s: t.report[s].title),
    Row(f"{P}_annual_retrieve", kwargs=api_pk, inside=RECORD_IN, outside=RECORD_OUT),
    Row(f"{P}_annual_composed_retrieve", kwargs=api_pk, inside=RECORD_IN, outside=RECORD_OUT),
    Row(
        f"{P}_annual_output_retrieve",
        kwargs=api_pk,
        query={"fmt": "md"},
        inside=RECORD_IN,
        outside=RECORD_OUT,
    ),
    Row(
        f"{P}_annual_create",
        method="POST",
        encoding="json",
        data=lambda t, s: {"region": t.town[s].pk, "year": 2019},
        watch=count("reports.Report"),
        inside=E(
            "403 unchanged",
            {"201 changed": "gov_office", "400 unchanged": "other_office"},
        ),
        outside=E(
            "403 unchanged",
            {"201 changed": "other_office", "400 unchanged": "judicial gov_office"},
        ),
    ),
    Row(f"{P}_annual_steps_list", kwargs=api_pk, inside=RECORD_IN, outside=RECORD_OUT),
    Row(
        f"{P}_annual_steps_create",
        variant="submit",
        method="POST",
        encoding="json",
        kwargs=lambda t, s: {"id": t.report[s].pk, "step": "submit"},
        data={},
        watch=report_state,
        inside=submit_step("200 changed", inside=True, api=True),
        outside=submit_step("200 changed", inside=False, api=True),
    ),
]

TABLE = Table(
    app="reports",
    title="reports — 年度报告与统计 / annual reports and dashboards",
    build=build,
    pages=PAGES,
    operations=OPERATIONS,
    url_namespaces=("reports",),
    operation_prefixes=("v1_reports_",),
    intro=__doc__.split("\n\n", 1)[1].strip(),
    principals=OWN,
)
