from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

# The chain of records above the towns (users, accounts, the anchors of the town chains).
SYSTEM_CHAIN = "system"
GENESIS = "0" * 64


class LedgerEntry(models.Model):
    """One append-only entry: who did what to which record, when.

    An entry belongs to one chain: its town's (the 9-digit division code of the record's
    region), its county's (6 digits, records of the county itself) or the system chain
    (records above any region). It is inserted in the transaction of the change it records,
    with `hash` over its content; just after that transaction commits it is sealed into its
    chain (`seq`, `prev_hash`, `chain_hash`) by `fazhi.core.ledger.seal`, which locks the
    chain's head. The database refuses every UPDATE but that one sealing (the seal fields set
    once, from NULL) and every DELETE (triggers, migration 0010).
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
    # The request, step, import or command the entry belongs to (fazhi.core.ledger.operation).
    operation = models.CharField(_("操作批次"), max_length=32, blank=True, default="", db_index=True)
    # The chain: a town's division code, a county's, or "system" (fazhi.core.ledger.chain_of).
    chain = models.CharField(_("台账链"), max_length=20, default=SYSTEM_CHAIN)
    # Over the content above (fazhi.core.ledger.content_hash), set when the entry is written.
    hash = models.CharField(_("摘要"), max_length=64, db_index=True)
    # The seal, set once just after commit: the position in the chain, the chain hash of the
    # entry before (GENESIS for the first) and this entry's chain hash over both and `hash`.
    seq = models.BigIntegerField(_("链内序号"), null=True, blank=True)
    prev_hash = models.CharField(_("前一条链摘要"), max_length=64, null=True, blank=True)
    chain_hash = models.CharField(_("链摘要"), max_length=64, null=True, blank=True)

    class Meta:
        verbose_name = _("台账记录")
        verbose_name_plural = _("台账记录")
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["chain", "seq"], name="core_ledger_chain_seq")]
        indexes = [
            # what the sealer looks for: a chain's entries not sealed yet, in id order
            models.Index(
                fields=["chain", "id"], condition=models.Q(seq__isnull=True), name="core_ledger_unsealed"
            ),
            # a record page's history of parts since deleted (fazhi.core.timeline): the creations
            # of one kind of record, not every creation in the ledger (the action index alone)
            models.Index(fields=["object_type", "action"], name="core_ledger_type_action"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.action} {self.object_type}:{self.object_id}"

    @property
    def sealed(self) -> bool:
        return self.seq is not None


class LedgerHead(models.Model):
    """One row per chain naming its newest sealed entry; only the sealer locks it, in a short
    transaction of its own (never a transaction that locks domain rows), so that the chain
    stays linear."""

    chain = models.CharField(_("台账链"), max_length=20, primary_key=True)
    last_seq = models.BigIntegerField(_("最新序号"), default=0)
    last_hash = models.CharField(_("最新链摘要"), max_length=64, default=GENESIS)

    class Meta:
        verbose_name = _("台账链头")
        verbose_name_plural = _("台账链头")
        ordering = ["chain"]

    def __str__(self) -> str:
        return f"{self.chain} #{self.last_seq}"
