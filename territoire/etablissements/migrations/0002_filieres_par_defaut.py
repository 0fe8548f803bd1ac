from django.db import migrations


def charger(apps, schema_editor):
    from territoire.etablissements.filieres_defaut import charger

    charger(apps.get_model("etablissements", "Filiere"), apps.get_model("etablissements", "RegleNaf"))


class Migration(migrations.Migration):
    dependencies = [("etablissements", "0001_initial")]
    operations = [migrations.RunPython(charger, migrations.RunPython.noop)]
