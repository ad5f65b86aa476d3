"""The county's default event categories (fazhi.grid.seed)."""

from django.db import migrations


def seed(apps, schema_editor):
    from fazhi.grid.seed import ensure_categories

    ensure_categories(apps.get_model("grid", "EventCategory"))


def unseed(apps, schema_editor):
    EventCategory = apps.get_model("grid", "EventCategory")
    EventCategory.objects.filter(parent__isnull=False).delete()
    EventCategory.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("grid", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
