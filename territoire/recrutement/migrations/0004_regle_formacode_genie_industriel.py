from django.db import migrations


def charger(apps, schema_editor):
    from territoire.recrutement.classement_defaut import charger_nouvelles

    charger_nouvelles(apps.get_model("recrutement", "RegleClassement"), apps.get_model("etablissements", "Filiere"),
                      ("formacode",))


class Migration(migrations.Migration):
    dependencies = [
        ("recrutement", "0003_codes_rome_deduits"),
    ]

    operations = [migrations.RunPython(charger, migrations.RunPython.noop)]
