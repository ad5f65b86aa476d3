"""`fazhi ledger verify [--files]` and `fazhi ledger show [filters]`."""

from __future__ import annotations

import datetime as dt
import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from fazhi.core import audit
from fazhi.core.ledger import acting_as


def _date(value: str) -> str:
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError as exc:
        raise CommandError(f"日期“{value}”格式不正确，应为 YYYY-MM-DD。") from exc


class Command(BaseCommand):
    help = "台账：verify 校验哈希链（--files 同时校验附件文件）；show 检索台账记录"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True, metavar="{verify,show}")
        verify = sub.add_parser("verify", help="从第一条记录起校验哈希链，指出第一条断裂的记录")
        verify.add_argument(
            "--files", action="store_true", help="同时重新计算每个附件存储文件的摘要，与记录的摘要比对"
        )
        show = sub.add_parser("show", help="检索台账记录（最新的在最后）")
        show.add_argument("--object", metavar="TYPE:ID", help="对象，如 core.attachment:12 或 core.region")
        show.add_argument("--actor", help="操作人账号或姓名")
        show.add_argument("--action", help="动作，如 update、pii.view；以 * 结尾按前缀，如 transition:*")
        show.add_argument("--since", type=_date, metavar="DATE", help="起始日期 YYYY-MM-DD（含）")
        show.add_argument("--until", type=_date, metavar="DATE", help="截止日期 YYYY-MM-DD（含）")
        show.add_argument("--limit", type=int, default=50, help="最多显示条数（默认 50，取最新的）")
        show.add_argument("--data", action="store_true", help="同时显示每条记录的内容（个人信息已脱敏）")

    def handle(self, *args, **options):
        with acting_as(None, "command"):
            if options["subcommand"] == "verify":
                return self.verify(options)
            return self.show(options)

    def verify(self, options):
        result = audit.run_verification(files=options["files"])
        for line in result.lines():
            self.stdout.write(line)
        if not result.ok:
            raise CommandError(result.lines()[0] if not result.chain.ok else str(result.files), returncode=1)
        self.stdout.write(self.style.SUCCESS("校验通过。"))

    def show(self, options):
        params = {}
        if options["object"]:
            object_type, _sep, object_id = options["object"].partition(":")
            params["object_type"] = object_type.lower()
            if object_id:
                params["object_id"] = object_id
        for name in ("actor", "action", "since", "until"):
            if options[name]:
                params[name] = options[name]
        filterset, entries = audit.search(params or None)
        if params and not filterset.is_valid():
            raise CommandError("; ".join(f"{k}: {' '.join(v)}" for k, v in filterset.errors.items()))
        newest = list(entries[: max(options["limit"], 0)])
        rows = audit.rows(reversed(newest))
        for row in rows:
            e = row["entry"]
            line = (
                f"#{e.id} {timezone.localtime(e.at):%Y-%m-%d %H:%M:%S} {row['actor']} [{e.source}] "
                f"{e.action} {e.object_type}:{e.object_id} {row['object_repr']}"
            )
            if row["summary"]:
                line += f" — {row['summary']}"
            self.stdout.write(line)
            if options["data"]:
                self.stdout.write(
                    "    " + json.dumps(audit.masked_data(e), ensure_ascii=False, sort_keys=True)
                )
                if e.digests:
                    self.stdout.write("    附件摘要: " + ", ".join(e.digests))
        if not rows:
            self.stdout.write("没有符合条件的台账记录。")
