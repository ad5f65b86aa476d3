"""`fazhi backup FILE`: the whole database and the attachment files in one verifiable .tar.gz."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from fazhi.core import backup
from fazhi.core.ledger import acting_as


class Command(BaseCommand):
    help = "备份：把数据库的全部记录、附件文件和带摘要的清单写入一个 .tar.gz 文件（可用 fazhi restore 恢复）"

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE", help="写入的备份文件，如 fazhi-2026-03-31.tar.gz")
        parser.add_argument("--overwrite", action="store_true", help="文件已存在时覆盖")
        parser.add_argument(
            "--native",
            action="store_true",
            help="PostgreSQL 原生备份（pg_dump，只能恢复到 PostgreSQL，不含附件文件），旁附签名文件 FILE.sig",
        )

    def handle(self, *args, **options):
        path = options["file"]
        if options["native"]:
            with acting_as(None, "command"):
                try:
                    seal = backup.create_native(path, overwrite=options["overwrite"])
                except backup.BackupError as exc:
                    raise CommandError(str(exc)) from exc
            self.stdout.write(
                self.style.SUCCESS(
                    _(
                        "原生备份完成：%(file)s（%(algorithm)s %(digest)s，签名见 %(file)s.sig）。附件文件不在其中，请另行备份文件存储。"
                    )
                    % {"file": path, "algorithm": seal["algorithm"], "digest": seal["digest"]}
                )
            )
            return
        self.stdout.write(_("正在备份到 %(file)s ……") % {"file": path})
        with acting_as(None, "command"):
            try:
                manifest = backup.create(path, overwrite=options["overwrite"], log=self.stdout.write)
            except backup.BackupError as exc:
                raise CommandError(str(exc)) from exc
        head = manifest["ledger"]
        self.stdout.write(
            _(
                "已备份 %(models)s 类数据共 %(rows)s 行、附件文件 %(files)s 个；台账 %(entries)s 条，链头第 %(head)s 条（%(hash)s…）。"
            )
            % {
                "models": len(manifest["models"]),
                "rows": sum(manifest["counts"].values()),
                "files": len(manifest["files"]),
                "entries": head["entries"],
                "head": head["head_id"],
                "hash": head["head_hash"][:16],
            }
        )
        for name in manifest["missing_files"]:
            self.stderr.write(_("警告：附件存储文件“%(name)s”缺失，未能备份。") % {"name": name})
        self.stdout.write(
            self.style.SUCCESS(
                _("备份完成：%(file)s（清单摘要 %(algorithm)s %(digest)s）。备份含个人信息，请妥善保管。")
                % {"file": path, "algorithm": manifest["algorithm"], "digest": manifest["manifest_digest"]}
            )
        )
