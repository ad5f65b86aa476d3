"""The portal's authorization table: every public page answers 200 to every principal, anonymous
included, for a town (石鼓镇); a town is chosen by its code.

Written by hand: the portal reads only the apps' public querysets, with no user; signing in
changes nothing on these pages (no staff record appears, docs/security.md)."""

from __future__ import annotations

from fazhi.testing.matrix import E, Row, Table

EVERYONE = E("200", {"200": "anonymous"})


def build(t) -> None:
    """A published annual report of 石鼓镇; otherwise the town's (empty) public records."""
    build_report(t)


def build_report(t) -> None:
    from fazhi.reports import drafting
    from fazhi.reports.models import Report

    t.report = drafting.create_report(t.regions.town, 2021, t.users.gov_office)
    Report.objects.filter(pk=t.report.pk).update(state=Report.State.PUBLISHED)


def _report(t, s):
    return {"code": t.regions.town.code, "pk": t.report.pk, "fmt": "docx"}


def _town(t, s):
    return {"code": t.regions.town.code}


PAGES = [
    Row("portal:home", anywhere=E("200", {"200": "anonymous"}), note="two towns: the list to choose from"),
    *(
        Row(f"portal:{name}", anywhere=EVERYONE, kwargs=_town, note="public page (no account)")
        for name in ("town", "enforcement", "decisions", "disclosure", "legal", "figures")
    ),
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
