"""Stored area tables changed from Parquet to Arrow's stream format. Snapshots are derived data: the old
ones are deleted and the next ``werkroute monitoring refresh`` computes them again."""

from django.db import migrations


def delete_snapshots(apps, schema_editor):  # type: ignore[no-untyped-def]
    apps.get_model("monitoring", "IndicatorSnapshot").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0001_initial")]

    operations = [migrations.RunPython(delete_snapshots, migrations.RunPython.noop)]
