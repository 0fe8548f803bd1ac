"""The desk's status changes (guichet.Transition) move into the shared journal
(historique.Entree): each transition becomes, or completes, the entry that the desk already
wrote at the same instant ("Demande déposée", "Statut : …"), so that no transition and no
note is lost and none is counted twice; then guichet.Transition is dropped. Aids of the
catalogue can now be archived."""

from django.db import migrations, models

LIBELLES = {
    "nouvelle": "Nouvelle", "prise_en_charge": "Prise en charge", "faite": "Faite",
    "faite_sans_aide": "Faite sans aide", "injoignable": "Entreprise injoignable", "pas_pour_nous": "Pas pour nous",
}


def copier(apps, schema_editor):
    Transition = apps.get_model("guichet", "Transition")
    Entree = apps.get_model("historique", "Entree")
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not Transition.objects.exists():
        return
    ct = ContentType.objects.get_or_create(app_label="guichet", model="demande")[0]
    demandes = Transition.objects.values_list("demande_id", flat=True).distinct().order_by("demande_id")
    territoires = dict(apps.get_model("guichet", "Demande").objects.values_list("pk", "territoire_id"))
    for demande_id in demandes.iterator():
        entrees = list(Entree.objects.filter(content_type=ct, object_id=demande_id))
        nouvelles = []
        for t in Transition.objects.filter(demande_id=demande_id).order_by("le", "pk"):
            jumelle = next(
                (e for e in entrees if e.le == t.le and isinstance(e.changements.get("statut"), list)
                 and e.changements["statut"][1] == t.vers),
                None,
            )
            if jumelle is not None:
                jumelle.nature = "creation" if not t.de else "statut"
                jumelle.note = jumelle.note or t.note
                jumelle.auteur_id = jumelle.auteur_id or t.par_id
                jumelle.save(update_fields=["nature", "note", "auteur"])
                entrees.remove(jumelle)
            else:
                nouvelles.append(Entree(
                    content_type=ct, object_id=demande_id, territoire_id=territoires.get(demande_id), le=t.le,
                    auteur_id=t.par_id, nature="creation" if not t.de else "statut",
                    action="Demande déposée" if not t.de else f"Statut : {LIBELLES.get(t.vers, t.vers)}",
                    changements={"statut": [t.de or None, t.vers]}, note=t.note,
                ))
        Entree.objects.bulk_create(nouvelles)


def recopier(apps, schema_editor):
    """Back to guichet.Transition: one per status entry of a request."""
    Transition = apps.get_model("guichet", "Transition")
    Entree = apps.get_model("historique", "Entree")
    lot = []
    for e in Entree.objects.filter(content_type__app_label="guichet", content_type__model="demande",
                                   nature__in=("creation", "statut")).order_by("le", "pk"):
        statut = e.changements.get("statut")
        if isinstance(statut, list) and len(statut) == 2 and statut[1]:
            lot.append(Transition(demande_id=e.object_id, de=statut[0] or "", vers=statut[1], le=e.le,
                                  par_id=e.auteur_id, note=e.note))
    Transition.objects.bulk_create(lot, batch_size=2000)


class Migration(migrations.Migration):

    dependencies = [
        ("guichet", "0002_sujets_par_defaut"),
        ("historique", "0001_journal_commun"),
        ("reseau", "0004_historique_vers_journal_commun"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(copier, recopier),
        migrations.DeleteModel(name="Transition"),
        migrations.AddField(
            model_name="dispositif",
            name="archive_le",
            field=models.DateTimeField(blank=True, help_text="Un dispositif archivé ne se propose plus ; les aides déjà proposées le gardent.", null=True, verbose_name="archivé le"),
        ),
    ]
