from pathlib import Path

from django.conf import settings

from tests.acces_outils import EQUIPE, EQUIPE_PILOTAGE, Attendu


def _rapport(territoire, fichier: bool = False) -> dict:
    from territoire.taches.models import Tache

    tache = Tache.objects.create(
        genre=Tache.Genre.RAPPORT_COMITE, territoire=territoire, statut=Tache.Statut.REUSSIE,
        parametres={"debut": "2026-01-01", "fin": "2026-06-30", "format": "pdf"},
        message="Rapport au comité prêt.",
    )
    if fichier:
        chemin = Path(settings.MEDIA_ROOT) / "taches" / str(tache.pk) / "rapport.pdf"
        chemin.parent.mkdir(parents=True, exist_ok=True)
        chemin.write_bytes(b"%PDF-1.4 rapport de test")
        tache.fichier = str(chemin.relative_to(settings.MEDIA_ROOT))
        tache.save(update_fields=["fichier"])
    return {"territoire": territoire.slug, "pk": tache.pk}


ATTENDUS = [
    Attendu("taches:liste", voient=EQUIPE, contient="Tâches de fond"),
    Attendu("taches:import_sirene", voient=EQUIPE, contient="Importer un stock SIRENE"),
    Attendu("taches:sirene_mensuel", voient=EQUIPE, methode_get=False),
    Attendu("taches:rapport", voient=EQUIPE_PILOTAGE, contient="rapport au comité"),
    Attendu("taches:tache", voient=EQUIPE_PILOTAGE, arguments=_rapport, contient="Tâche terminée"),
    Attendu("taches:fichier", voient=EQUIPE_PILOTAGE, arguments=lambda t: _rapport(t, fichier=True)),
    Attendu("taches:relancer", voient=EQUIPE, arguments=_rapport, methode_get=False),
]
