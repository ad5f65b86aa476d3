from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fazhi.core.scoping import OwnedQuerySet, RegionScoped


class AttachmentQuerySet(OwnedQuerySet):
    owner_field = "owner_type"


class Attachment(RegionScoped):
    """A file kept content-addressed: stored under its digest, with size and sniffed type.

    Several attachments may share one stored file (same digest). The ledger entry written
    when it is attached carries the digest, so a changed file shows on verification.
    """

    digest = models.CharField(_("摘要"), max_length=64, db_index=True)
    algorithm = models.CharField(_("摘要算法"), max_length=10)
    storage_name = models.CharField(_("存储名"), max_length=200)
    size = models.BigIntegerField(_("大小（字节）"))
    content_type = models.CharField(_("文件类型"), max_length=100)
    original_name = models.CharField(_("原文件名"), max_length=255)
    caption = models.CharField(_("说明"), max_length=200, blank=True)
    owner_type = models.ForeignKey(
        "contenttypes.ContentType", null=True, blank=True, on_delete=models.PROTECT
    )
    owner_id = models.CharField(max_length=64, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    # read by who may read the record it belongs to
    objects = AttachmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")
        ordering = ["-uploaded_at"]
        indexes = [models.Index(fields=["owner_type", "owner_id"])]

    def __str__(self) -> str:
        return self.original_name

    @property
    def ledger_digests(self) -> list[str]:
        """Every ledger entry about this attachment carries its digest (fazhi.core.ledger.record)."""
        return [self.digest] if self.digest else []
