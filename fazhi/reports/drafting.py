"""Creating a report: the first draft from a section template (fazhi.reports.outline), every
sentence naming its figures as live placeholders, the reference report's problems as items to
edit, and the 1 April clock. The one door for the page, the API, the command and the demo."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from fazhi.core import roles
from fazhi.core.models import Region, RegionKind
from fazhi.core.scoping import ensure_writable
from fazhi.reports import outline as outlines
from fazhi.reports import workflow
from fazhi.reports.models import Problem, Report, Section


class DraftRefused(Exception):
    pass


def titles(region: Region, year: int, kind: str = Report.Kind.RULE_OF_LAW) -> tuple[str, str]:
    """(title, authority) in the reference's words: 湘潭县石鼓镇2021年法治政府建设工作报告, 湘潭县石鼓镇人民政府;
    湘潭县石鼓镇2021年政府信息公开工作年度报告 for the disclosure report."""
    if region.kind == RegionKind.TOWN and region.parent_id:
        name = f"{region.parent.name}{region.name}"
    else:
        name = region.name
    if kind == Report.Kind.DISCLOSURE:
        title = _("%(name)s%(year)s年政府信息公开工作年度报告") % {"name": name, "year": year}
    else:
        title = _("%(name)s%(year)s年法治政府建设工作报告") % {"name": name, "year": year}
    return title, _("%(name)s人民政府") % {"name": name}


def fill(report: Report, outline_code: str, *, with_problems: bool = True) -> None:
    """Write the template's sections (and problems) into an empty report."""
    chosen = outlines.get(outline_code)
    for order, template in enumerate(chosen.sections, start=1):
        Section.objects.create(
            report=report,
            region=report.region,
            is_sample=report.is_sample,
            key=template.key,
            order=order * 10,
            level=template.level,
            heading=template.heading,
            item=template.item,
            body="\n".join(template.sentences),
            lists_problems=template.lists_problems,
        )
    if with_problems:
        for order, item in enumerate(chosen.problems, start=1):
            Problem.objects.create(
                report=report,
                region=report.region,
                is_sample=report.is_sample,
                order=order * 10,
                problem=item.problem,
                cause=item.cause,
                measure=item.measure,
            )


def create_report(
    region: Region,
    year: int,
    user,
    outline_code: str = "reference",
    *,
    is_sample: bool = False,
    kind: str = Report.Kind.RULE_OF_LAW,
) -> Report:
    """A new draft report of `kind` of `region` for `year` by `user` (who may draft there); the
    disclosure report takes its own template."""
    if region.kind not in (RegionKind.TOWN, RegionKind.COUNTY):
        raise DraftRefused(_("年度报告按乡镇（街道）或县编制"))
    if not (user.can(roles.REPORT_DRAFT, region=region) and workflow.may_draft(user, region)):
        raise PermissionDenied(_("您在该区划没有起草年度报告的权限"))
    if kind not in Report.Kind.values:
        raise DraftRefused(_("没有该类年度报告"))
    if Report.objects.filter(region=region, kind=kind, year=year).exists():
        raise DraftRefused(
            _("%(region)s%(year)s年的%(kind)s已存在")
            % {"region": region.name, "year": year, "kind": Report.Kind(kind).label}
        )
    chosen = outlines.for_kind(kind, outline_code)
    title, authority = titles(region, year, kind)
    with transaction.atomic():
        report = Report.objects.create(
            region=region,
            year=year,
            kind=kind,
            outline=chosen.code,
            title=title,
            authority=authority,
            drafted_by=user,
            is_sample=is_sample,
        )
        fill(report, chosen.code)
        workflow.start_publication_clock(report)
        ensure_writable(report, user, roles.REPORT_DRAFT)
    return report
