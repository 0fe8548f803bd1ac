import uuid

import django.utils.timezone
from django.db import migrations, models


def creer_la_ligne(apps, schema_editor):
    apps.get_model("observatoire", "VersionDonnees").objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="VersionDonnees",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("jeton", models.UUIDField(default=uuid.uuid4)),
                ("modifiee_le", models.DateTimeField(default=django.utils.timezone.now, verbose_name="modifiée le")),
            ],
            options={"verbose_name": "version des données", "verbose_name_plural": "versions des données"},
        ),
        migrations.RunPython(creer_la_ligne, migrations.RunPython.noop),
    ]
