from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from fazhi.core import deadlines, holidays
from fazhi.core.ledger import acting_as
from fazhi.core.models import CalendarYear

WEEKDAYS = "一二三四五六日"


class Command(BaseCommand):
    help = "法定节假日：导入某年度的放假与调休安排（import FILE），或列出已录入的年度（list [年度]）"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="import|list")
        imp = sub.add_parser(
            "import",
            help="导入 .csv 或 .xlsx 文件（列：日期、类型〔休/班〕、名称，可选：依据），文件中各年度整体替换",
        )
        imp.add_argument("file", help="文件路径（.csv 或 .xlsx）")
        imp.add_argument(
            "--source", default="", help="依据（如国务院办公厅通知文号），优先于文件中的“依据”列"
        )
        lst = sub.add_parser("list", help="列出已录入的年度；给出年度时列出该年的每一天")
        lst.add_argument("year", nargs="?", type=int, help="年度，如 2027")

    def handle(self, *args, **options):
        if options["action"] == "import":
            self._import(options["file"], options["source"])
        else:
            self._list(options.get("year"))

    def _import(self, file: str, source: str) -> None:
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"找不到文件：{file}")
        with acting_as(None, "command"):
            parsed, saved = holidays.import_file(path.name, path.read_bytes(), None, source)
        if not parsed.ok:
            for error in parsed.errors:
                self.stderr.write(str(error))
            raise CommandError(f"文件有 {len(parsed.errors)} 处错误，未写入任何数据。")
        for note in parsed.notes:
            self.stdout.write(self.style.WARNING(note))
        if parsed.moved:
            self.stdout.write(f"{parsed.moved} 项进行中的期限已按新安排重新计算届满日。")
        for year in saved:
            days = year.days.all()
            off = sum(not d.is_workday for d in days)
            on = sum(d.is_workday for d in days)
            self.stdout.write(
                self.style.SUCCESS(
                    f"已录入 {year.year} 年：放假 {off} 天、调休上班 {on} 天（依据：{year.source or '未填写'}）"
                )
            )

    def _list(self, year: int | None) -> None:
        if year is None:
            entered = list(CalendarYear.objects.order_by("year"))
            self.stdout.write(
                f"内置日历（chinese-calendar）：{deadlines.PACKAGE_FIRST_YEAR}—{deadlines.PACKAGE_LAST_YEAR} 年"
            )
            if not entered:
                self.stdout.write("尚未录入任何年度；内置日历以外的年度按周一至周五计算工作日。")
            for y in entered:
                self.stdout.write(
                    f"{y.year}  已录入  {y.days.count()} 天  依据：{y.source or '未填写'}  "
                    f"录入：{y.entered_by or '命令行'} {y.entered_at:%Y-%m-%d}"
                )
            return
        source = deadlines.year_source(year)
        self.stdout.write(f"{year} 年：{deadlines.SOURCE_LABELS[source]}")
        if source == deadlines.ENTERED:
            entry = CalendarYear.objects.get(year=year)
            rows = [(d.date, d.is_workday, d.name) for d in entry.days.all()]
        elif source == deadlines.PACKAGE:
            rows = deadlines.package_days(year)
        else:
            self.stdout.write("该年度尚未录入，工作日按周一至周五计算。")
            return
        for date, workday, name in rows:
            kind = "班" if workday else "休"
            self.stdout.write(f"{date:%Y-%m-%d} 星期{WEEKDAYS[date.weekday()]}  {kind}  {name}")
