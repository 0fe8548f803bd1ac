from django.db import migrations


def charger(apps, schema_editor):
    from territoire.recrutement.classement_defaut import charger as charger_regles

    charger_regles(apps.get_model("recrutement", "RegleClassement"), apps.get_model("etablissements", "Filiere"))


class Migration(migrations.Migration):
    dependencies = [
        ("recrutement", "0001_formations_besoins_offres_campus"),
        ("etablissements", "0002_filieres_par_defaut"),
    ]

    operations = [migrations.RunPython(charger, migrations.RunPython.noop)]
