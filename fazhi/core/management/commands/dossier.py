"""`fazhi dossier verify FILE`: check any dossier written by fazhi.core.dossier, offline.

No database is opened: every member against the manifest (present, digest, size, nothing
added), every ledger entry of the extract against its hash and the chain between them, every
stored file against the digests its attachment's entries vouch for (verify_dossier). Prints the
result in Chinese, one line per problem, and exits with 1 when anything does not match. An app
whose archive has its own words for what it counts (the case archive: `fazhi archive verify`)
subclasses this command and sets `check_class`.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from fazhi.core import dossier


class Command(BaseCommand):
    help = "案卷：verify 离线校验导出的案卷（.zip）——清单中的文件、台账记录摘录及其链、附件文件与台账摘要，不连接数据库"
    requires_system_checks: list[str] = []  # nothing to check: the command reads only the file
    check_class: type[dossier.DossierCheck] = dossier.DossierCheck

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True, metavar="{verify}")
        verify = sub.add_parser("verify", help="校验案卷文件，逐项报告不符之处；有不符时退出码为 1")
        verify.add_argument("file", help="案卷文件路径（.zip）")

    def handle(self, *args, **options):
        path = options["file"]
        try:
            with open(path, "rb") as fh:
                result = dossier.verify_dossier(fh, self.check_class())
        except OSError as exc:
            raise CommandError(f"无法读取案卷文件“{path}”：{exc.strerror or exc}", returncode=1) from exc
        for line in result.lines():
            self.stdout.write(line)
        if not result.ok:
            raise CommandError(result.lines()[0], returncode=1)
        self.stdout.write(self.style.SUCCESS("校验通过。"))
