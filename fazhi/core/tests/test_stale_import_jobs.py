"""A job left running by a killed worker does not spin for ever: once its worker has been silent
past STALE_AFTER, the pages that show it mark it failed with the reason (the write phase is one
transaction, so nothing was written)."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from fazhi.core.models import ImportJob
from fazhi.core.models.jobs import STALE_AFTER


def _job(user, status, silent_for):
    job = ImportJob.objects.create(
        register="regions", user=user, file_name="区划.xlsx", storage_name="imports/x.xlsx", status=status
    )
    ImportJob.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - silent_for)
    return job


def test_a_silent_running_job_is_marked_failed_with_its_reason(login, users):
    # given a job killed while importing, and one still making progress
    dead = _job(users.governance, ImportJob.Status.IMPORTING, STALE_AFTER + dt.timedelta(minutes=1))
    alive = _job(users.governance, ImportJob.Status.VALIDATING, dt.timedelta(seconds=5))
    client = login(users.governance)
    # when its owner opens the job
    page = client.get(reverse("core:job_detail", args=[dead.pk])).content.decode()
    # then it says it failed, why, and that nothing was written; the live one runs on
    dead.refresh_from_db()
    assert dead.status == ImportJob.Status.FAILED and dead.finished_at is not None
    assert "后台进程已停止" in dead.message and "没有写入任何数据" in dead.message
    assert "后台进程已停止" in page
    client.get(reverse("core:import_list"))
    alive.refresh_from_db()
    assert alive.status == ImportJob.Status.VALIDATING


def test_the_import_list_ends_a_job_that_never_reported(login, users):
    job = _job(users.governance, ImportJob.Status.VALIDATING, dt.timedelta(hours=2))
    ImportJob.objects.filter(pk=job.pk).update(
        heartbeat_at=None, created_at=timezone.now() - dt.timedelta(hours=2)
    )
    login(users.governance).get(reverse("core:import_list"))
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
