"""Ledger entries name the operation they belong to (one request, step, import or command);
the id is covered by the entry's hash when set. Entries written before have none.

On SQLite, adding a column with a default rebuilds the table, which drops its triggers: the
append-only triggers of 0002 are created again."""

from django.db import migrations, models

SQLITE_TRIGGERS = [
    """CREATE TRIGGER IF NOT EXISTS core_ledgerentry_no_update BEFORE UPDATE ON core_ledgerentry
       BEGIN SELECT RAISE(ABORT, 'fazhi ledger is append-only: UPDATE refused'); END;""",
    """CREATE TRIGGER IF NOT EXISTS core_ledgerentry_no_delete BEFORE DELETE ON core_ledgerentry
       BEGIN SELECT RAISE(ABORT, 'fazhi ledger is append-only: DELETE refused'); END;""",
]


def triggers_again(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for sql in SQLITE_TRIGGERS:
            schema_editor.execute(sql, params=None)


class Migration(migrations.Migration):
    dependencies = [("core", "0008_links_staff_rules")]

    operations = [
        migrations.AddField(
            model_name="ledgerentry",
            name="operation",
            field=models.CharField(
                blank=True, db_index=True, default="", max_length=32, verbose_name="操作批次"
            ),
        ),
        migrations.RunPython(triggers_again, migrations.RunPython.noop),
    ]
