"""The areas' tables are LZ4-compressed Arrow already; PostgreSQL need not try to compress them again.

By default PostgreSQL runs its own compression over every large value before moving it out of line, which
on data that is already compressed costs the time and gains nothing: storing a national refresh took
seconds longer. ``EXTERNAL`` keeps the out-of-line storage without that compression (``EXTENDED``, the default, has it). Other databases
have no such setting, so nothing happens there.
"""

from django.db import migrations

COLUMN = 'ALTER TABLE monitoring_areaindicators ALTER COLUMN "table" SET STORAGE {}'


def storage(kind: str):  # type: ignore[no-untyped-def]
    def change(apps, schema_editor):  # type: ignore[no-untyped-def]
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(COLUMN.format(kind))

    return change


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0002_arrow_area_tables")]

    operations = [migrations.RunPython(storage("EXTERNAL"), storage("EXTENDED"))]
