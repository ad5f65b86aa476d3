"""What the public sees of annual reports: a town's 法治政府建设年度报告 once published (已公布),
downloadable as .docx and PDF from the reports app's own renderer. Drafts and reports in review,
approval or secrecy check never leave."""

from __future__ import annotations

from django.db.models import QuerySet

from fazhi.core.models import Region
from fazhi.reports.models import Report


def public_reports(region: Region) -> QuerySet:
    """The published reports of `region` itself (not a roll-up of another), newest year first."""
    return Report.objects.filter(region=region, state=Report.State.PUBLISHED).order_by("-year", "-id")
