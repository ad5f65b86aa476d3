"""The portal's authorization table: every public page answers 200 to every principal, anonymous
included, for a town (石鼓镇); a town is chosen by its code.

Written by hand: the portal reads only the apps' public querysets, with no user; signing in
changes nothing on these pages (no staff record appears, docs/security.md)."""

from __future__ import annotations

from fazhi.testing.matrix import E, Row, Table

EVERYONE = E("200", {"200": "anonymous"})


def build(t) -> None:
    """A published annual report of 石鼓镇, a decision of its published catalogue out for
    comment now, a current village adviser with a 公示牌 photo; otherwise the town's (empty)
    public records."""
    build_report(t)
    build_decision(t)
    build_adviser(t)


def build_decision(t) -> None:
    import datetime as dt

    from fazhi.legal.models import Catalogue, CatalogueEntry, Decision

    today = dt.date.today()
    catalogue = Catalogue.objects.create(
        region=t.regions.town,
        year=today.year,
        title="石鼓镇重大行政决策事项目录",
        party_consent_on=today - dt.timedelta(days=10),
        published_on=today - dt.timedelta(days=9),
    )
    entry = CatalogueEntry.objects.create(catalogue=catalogue, name="垃圾分类实施方案", undertaker="党政办")
    t.decision = Decision.objects.create(
        entry=entry, region=t.regions.town, title="垃圾分类实施方案", undertaker="党政办", started_on=today
    )
    Decision.objects.filter(pk=t.decision.pk).update(
        state=Decision.State.CONSULTING,
        draft="草案",
        comment_published_on=today,
        comment_until=today + dt.timedelta(days=30),
    )


def build_adviser(t) -> None:
    import datetime as dt

    from fazhi.legal import photos
    from fazhi.legal.models import Adviser
    from fazhi.portal.tests.conftest import tiny_jpeg

    today = dt.date.today()
    t.adviser = Adviser.objects.create(
        region=t.regions.village_a,
        name="周律师",
        firm="湖南湘潭某律师事务所",
        licence_number="14303201910123456",
        contract_start=today - dt.timedelta(days=30),
        contract_end=today + dt.timedelta(days=300),
    )
    from fazhi.core.attachments import content_file

    photos.attach_photo(t.adviser, content_file(tiny_jpeg(), "zhou.jpg"), None)


def build_report(t) -> None:
    from fazhi.reports import drafting
    from fazhi.reports.models import Report

    t.report = drafting.create_report(t.regions.town, 2021, t.users.gov_office)
    Report.objects.filter(pk=t.report.pk).update(state=Report.State.PUBLISHED)


def _report(t, s):
    return {"code": t.regions.town.code, "pk": t.report.pk, "fmt": "docx"}


def _town(t, s):
    return {"code": t.regions.town.code}


def _decision(t, s):
    return {"code": t.regions.town.code, "pk": t.decision.pk}


def _adviser(t, s):
    return {"code": t.regions.town.code, "pk": t.adviser.pk}


PAGES = [
    Row("portal:home", anywhere=E("200", {"200": "anonymous"}), note="two towns: the list to choose from"),
    *(
        Row(f"portal:{name}", anywhere=EVERYONE, kwargs=_town, note="public page (no account)")
        for name in ("town", "enforcement", "decisions", "disclosure", "legal", "figures", "major_decisions")
    ),
    Row("portal:major_decision", anywhere=EVERYONE, kwargs=_decision, note="a draft out for comment"),
    Row(
        "portal:major_decision_comment",
        anywhere=EVERYONE,
        kwargs=_decision,
        note="the comment form (GET); posting needs the offline challenge (test_major_decisions.py)",
    ),
    Row("portal:adviser_photo", anywhere=EVERYONE, kwargs=_adviser, note="a current adviser's 公示牌 photo"),
    Row("portal:report_download", anywhere=EVERYONE, kwargs=_report, note="a published report as .docx"),
]

TABLE = Table(
    app="portal",
    title="portal — 公众门户 / public portal",
    build=build,
    pages=PAGES,
    url_namespaces=("portal",),
    intro=__doc__.split("\n\n", 1)[1].strip(),
)
