"""`fazhi ledger verify [--files] [--deep] [--anchor FILE]`, `fazhi ledger seal`,
`fazhi ledger anchor [--export FILE]` and `fazhi ledger show [filters]`."""

from __future__ import annotations

import datetime as dt
import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from fazhi.core import audit, ledger
from fazhi.core.ledger import acting_as


def _date(value: str) -> str:
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError as exc:
        raise CommandError(f"日期“{value}”格式不正确，应为 YYYY-MM-DD。") from exc


def _read_anchor(path: str) -> dict:
    try:
        with open(path, encoding="utf-8") as handle:
            exported = json.load(handle)
    except (OSError, ValueError) as exc:
        raise CommandError(f"无法读取锚点文件“{path}”：{exc}") from exc
    if not isinstance(exported, dict) or exported.get("format") != ledger.ANCHOR_FORMAT:
        raise CommandError(f"“{path}”不是导出的台账锚点文件。")
    return exported


class Command(BaseCommand):
    help = (
        "台账：verify 校验各条哈希链与锚点（--files 同时校验附件文件）；seal 封存未入链的记录；"
        "anchor 锚定各链链头（--export 导出最新锚点）；show 检索台账记录"
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True, metavar="{verify,seal,anchor,show}")
        verify = sub.add_parser("verify", help="逐条链校验哈希链与锚点，指出每条链第一条断裂的记录")
        verify.add_argument(
            "--files", action="store_true", help="同时重新计算每个附件存储文件的摘要，与记录的摘要比对"
        )
        verify.add_argument(
            "--deep", action="store_true", help="列出所有没有台账记录的数据行（默认每张表只列出前 10 行）"
        )
        verify.add_argument("--anchor", metavar="FILE", help="同时与此前导出的锚点文件（JSON）核对")
        sub.add_parser("seal", help="将已提交、尚未封存入链的记录逐条链封存")
        anchor = sub.add_parser("anchor", help="将各镇（街道）和县的链头锚定到系统链（默克尔根）")
        anchor.add_argument("--export", metavar="FILE", help="将最新锚点（时间、根、各链链头）写入 JSON 文件")
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
            handler = {"verify": self.verify, "seal": self.seal, "anchor": self.anchor}.get(
                options["subcommand"], self.show
            )
            return handler(options)

    def verify(self, options):
        exported = None
        if options["anchor"]:
            exported = _read_anchor(options["anchor"])
        result = audit.run_verification(files=options["files"], deep=options["deep"], exported=exported)
        for line in result.lines():
            self.stdout.write(line)
        if not result.ok:
            raise CommandError(result.lines()[0] if not result.chain.ok else str(result.files), returncode=1)
        self.stdout.write(self.style.SUCCESS("校验通过。"))

    def seal(self, options):
        sealed = ledger.seal()
        self.stdout.write(self.style.SUCCESS(f"已封存 {sealed} 条记录。"))

    def anchor(self, options):
        entry = ledger.anchor()
        if entry is None:
            self.stdout.write("台账为空，无可锚定的链。")
        else:
            self.stdout.write(
                f"锚点：第 {entry.pk} 条记录（系统链第 {entry.seq} 号），{entry.data['chains']} 条链，"
                f"默克尔根 {entry.data['root']}。"
            )
        if options["export"]:
            exported = ledger.export_anchor()
            if exported is None:
                raise CommandError("尚无锚点可导出。")
            try:
                with open(options["export"], "w", encoding="utf-8") as handle:
                    json.dump(exported, handle, ensure_ascii=False, indent=1, sort_keys=True)
            except OSError as exc:
                raise CommandError(f"无法写入锚点文件“{options['export']}”：{exc}") from exc
            self.stdout.write(
                self.style.SUCCESS(f"已导出锚点到 {options['export']}，请交由系统之外妥善保存。")
            )

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
