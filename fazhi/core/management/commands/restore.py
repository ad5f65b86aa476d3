"""`fazhi restore FILE`: an archive of `fazhi backup` back into an empty database, verified."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from fazhi.core import backup
from fazhi.core.ledger import acting_as


class Command(BaseCommand):
    help = "恢复：逐一校验备份文件的摘要后，把数据和附件文件恢复到空数据库，并校验台账"

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE", help="fazhi backup 生成的备份文件（.tar.gz）")
        parser.add_argument(
            "--force",
            action="store_true",
            help="目标库只做过迁移、台账为空但个别表有行时，清空这些表后恢复（台账有记录的库一律拒绝）",
        )
        parser.add_argument(
            "--native",
            action="store_true",
            help="恢复 fazhi backup --native 生成的 PostgreSQL 原生备份（先核对签名）",
        )

    def handle(self, *args, **options):
        path = options["file"]
        if options["native"]:
            with acting_as(None, "command"):
                try:
                    chain = backup.restore_native(path)
                except backup.BackupError as exc:
                    raise CommandError(str(exc)) from exc
            self.stdout.write(str(chain))
            if not chain.ok:
                raise CommandError(_("恢复后的校验未通过，请勿使用此数据库。"), returncode=1)
            self.stdout.write(self.style.SUCCESS(_("恢复完成，校验通过。")))
            return
        with acting_as(None, "command"):
            try:
                result = backup.restore(path, force=options["force"], log=self.stdout.write)
            except backup.BackupError as exc:
                raise CommandError(str(exc)) from exc
        manifest = result.manifest
        self.stdout.write(
            _("已恢复 %(rows)s 行数据、%(files)s 个附件文件（备份于 %(at)s，来自 %(vendor)s）。")
            % {
                "rows": result.rows,
                "files": result.files,
                "at": manifest.get("created_at", "?"),
                "vendor": manifest.get("database_vendor", "?"),
            }
        )
        self.stdout.write(
            _("备份清单摘要：%(algorithm)s %(digest)s（可与原系统台账中该备份的记录核对）。")
            % {"algorithm": manifest["algorithm"], "digest": manifest["manifest_digest"]}
        )
        self.stdout.write(str(result.chain))
        self.stdout.write(str(result.files_check))
        for problem in result.files_check.problems:
            self.stdout.write(f"  {problem}")
        if not result.ok:
            raise CommandError(_("恢复后的校验未通过，请勿使用此数据库。"), returncode=1)
        self.stdout.write(self.style.SUCCESS(_("恢复完成，校验通过。")))
