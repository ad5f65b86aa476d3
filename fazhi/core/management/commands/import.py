"""`fazhi import REGISTER FILE --user USERNAME [--only-valid]`: import an Excel workbook."""

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from fazhi.core import io
from fazhi.core.management.commands.export import command_register, command_user


class Command(BaseCommand):
    help = "从 Excel 导入台账：先校验全部行，有错误时逐行列出并不写入任何数据"

    def add_arguments(self, parser):
        parser.add_argument("register", help="台账代码，如 regions、users")
        parser.add_argument("file", help="Excel 文件（.xlsx）")
        parser.add_argument("--user", required=True, help="以此用户的身份和权限导入（记入台账日志）")
        parser.add_argument("--only-valid", action="store_true", help="仅导入有效行，跳过有错误的行")

    def handle(self, *args, register, file, user, only_valid, **options):
        reg, actor = command_register(register), command_user(user)
        try:
            result = io.run_import(reg, file, actor, only_valid=only_valid, file_name=file)
        except FileNotFoundError:
            raise CommandError(f"文件不存在：{file}") from None
        except PermissionDenied as exc:
            raise CommandError(str(exc)) from None
        except io.ImportFileError as exc:
            raise CommandError(str(exc)) from None
        for error in result.errors:
            self.stderr.write(io.format_error(error))
        if result.error_count > len(result.errors):
            self.stderr.write(f"……共{result.error_count}处错误，仅列出前{len(result.errors)}处")
        if not result.written:
            raise CommandError(result.summary())
        self.stdout.write(result.summary())
