"""`fazhi archive verify FILE`: check an exported case archive offline (no database); the
generic `fazhi dossier verify` with the case archive's words for what it counts."""

from __future__ import annotations

from fazhi.core.management.commands.dossier import Command as DossierCommand
from fazhi.enforcement.archive import ArchiveCheck


class Command(DossierCommand):
    help = "案卷：verify 离线校验导出的案卷（.zip）——文件摘要、台账记录摘要、证据文件与台账摘要，不连接数据库"
    check_class = ArchiveCheck
