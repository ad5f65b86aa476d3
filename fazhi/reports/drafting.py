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


def titles(region: Region, year: int) -> tuple[str, str]:
    """(title, authority) in the reference's words: 湘潭县石鼓镇2021年法治政府建设工作报告, 湘潭县石鼓镇人民政府."""
    if region.kind == RegionKind.TOWN and region.parent_id:
        name = f"{region.parent.name}{region.name}"
    else:
        name = region.name
    return _("%(name)s%(year)s年法治政府建设工作报告") % {"name": name, "year": year}, _(
        "%(name)s人民政府"
    ) % {"name": name}


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
    region: Region, year: int, user, outline_code: str = "reference", *, is_sample: bool = False
) -> Report:
    """A new draft report of `region` for `year` by `user` (who may draft there)."""
    if region.kind not in (RegionKind.TOWN, RegionKind.COUNTY):
        raise DraftRefused(_("年度报告按乡镇（街道）或县编制"))
    if not (user.can(roles.REPORT_DRAFT, region=region) and workflow.may_draft(user, region)):
        raise PermissionDenied(_("您在该区划没有起草年度报告的权限"))
    if Report.objects.filter(region=region, kind=Report.Kind.RULE_OF_LAW, year=year).exists():
        raise DraftRefused(_("%(region)s%(year)s年的年度报告已存在") % {"region": region.name, "year": year})
    title, authority = titles(region, year)
    with transaction.atomic():
        report = Report.objects.create(
            region=region,
            year=year,
            outline=outlines.get(outline_code).code,
            title=title,
            authority=authority,
            drafted_by=user,
            is_sample=is_sample,
        )
        fill(report, outline_code)
        workflow.start_publication_clock(report)
        ensure_writable(report, user, roles.REPORT_DRAFT)
    return report
