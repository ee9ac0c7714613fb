import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0018_handover_and_consent_values"),
        ("regions", "0002_region_national_market"),
    ]

    operations = [
        migrations.AlterField(
            model_name="consent",
            name="municipality",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="regions.municipality",
                verbose_name="gegeven aan gemeente",
            ),
        ),
        migrations.AlterField(
            model_name="handover",
            name="legal_basis",
            field=models.CharField(
                blank=True,
                choices=[
                    (
                        "wet_inburgering_2021",
                        "Wet inburgering 2021: de nieuwe woongemeente neemt de begeleiding van de inburgering over",
                    ),
                    (
                        "participatiewet",
                        "Participatiewet: de nieuwe woongemeente ondersteunt bij arbeidsinschakeling en bijstand",
                    ),
                    ("wet_suwi", "Wet SUWI: gegevensuitwisseling in de keten van werk en inkomen"),
                    ("other", "andere grondslag, zie toelichting"),
                ],
                max_length=30,
                verbose_name="wettelijke grondslag",
            ),
        ),
    ]
