import os
import shutil
import signal
import subprocess
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
        parser.add_argument("--no-worker", action="store_true", help="不启动后台任务进程（db_worker）")

    def handle(self, *args, host, port, workers, dev, no_worker=False, **options):
        # The pages' CSS and scripts come from STATIC_ROOT (whitenoise): bring it up to date
        # with the installed code, so a new VAR dir or an upgrade never serves unstyled pages.
        call_command("collectstatic", interactive=False, verbosity=0)
        if not no_worker:
            self._start_worker()
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

    def _start_worker(self):
        """Background tasks (imports, reports): a `db_worker` child beside the web server.

        It is told to stop when its parent (this process, then gunicorn after execv) exits."""
        if settings.TASKS["default"]["BACKEND"] != "django_tasks_db.DatabaseBackend":
            return
        if os.environ.get("RUN_MAIN") == "true":  # runserver's reloaded child: the parent started it
            return
        parent = os.getpid()

        def stop_with_parent():
            try:
                import ctypes

                ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
            except OSError:  # not Linux: the worker outlives a killed server, stop it by hand
                pass
            if os.getppid() != parent:
                os._exit(0)

        subprocess.Popen(
            [sys.executable, "-m", "fazhi.cli", "db_worker", "--queue-name", "*"],
            preexec_fn=stop_with_parent,
        )
        self.stdout.write("后台任务进程（db_worker）已启动")
