"""The programme's history entries move into the shared journal (historique.Entree), every
one of them; then programme.Historique is dropped.

An entry on a fiche hangs on the fiche, the part that changed (jalon, cofinancement…) named
in `element`; an entry without a fiche hangs on the object it names (séance, décision…), or
on the territory when the name is unknown, so that none is lost.
"""

from django.db import migrations

LOT = 2000
LIBELLES = {"creation": "Création", "modification": "Modification", "suppression": "Suppression"}
# The `objet` names the programme wrote without a fiche, and their models.
MODELES = {
    "fiche": "ficheaction",
    "séance": "seance",
    "point d'ordre du jour": "pointordredujour",
    "décision": "decision",
    "action de suivi": "actionsuivi",
    "indicateur": "indicateur",
    "valeur d'indicateur": "valeurindicateur",
}


def copier(apps, schema_editor):
    Historique = apps.get_model("programme", "Historique")
    Entree = apps.get_model("historique", "Entree")
    ContentType = apps.get_model("contenttypes", "ContentType")

    def type_de(app_label, model):
        return ContentType.objects.get_or_create(app_label=app_label, model=model)[0].pk

    if not Historique.objects.exists():
        return
    fiche = type_de("programme", "ficheaction")
    territoire = type_de("referentiel", "territoire")
    lot = []
    for h in Historique.objects.order_by("pk").iterator(chunk_size=LOT):
        if h.fiche_id is not None:
            ct, pk = fiche, h.fiche_id
            element, element_id = ("", None) if h.objet == "fiche" else (h.objet, h.objet_id)
        elif h.objet in MODELES and h.objet_id is not None:
            ct, pk, element, element_id = type_de("programme", MODELES[h.objet]), h.objet_id, "", None
        else:
            ct, pk, element, element_id = territoire, h.territoire_id, h.objet, h.objet_id
        lot.append(Entree(
            territoire_id=h.territoire_id, content_type_id=ct, object_id=pk, element=element[:60],
            element_id=element_id, le=h.quand, auteur_id=h.auteur_id, nature=h.action,
            action=f"{LIBELLES.get(h.action, h.action)} : {h.objet}", changements=h.changements,
        ))
        if len(lot) >= LOT:
            Entree.objects.bulk_create(lot)
            lot = []
    Entree.objects.bulk_create(lot)


def recopier(apps, schema_editor):
    """Back to programme.Historique: the entries on the programme's records."""
    Historique = apps.get_model("programme", "Historique")
    Entree = apps.get_model("historique", "Entree")
    noms = {v: k for k, v in MODELES.items()}
    lot, dates = [], []
    for e in Entree.objects.filter(content_type__app_label="programme").select_related("content_type").order_by("pk"):
        dates.append(e.le)
        sur_fiche = e.content_type.model == "ficheaction"
        lot.append(Historique(
            fiche_id=e.object_id if sur_fiche else None, territoire_id=e.territoire_id,
            objet=e.element or noms.get(e.content_type.model, e.content_type.model),
            objet_id=e.element_id if e.element else e.object_id,
            action=e.nature if e.nature in LIBELLES else "modification", auteur_id=e.auteur_id,
            changements=e.changements,
        ))
    for h, le in zip(Historique.objects.bulk_create(lot, batch_size=LOT), dates, strict=True):
        Historique.objects.filter(pk=h.pk).update(quand=le)  # `quand` is auto_now_add: restore it
    Entree.objects.filter(content_type__app_label="programme").delete()


class Migration(migrations.Migration):

    dependencies = [
        ("programme", "0001_initial"),
        ("historique", "0001_journal_commun"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(copier, recopier),
        migrations.DeleteModel(name="Historique"),
    ]
