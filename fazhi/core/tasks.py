"""core's background work, through the Django 6 tasks API (django-tasks on Django 5.2).

The database backend (django-tasks-db) queues the work; `fazhi db_worker` runs it (`fazhi serve`
starts one beside the web server). With FAZHI_TASKS=immediate the work runs inside the request
that enqueues it (tests, single-process set-ups).
"""

from __future__ import annotations

import time

from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from fazhi.core import io
from fazhi.core.models import ImportJob

# Progress is written to the job at most this often (plus at the end of each phase).
PROGRESS_INTERVAL_SECONDS = 0.5


class _Progress:
    """Writes the job's progress while rows are checked, without a write per row."""

    def __init__(self, job: ImportJob):
        self.job = job
        self.last = 0.0

    def __call__(self, status: str, done: int, total: int) -> None:
        now = time.monotonic()
        if (
            status == ImportJob.Status.VALIDATING
            and 0 < done < total
            and now - self.last < PROGRESS_INTERVAL_SECONDS
        ):
            return
        self.last = now
        ImportJob.objects.filter(pk=self.job.pk).update(
            status=status, done_rows=done, total_rows=total, heartbeat_at=timezone.now()
        )


@task()
def run_import_job(job_id: int) -> dict:
    """Validate and import the workbook of an ImportJob, recording progress and the outcome."""
    job = ImportJob.objects.select_related("user").get(pk=job_id)
    if job.status not in (ImportJob.Status.PENDING,):
        return {"status": job.status}  # already run (a retried task)
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.VALIDATING, heartbeat_at=timezone.now()
    )
    try:
        register = io.get_register(job.register)
        with default_storage.open(job.storage_name, "rb") as handle:
            data = handle.read()
        result = io.run_import(
            register,
            data,
            job.user,
            only_valid=job.only_valid,
            file_name=job.file_name,
            progress=_Progress(job),
        )
    except (io.ImportFileError, PermissionDenied) as exc:
        _finish(job, ImportJob.Status.INVALID, str(exc))
        return {"status": job.status}
    except Exception as exc:
        _finish(job, ImportJob.Status.FAILED, _("导入失败：%(e)s") % {"e": exc})
        raise
    message = result.summary()
    if result.error_count > len(result.errors):
        message += _("（共%(n)s处错误，仅显示前%(m)s处）") % {
            "n": result.error_count,
            "m": len(result.errors),
        }
    _finish(
        job,
        ImportJob.Status.DONE if result.written else ImportJob.Status.INVALID,
        message,
        total_rows=result.total,
        done_rows=result.total,
        imported_rows=result.imported,
        errors=result.errors,
    )
    return {"status": job.status, "imported": result.imported, "errors": result.error_count}


def _finish(job: ImportJob, status: str, message: str, **fields) -> None:
    job.refresh_from_db()
    for name, value in fields.items():
        setattr(job, name, value)
    job.status = status
    job.message = message
    job.finished_at = timezone.now()
    job.save()
