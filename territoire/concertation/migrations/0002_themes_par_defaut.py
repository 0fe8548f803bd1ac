"""Ship the default themes (territoire/concertation/themes_defaut.py) as data."""

from django.db import migrations


def installer_themes(apps, schema_editor):
    from territoire.concertation.themes_defaut import THEMES

    Theme = apps.get_model("concertation", "Theme")
    for ordre, (code, libelle, origine, description) in enumerate(THEMES, start=1):
        Theme.objects.update_or_create(
            code=code,
            defaults={"libelle": libelle, "origine": origine, "description": description, "ordre": ordre * 10},
        )


class Migration(migrations.Migration):

    dependencies = [("concertation", "0001_consultations_reunions_contributions_constats")]

    operations = [migrations.RunPython(installer_themes, migrations.RunPython.noop)]
