"""The network's history entries move into the shared journal (historique.Entree), every one
of them, with its date, author, sentence and changes; then reseau.Historique is dropped."""

from django.db import migrations

LOT = 2000


def _nature(action: str) -> str:
    a = action.lower()
    if a.startswith("statut"):
        return "statut"
    if "rgpd" in a:
        return "donnees_personnelles"
    if any(mot in a for mot in ("créée", "déposée", "enregistrée", "inscrite")):
        return "creation"
    return "modification"


def _territoires(apps, content_type, ids):
    """{object id: territoire id} for records whose model has a `territoire` field."""
    try:
        modele = apps.get_model(content_type.app_label, content_type.model)
    except LookupError:
        return {}
    if not any(f.name == "territoire" for f in modele._meta.get_fields()):
        return {}
    return dict(modele.objects.filter(pk__in=ids).values_list("pk", "territoire_id"))


def copier(apps, schema_editor):
    Historique = apps.get_model("reseau", "Historique")
    Entree = apps.get_model("historique", "Entree")
    ContentType = apps.get_model("contenttypes", "ContentType")
    types = {ct.pk: ct for ct in ContentType.objects.filter(pk__in=Historique.objects.values("content_type_id"))}
    territoires = {}
    for ct in types.values():
        ids = list(Historique.objects.filter(content_type=ct).values_list("object_id", flat=True).distinct())
        territoires[ct.pk] = _territoires(apps, ct, ids)
    lot = []
    for h in Historique.objects.order_by("pk").iterator(chunk_size=LOT):
        lot.append(Entree(
            content_type_id=h.content_type_id, object_id=h.object_id, le=h.le, auteur_id=h.auteur_id,
            action=h.action, changements=h.changements, nature=_nature(h.action),
            territoire_id=territoires.get(h.content_type_id, {}).get(h.object_id),
        ))
        if len(lot) >= LOT:
            Entree.objects.bulk_create(lot)
            lot = []
    Entree.objects.bulk_create(lot)


def recopier(apps, schema_editor):
    """Back to reseau.Historique: the entries of every record but the programme's."""
    Historique = apps.get_model("reseau", "Historique")
    Entree = apps.get_model("historique", "Entree")
    lot = []
    for e in Entree.objects.exclude(content_type__app_label="programme").order_by("pk").iterator(chunk_size=LOT):
        lot.append(Historique(content_type_id=e.content_type_id, object_id=e.object_id, le=e.le,
                              auteur_id=e.auteur_id, action=e.action[:200], changements=e.changements))
    Historique.objects.bulk_create(lot, batch_size=LOT)
    Entree.objects.exclude(content_type__app_label="programme").delete()


class Migration(migrations.Migration):

    dependencies = [
        ("reseau", "0003_interactions_evenements_historique"),
        ("historique", "0001_journal_commun"),
        ("guichet", "0002_sujets_par_defaut"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(copier, recopier),
        migrations.DeleteModel(name="Historique"),
    ]
