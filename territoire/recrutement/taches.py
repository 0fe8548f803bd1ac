"""The imports of Recruter as background jobs (territoire/taches): launched from the web page
`/<territoire>/recrutement/import/`, run by `territoire worker`, followed on the job's page with
its progress bar, like the SIRENE import. Each job calls the CLI's importer (`importer_lheo`,
`importer_offres`): the catalogue is exactly the one the command would leave."""

from __future__ import annotations

import shutil
from pathlib import Path

from django.conf import settings
from django.urls import reverse

from territoire.taches.actions import dossier_de_tache
from territoire.taches.execution import ErreurTache

from .appariement import RAYON_DEFAUT_KM
from .models import ImportRecrutement


def _fichier(tache) -> Path:
    valeur = tache.parametres.get("fichier")
    chemin = Path(settings.MEDIA_ROOT) / valeur if valeur else None
    if chemin is None or not chemin.exists():
        raise ErreurTache("Le fichier téléversé n'est plus là (purgé ?) : téléversez-le de nouveau.")
    return chemin


def _fin(tache, run: ImportRecrutement, quoi: str) -> dict:
    lien = reverse("recrutement:import_detail", kwargs={"territoire": tache.territoire.slug, "pk": run.pk})
    if run.statut != ImportRecrutement.Statut.REUSSI:
        # The run (with its message) stays in the imports' list; the job says why it failed.
        raise ErreurTache(f"{run.source} refusé : {run.message}")
    shutil.rmtree(dossier_de_tache(tache), ignore_errors=True)  # the upload has done its work
    return {
        "message": (f"{run.source} ({quoi}{' LHEO ' + run.version if run.version else ''}) : {run.lus} lus, "
                    f"{run.crees} créés, {run.mis_a_jour} mis à jour, {run.inchanges} inchangés, "
                    f"{run.archives} archivés ou clos, {run.hors_territoire} hors du territoire, "
                    f"{run.en_erreur} en erreur."),
        "resultat": {"import_recrutement": run.pk, "lien": lien, "lien_texte": "Voir l'import et ses problèmes"},
    }


def import_formations(tache, suivi) -> dict:
    from .lheo.importation import importer_lheo

    chemin = _fichier(tache)
    suivi.etape("Lecture des offres de formation", 0)

    def avancement(part: float) -> None:
        suivi.etape(f"Lecture des offres de formation : {part:.0%} du fichier".replace("%", "\u202f%"), int(95 * part))

    run = importer_lheo(tache.territoire, chemin, source=tache.parametres.get("source") or None,
                        auteur=tache.demandee_par, rayon_km=RAYON_DEFAUT_KM, tout=bool(tache.parametres.get("tout")),
                        avancement=avancement)
    return _fin(tache, run, "formations")


def import_offres(tache, suivi) -> dict:
    from .offres import importer_offres

    chemin = _fichier(tache)
    suivi.etape("Lecture du fichier JSON des offres d'emploi", 5)

    def avancement(part: float) -> None:
        suivi.etape(f"Écriture des offres d'emploi : {part:.0%}".replace("%", "\u202f%"), 10 + int(85 * part))

    run = importer_offres(tache.territoire, chemin, auteur=tache.demandee_par,
                          partiel=bool(tache.parametres.get("partiel")),
                          source=tache.parametres.get("source") or None, avancement=avancement)
    return _fin(tache, run, "offres d'emploi")
