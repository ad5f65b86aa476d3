class Ledgered:
    """Mixin: every create, update and delete of this model is written to the ledger
    (fazhi.core.signals). `ledger_exclude` names fields left out of the snapshots."""

    ledger_exclude: tuple[str, ...] = ()
