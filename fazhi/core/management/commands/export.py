"""`fazhi export REGISTER FILE --user USERNAME`: export what the user may see of a register."""

from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from fazhi.core import io
from fazhi.core.ledger import acting_as
from fazhi.core.models import User


def command_user(username: str) -> User:
    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        raise CommandError(f"没有名为“{username}”的有效用户")
    return user


def command_register(code: str) -> io.Register:
    try:
        return io.get_register(code)
    except LookupError as exc:
        raise CommandError(f"{exc}；可用：{'、'.join(io.registers())}") from None


class Command(BaseCommand):
    help = "导出台账为 Excel（只含该用户权限范围内的记录，导出记入台账日志）"

    def add_arguments(self, parser):
        parser.add_argument("register", help="台账代码，如 regions、users")
        parser.add_argument("file", help="写入的 Excel 文件（.xlsx）")
        parser.add_argument("--user", required=True, help="以此用户的身份和权限导出")

    def handle(self, *args, register, file, user, **options):
        reg, actor = command_register(register), command_user(user)
        try:
            with acting_as(actor, "command"):
                data, count = io.export_for(reg, actor)
        except PermissionDenied as exc:
            raise CommandError(str(exc)) from None
        Path(file).write_bytes(data)
        self.stdout.write(f"已导出{reg.title} {count} 行：{file}")
