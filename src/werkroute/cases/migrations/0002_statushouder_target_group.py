from django.db import migrations


def create_statushouder(apps, schema_editor):
    TargetGroup = apps.get_model("cases", "TargetGroup")
    TargetGroup.objects.get_or_create(code="statushouder", defaults={"name": "Statushouder"})


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]

    operations = [migrations.RunPython(create_statushouder, migrations.RunPython.noop)]
