"""`fazhi archive verify FILE`: check an exported case archive offline (no database)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from fazhi.enforcement.archive import verify_archive


class Command(BaseCommand):
    help = "案卷：verify 离线校验导出的案卷（.zip）——文件摘要、台账记录摘要、证据文件与台账摘要，不连接数据库"
    requires_system_checks: list[str] = []  # nothing to check: the command reads only the file

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True, metavar="{verify}")
        verify = sub.add_parser("verify", help="校验案卷文件，逐项报告不符之处；有不符时退出码为 1")
        verify.add_argument("file", help="案卷文件路径（.zip）")

    def handle(self, *args, **options):
        path = options["file"]
        try:
            with open(path, "rb") as fh:
                result = verify_archive(fh)
        except OSError as exc:
            raise CommandError(f"无法读取案卷文件“{path}”：{exc.strerror or exc}", returncode=1) from exc
        for line in result.lines():
            self.stdout.write(line)
        if not result.ok:
            raise CommandError(result.lines()[0], returncode=1)
        self.stdout.write(self.style.SUCCESS("校验通过。"))
