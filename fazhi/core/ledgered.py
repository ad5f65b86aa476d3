from django.db import router, transaction


class Ledgered:
    """Mixin: every create, update and delete of this model is written to the ledger
    (fazhi.core.signals), in the same transaction as the change, whatever the door: a save or
    delete outside any transaction opens one, so that the row and its entry commit together or
    not at all; inside one they are already together (an entry that cannot be written marks
    it for rollback). `ledger_exclude` names fields left out of the snapshots.
    `QuerySet.update()` and `bulk_create` pass no signal: the bulk path is fazhi.core.bulk."""

    ledger_exclude: tuple[str, ...] = ()

    def save(self, *args, **kwargs):
        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        if transaction.get_connection(using).in_atomic_block:
            return super().save(*args, **kwargs)
        with transaction.atomic(using=using):
            return super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        if transaction.get_connection(using).in_atomic_block:
            return super().delete(*args, **kwargs)
        with transaction.atomic(using=using):
            return super().delete(*args, **kwargs)
