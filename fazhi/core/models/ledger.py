from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class LedgerEntry(models.Model):
    """One append-only, hash-chained entry: who did what to which record, when.

    The database refuses UPDATE and DELETE on this table (triggers, migration 0002). `hash`
    is computed over the entry's canonical content and `prev_hash`; `fazhi ledger verify`
    recomputes the chain (see fazhi.core.ledger).
    """

    at = models.DateTimeField(_("时间"), db_index=True)
    # Plain columns, not foreign keys: the ledger must never be touched by a cascade.
    actor_id = models.BigIntegerField(_("操作人ID"), null=True, blank=True, db_index=True)
    actor_name = models.CharField(_("操作人"), max_length=150, blank=True)
    source = models.CharField(_("来源"), max_length=20, blank=True)  # web / api / import / command / system
    action = models.CharField(_("动作"), max_length=40, db_index=True)
    object_type = models.CharField(_("对象类型"), max_length=100, db_index=True)
    object_id = models.CharField(_("对象ID"), max_length=64, db_index=True)
    object_repr = models.CharField(_("对象"), max_length=200, blank=True)
    region_path = models.CharField(_("区划路径"), max_length=200, blank=True, db_index=True)
    data = models.JSONField(_("内容"), default=dict)  # before / after / transition / reason
    digests = models.JSONField(_("附件摘要"), default=list)  # attachment digests this entry vouches for
    algorithm = models.CharField(_("摘要算法"), max_length=10)
    prev_hash = models.CharField(_("前一条摘要"), max_length=64)
    # The request, step, import or command the entry belongs to (fazhi.core.ledger.operation).
    operation = models.CharField(_("操作批次"), max_length=32, blank=True, default="", db_index=True)
    hash = models.CharField(_("摘要"), max_length=64, unique=True)

    class Meta:
        verbose_name = _("台账记录")
        verbose_name_plural = _("台账记录")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"#{self.pk} {self.action} {self.object_type}:{self.object_id}"


class LedgerHead(models.Model):
    """The single row naming the newest entry; locked while appending so the chain stays linear."""

    last_id = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="0" * 64)

    class Meta:
        verbose_name = _("台账链头")
