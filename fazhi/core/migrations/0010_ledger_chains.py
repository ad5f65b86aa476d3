"""The ledger in chains per town, sealed after commit (fazhi.core.ledger).

- `LedgerEntry` gains `chain` (a town's 9-digit code, a county's 6, or "system") and the seal
  fields `seq`, `chain_hash` (with `prev_hash`, now NULL until sealed); `hash` is the content
  hash, set when the entry is written (no longer unique: nothing but content in it).
- `LedgerHead` is one row per chain (it was one row for the installation).
- Existing entries are rebuilt into their chains: each one's chain from its region path, its
  content hash, then sealed in id order per chain (the old single-chain hashes go; there was
  no production data, and an archive made before still verifies offline by the old formula).
- The append-only triggers now let exactly one UPDATE through: setting the seal fields from
  NULL, every other column unchanged; every other UPDATE, every DELETE (and TRUNCATE on
  PostgreSQL) is refused.

A later migration that rebuilds the table on SQLite (adding a column does) drops its
triggers: call `install_triggers(schema_editor.connection)` of this module again after it.
"""

from django.db import migrations, models

SEAL = ("seq", "prev_hash", "chain_hash")
REFUSED = "fazhi ledger is append-only: % refused (only the seal may be set, once)"

POSTGRES = [
    """CREATE OR REPLACE FUNCTION core_ledgerentry_refuse() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'fazhi ledger is append-only: % refused', TG_OP; END;
       $$ LANGUAGE plpgsql;""",
    f"""CREATE OR REPLACE FUNCTION core_ledgerentry_seal_only() RETURNS trigger AS $$
       DECLARE unsealed core_ledgerentry;
       BEGIN
         unsealed := NEW;
         unsealed.seq := NULL; unsealed.prev_hash := NULL; unsealed.chain_hash := NULL;
         IF OLD.seq IS NULL AND OLD.prev_hash IS NULL AND OLD.chain_hash IS NULL
            AND NEW.seq IS NOT NULL AND NEW.prev_hash IS NOT NULL AND NEW.chain_hash IS NOT NULL
            AND unsealed IS NOT DISTINCT FROM OLD THEN
           RETURN NEW;
         END IF;
         RAISE EXCEPTION '{REFUSED}', TG_OP;
       END;
       $$ LANGUAGE plpgsql;""",
    """CREATE TRIGGER core_ledgerentry_no_update BEFORE UPDATE ON core_ledgerentry
       FOR EACH ROW EXECUTE FUNCTION core_ledgerentry_seal_only();""",
    """CREATE TRIGGER core_ledgerentry_no_delete BEFORE DELETE ON core_ledgerentry
       FOR EACH ROW EXECUTE FUNCTION core_ledgerentry_refuse();""",
    """CREATE TRIGGER core_ledgerentry_no_truncate BEFORE TRUNCATE ON core_ledgerentry
       FOR EACH STATEMENT EXECUTE FUNCTION core_ledgerentry_refuse();""",
]
POSTGRES_DROP = [
    "DROP TRIGGER IF EXISTS core_ledgerentry_no_update ON core_ledgerentry;",
    "DROP TRIGGER IF EXISTS core_ledgerentry_no_delete ON core_ledgerentry;",
    "DROP TRIGGER IF EXISTS core_ledgerentry_no_truncate ON core_ledgerentry;",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS core_ledgerentry_no_update;",
    "DROP TRIGGER IF EXISTS core_ledgerentry_no_delete;",
]


def sqlite_triggers(cursor) -> list[str]:
    """SQLite has no row values to compare: the UPDATE trigger names every column but the seal,
    read from the table as it is now."""
    cursor.execute("PRAGMA table_info(core_ledgerentry)")
    columns = [row[1] for row in cursor.fetchall() if row[1] not in SEAL]
    unchanged = " AND ".join(f'NEW."{name}" IS OLD."{name}"' for name in columns)
    sealing = (
        "OLD.seq IS NULL AND OLD.prev_hash IS NULL AND OLD.chain_hash IS NULL AND NEW.seq IS NOT NULL"
        f" AND NEW.prev_hash IS NOT NULL AND NEW.chain_hash IS NOT NULL AND {unchanged}"
    )
    update = REFUSED.replace("%", "UPDATE")
    return [
        f"""CREATE TRIGGER core_ledgerentry_no_update BEFORE UPDATE ON core_ledgerentry
            WHEN NOT ({sealing}) BEGIN SELECT RAISE(ABORT, '{update}'); END;""",
        """CREATE TRIGGER core_ledgerentry_no_delete BEFORE DELETE ON core_ledgerentry
           BEGIN SELECT RAISE(ABORT, 'fazhi ledger is append-only: DELETE refused'); END;""",
    ]


def drop_triggers(connection) -> None:
    with connection.cursor() as cursor:
        for sql in POSTGRES_DROP if connection.vendor == "postgresql" else SQLITE_DROP:
            cursor.execute(sql)


def install_triggers(connection) -> None:
    drop_triggers(connection)
    with connection.cursor() as cursor:
        statements = POSTGRES if connection.vendor == "postgresql" else sqlite_triggers(cursor)
        for sql in statements:
            cursor.execute(sql)


def _drop(apps, schema_editor):
    drop_triggers(schema_editor.connection)


def _install(apps, schema_editor):
    install_triggers(schema_editor.connection)


def _old_triggers(apps, schema_editor):
    """Backwards: the triggers of 0002 (refusing every UPDATE)."""
    import importlib

    old = importlib.import_module("fazhi.core.migrations.0002_ledger_append_only")
    drop_triggers(schema_editor.connection)
    with schema_editor.connection.cursor() as cursor:
        for sql in old.POSTGRES if schema_editor.connection.vendor == "postgresql" else old.SQLITE:
            cursor.execute(sql)


def rebuild(apps, schema_editor):
    """Every existing entry into its chain: chain, content hash, seal (in id order per chain)."""
    from fazhi.core import ledger

    Entry = apps.get_model("core", "LedgerEntry")
    Head = apps.get_model("core", "LedgerHead")
    db = schema_editor.connection.alias
    heads: dict[str, tuple[int, str]] = {}
    last = 0
    while True:
        batch = list(Entry.objects.using(db).filter(id__gt=last).order_by("id")[:1000])
        if not batch:
            break
        for entry in batch:
            entry.chain = ledger.chain_of(entry.region_path)
            entry.seq = entry.prev_hash = entry.chain_hash = None
            entry.hash = ledger.content_hash(ledger.entry_content(entry))
            seq, prev = heads.get(entry.chain, (0, ledger.GENESIS))
            entry.seq, entry.prev_hash = seq + 1, prev
            entry.chain_hash = ledger.link_hash(entry.chain, seq + 1, prev, entry.hash, entry.algorithm)
            heads[entry.chain] = (entry.seq, entry.chain_hash)
        Entry.objects.using(db).bulk_update(batch, ["chain", "hash", "seq", "prev_hash", "chain_hash"])
        last = batch[-1].id
    Head.objects.using(db).bulk_create(
        Head(chain=chain, last_seq=seq, last_hash=value) for chain, (seq, value) in heads.items()
    )


class Migration(migrations.Migration):
    dependencies = [("core", "0009_ledger_operation")]

    operations = [
        migrations.RunPython(_drop, _old_triggers),
        migrations.DeleteModel(name="LedgerHead"),
        migrations.CreateModel(
            name="LedgerHead",
            fields=[
                (
                    "chain",
                    models.CharField(max_length=20, primary_key=True, serialize=False, verbose_name="台账链"),
                ),
                ("last_seq", models.BigIntegerField(default=0, verbose_name="最新序号")),
                (
                    "last_hash",
                    models.CharField(
                        default="0000000000000000000000000000000000000000000000000000000000000000",
                        max_length=64,
                        verbose_name="最新链摘要",
                    ),
                ),
            ],
            options={"verbose_name": "台账链头", "verbose_name_plural": "台账链头", "ordering": ["chain"]},
        ),
        migrations.AddField(
            model_name="ledgerentry",
            name="chain",
            field=models.CharField(default="system", max_length=20, verbose_name="台账链"),
        ),
        migrations.AddField(
            model_name="ledgerentry",
            name="seq",
            field=models.BigIntegerField(blank=True, null=True, verbose_name="链内序号"),
        ),
        migrations.AddField(
            model_name="ledgerentry",
            name="chain_hash",
            field=models.CharField(blank=True, max_length=64, null=True, verbose_name="链摘要"),
        ),
        migrations.AlterField(
            model_name="ledgerentry",
            name="prev_hash",
            field=models.CharField(blank=True, max_length=64, null=True, verbose_name="前一条链摘要"),
        ),
        migrations.AlterField(
            model_name="ledgerentry",
            name="hash",
            field=models.CharField(db_index=True, max_length=64, verbose_name="摘要"),
        ),
        migrations.RunPython(rebuild, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="ledgerentry",
            constraint=models.UniqueConstraint(fields=("chain", "seq"), name="core_ledger_chain_seq"),
        ),
        migrations.AddIndex(
            model_name="ledgerentry",
            index=models.Index(
                condition=models.Q(("seq__isnull", True)), fields=["chain", "id"], name="core_ledger_unsealed"
            ),
        ),
        migrations.RunPython(_install, _drop),
    ]
