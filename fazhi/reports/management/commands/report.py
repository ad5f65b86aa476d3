"""`fazhi report [--kind rule_of_law|disclosure] --region 430321108|石鼓镇 --year 2021 --format
docx|md|json|pdf -o FILE`: a region's annual report (法治政府建设年度报告, or with `--kind disclosure`
the 政府信息公开工作年度报告) (the one stored for that year, or a draft composed from the default template
without storing anything), Markdown to standard output without -o."""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from fazhi.core.models import Region
from fazhi.reports import drafting, outputs
from fazhi.reports import outline as outlines
from fazhi.reports.models import Report


class _Unsaved(Exception):
    pass


def find_region(text: str) -> Region:
    found = Region.objects.filter(code=text).first()
    if found is None:
        matches = list(Region.objects.filter(name=text)[:2])
        if len(matches) > 1:
            raise CommandError(f"区划名称“{text}”不唯一，请用区划代码")
        found = matches[0] if matches else None
    if found is None:
        raise CommandError(f"没有区划“{text}”")
    return found


class Command(BaseCommand):
    help = "输出年度报告（法治政府建设年度报告；--kind disclosure 为政府信息公开工作年度报告）：docx、md、json 或 pdf"

    def add_arguments(self, parser):
        parser.add_argument("--region", required=True, help="区划代码或名称，如 430321108 或 石鼓镇")
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument(
            "--format",
            choices=(*outputs.FORMATS, *outputs.TABLE_FORMATS),
            default="md",
            help="xlsx：政府信息公开工作年度报告的表格（供县汇总）",
        )
        parser.add_argument("--kind", choices=Report.Kind.values, default=Report.Kind.RULE_OF_LAW)
        parser.add_argument("--outline", default="reference", help="没有已存报告时使用的章节模板")
        parser.add_argument("-o", "--output", help="输出文件（md 缺省输出到标准输出）")

    def handle(self, *args, region, year, format, kind, outline, output, **options):
        place = find_region(region)
        if format != "md" and not output:
            raise CommandError("docx、json、pdf、xlsx 须用 -o 指定输出文件")
        if format in outputs.TABLE_FORMATS and kind != Report.Kind.DISCLOSURE:
            raise CommandError("xlsx 仅用于政府信息公开工作年度报告（--kind disclosure）")
        report = Report.objects.filter(region=place, kind=kind, year=year).first()
        try:
            if report is not None:
                content = self._render(report, format)
            else:
                content = self._draft(place, year, outline, format, kind)
        except outputs.OutputUnavailable as missing:
            raise CommandError(str(missing)) from None
        if output:
            with open(output, "wb") as fh:
                fh.write(content)
            self.stderr.write(f"已写入 {output}（{len(content)} 字节）")
        else:
            sys.stdout.write(content.decode())

    def _render(self, report, fmt) -> bytes:
        content, _type, _name = outputs.render(report, fmt)
        return content

    def _draft(self, place, year, outline, fmt, kind=Report.Kind.RULE_OF_LAW) -> bytes:
        """No stored report: compose a draft from the template in a transaction rolled back, so
        that the database is left as it was."""
        title, authority = drafting.titles(place, year, kind)
        outline = outlines.for_kind(kind, outline).code
        found: dict = {}
        try:
            with transaction.atomic():
                from fazhi.core.models import User

                drafter = User(username="fazhi-report-command")
                drafter.save()
                report = Report.objects.create(
                    region=place,
                    year=year,
                    kind=kind,
                    outline=outline,
                    title=title,
                    authority=authority,
                    drafted_by=drafter,
                )
                drafting.fill(report, outline)
                found["content"] = self._render(report, fmt)
                raise _Unsaved
        except _Unsaved:
            pass
        return found["content"]
