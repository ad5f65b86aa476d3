import os
import shutil
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "启动网页服务（gunicorn + whitenoise，静态文件随应用提供，无需外网）"

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", default="8000")
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument("--dev", action="store_true", help="use Django's development server")

    def handle(self, *args, host, port, workers, dev, **options):
        if dev:
            call_command("runserver", f"{host}:{port}")
            return
        gunicorn = shutil.which("gunicorn", path=os.path.dirname(sys.executable)) or shutil.which("gunicorn")
        args = [
            gunicorn,
            "fazhi.wsgi:application",
            "--bind",
            f"{host}:{port}",
            "--workers",
            str(workers),
            "--no-control-socket",
            "--access-logfile",
            "-",
        ]
        self.stdout.write(
            f"fazhi serving on http://{host}:{port}/ (database: {settings.DATABASES['default']['NAME']})"
        )
        os.execv(gunicorn, args)
