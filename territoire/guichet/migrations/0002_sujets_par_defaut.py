from django.db import migrations


def charger(apps, schema_editor):
    from territoire.guichet.sujets_defaut import SUJETS_DEFAUT

    Sujet = apps.get_model("guichet", "Sujet")
    for ordre, (code, libelle, description) in enumerate(SUJETS_DEFAUT):
        Sujet.objects.get_or_create(code=code, defaults={"libelle": libelle, "description": description, "ordre": ordre})


def retirer(apps, schema_editor):
    from territoire.guichet.sujets_defaut import SUJETS_DEFAUT

    apps.get_model("guichet", "Sujet").objects.filter(
        code__in=[c for c, _, _ in SUJETS_DEFAUT], demandes__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("guichet", "0001_annuaire_demandes_dispositifs")]

    operations = [migrations.RunPython(charger, retirer)]
