from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

# A running job whose worker has not been heard from for this long was killed (a restart, an
# out-of-memory kill): validation writes progress every half second; the write phase is one
# transaction, so a job killed in it wrote nothing.
STALE_AFTER = dt.timedelta(minutes=15)


class ImportJobQuerySet(models.QuerySet):
    def fail_stale(self, now: dt.datetime | None = None) -> int:
        """Mark failed, with the reason, the jobs left running by a worker that is gone; returns
        how many. Pages that show jobs call it, so a user never waits on a dead job."""
        now = now or timezone.now()
        running = [ImportJob.Status.VALIDATING, ImportJob.Status.IMPORTING]
        silent = models.Q(heartbeat_at__lt=now - STALE_AFTER) | models.Q(
            heartbeat_at__isnull=True, created_at__lt=now - STALE_AFTER
        )
        return self.filter(silent, status__in=running).update(
            status=ImportJob.Status.FAILED,
            finished_at=now,
            message=gettext(
                "导入中断：处理该任务的后台进程已停止（如服务器重启），超过%(m)s分钟没有进展；"
                "导入在一个事务中写入，因此没有写入任何数据。请重新上传导入。"
            )
            % {"m": int(STALE_AFTER.total_seconds() // 60)},
        )


class ImportJob(models.Model):
    """An Excel import run in the background, with its progress and its per-row errors."""

    class Status(models.TextChoices):
        PENDING = "pending", _("排队中")
        VALIDATING = "validating", _("校验中")
        INVALID = "invalid", _("校验未通过，未写入")
        IMPORTING = "importing", _("导入中")
        DONE = "done", _("已完成")
        FAILED = "failed", _("失败")

    register = models.CharField(_("台账"), max_length=60)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    file_name = models.CharField(_("文件"), max_length=255)
    storage_name = models.CharField(max_length=255)
    only_valid = models.BooleanField(_("仅导入有效行"), default=False)
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.PENDING)
    total_rows = models.PositiveIntegerField(_("总行数"), default=0)
    done_rows = models.PositiveIntegerField(_("已处理行数"), default=0)
    imported_rows = models.PositiveIntegerField(_("导入行数"), default=0)
    errors = models.JSONField(_("错误"), default=list)  # [{"row": 3, "column": "区划代码", "message": "..."}]
    message = models.TextField(_("说明"), blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    # the worker's last sign of life (each progress write): a silent running job is stale
    heartbeat_at = models.DateTimeField(_("最近进展"), null=True, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    objects = ImportJobQuerySet.as_manager()

    class Meta:
        verbose_name = _("导入任务")
        verbose_name_plural = _("导入任务")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.register} {self.file_name}"

    @property
    def percent(self) -> int:
        return int(self.done_rows * 100 / self.total_rows) if self.total_rows else 0
