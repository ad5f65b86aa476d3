"""The database itself refuses UPDATE and DELETE on the ledger (append-only, 等保 安全审计)."""

from django.db import migrations

SQLITE = [
    """CREATE TRIGGER core_ledgerentry_no_update BEFORE UPDATE ON core_ledgerentry
       BEGIN SELECT RAISE(ABORT, 'fazhi ledger is append-only: UPDATE refused'); END;""",
    """CREATE TRIGGER core_ledgerentry_no_delete BEFORE DELETE ON core_ledgerentry
       BEGIN SELECT RAISE(ABORT, 'fazhi ledger is append-only: DELETE refused'); END;""",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS core_ledgerentry_no_update;",
    "DROP TRIGGER IF EXISTS core_ledgerentry_no_delete;",
]

POSTGRES = [
    """CREATE OR REPLACE FUNCTION core_ledgerentry_refuse() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'fazhi ledger is append-only: % refused', TG_OP; END;
       $$ LANGUAGE plpgsql;""",
    """CREATE TRIGGER core_ledgerentry_no_update BEFORE UPDATE OR DELETE ON core_ledgerentry
       FOR EACH ROW EXECUTE FUNCTION core_ledgerentry_refuse();""",
    """CREATE TRIGGER core_ledgerentry_no_truncate BEFORE TRUNCATE ON core_ledgerentry
       FOR EACH STATEMENT EXECUTE FUNCTION core_ledgerentry_refuse();""",
]
POSTGRES_REVERSE = [
    "DROP TRIGGER IF EXISTS core_ledgerentry_no_update ON core_ledgerentry;",
    "DROP TRIGGER IF EXISTS core_ledgerentry_no_truncate ON core_ledgerentry;",
    "DROP FUNCTION IF EXISTS core_ledgerentry_refuse();",
]


def forwards(apps, schema_editor):
    statements = POSTGRES if schema_editor.connection.vendor == "postgresql" else SQLITE
    for sql in statements:
        schema_editor.execute(sql, params=None)


def backwards(apps, schema_editor):
    statements = POSTGRES_REVERSE if schema_editor.connection.vendor == "postgresql" else SQLITE_REVERSE
    for sql in statements:
        schema_editor.execute(sql, params=None)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
