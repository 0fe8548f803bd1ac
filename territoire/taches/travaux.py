"""What each genre of job does. Every function takes the job and its `Suivi`, writes through the
same actions as the CLI (so the result is exactly the CLI's), and returns the job's ending:
``{"message": …, "resultat": {…}, "fichier": …}``; a refusal raises `ErreurTache`."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from .actions import dossier_de_tache
from .estimation import lignes_estimees
from .execution import ErreurTache, Suivi
from .models import Tache


def _chemin(tache: Tache, nom: str) -> Path | None:
    valeur = tache.parametres.get(nom)
    return Path(settings.MEDIA_ROOT) / valeur if valeur else None


def _qui(tache: Tache) -> str:
    if tache.demandee_par_id:
        return f"web : {tache.demandee_par.get_username()}"[:150]
    return tache.origine or "tâche de fond"


def _importer(tache: Tache, suivi: Suivi, chemin: Path, chemin_ul: Path | None, *, debut: int, fin: int) -> dict:
    """The CLI's import (`territoire sirene import`), with its progress between debut and fin %."""
    from territoire.etablissements.importer import ImportRefuse, importer_stock
    from territoire.etablissements.management.commands.sirene import resume

    estimes = {"Établissements": lignes_estimees(chemin), "Unités légales": lignes_estimees(chemin_ul)}
    # Reading the establishments is most of the work; the legal units next; then the write.
    parts = {"Établissements": (0.0, 0.7 if chemin_ul else 0.9), "Unités légales": (0.7, 0.9)}
    libelles = {"Établissements": "Lecture des établissements", "Unités légales": "Lecture des unités légales"}

    def rappel(etape: str, lues: int) -> None:
        if etape == "Écriture":
            suivi.etape(f"Écriture du recensement ({lues:,} établissements)".replace(",", "\u202f"),
                        debut + int(0.9 * (fin - debut)), immediat=True)
            return
        bas, haut = parts.get(etape, (0.0, 0.9))
        total = estimes.get(etape)
        part = min(1.0, lues / total) if total else 0.0
        suivi.etape(f"{libelles.get(etape, etape)} : {lues:,} lignes lues".replace(",", "\u202f"),
                    debut + int((bas + (haut - bas) * part) * (fin - debut)))

    try:
        imp = importer_stock(
            tache.territoire, chemin, chemin_unites_legales=chemin_ul, force=bool(tache.parametres.get("force")),
            lance_par=_qui(tache), suivi=rappel,
        )
    except ImportRefuse as exc:
        raise ErreurTache(str(exc)) from exc
    return {"message": resume(imp), "resultat": {"import_sirene": imp.pk, "lignes_retenues": imp.lignes_retenues}}


def import_sirene(tache: Tache, suivi: Suivi) -> dict:
    chemin = _chemin(tache, "fichier_etablissements")
    if chemin is None or not chemin.exists():
        raise ErreurTache("Le fichier téléversé n'est plus là (purgé ?) : téléversez-le de nouveau.")
    suivi.etape("Lecture des établissements", 0)
    fin = _importer(tache, suivi, chemin, _chemin(tache, "fichier_unites_legales"), debut=0, fin=100)
    # The import succeeded: the uploaded files have done their work.
    shutil.rmtree(dossier_de_tache(tache), ignore_errors=True)
    return fin


def dossier_sirene_du_mois(jour: dt.date | None = None) -> Path:
    jour = jour or timezone.localdate()
    return Path(settings.DATA_DIR) / "sirene" / f"{jour:%Y-%m}"


def sirene_mensuel(tache: Tache, suivi: Suivi) -> dict:
    """Download this month's stock (resuming an interrupted download, skipping a complete one),
    then import it exactly as `territoire sirene import` would."""
    from territoire.etablissements import telechargement

    dossier = dossier_sirene_du_mois()
    dossier.mkdir(parents=True, exist_ok=True)
    adresses = [("établissements", tache.parametres.get("url") or settings.SIRENE_STOCK_ETABLISSEMENT_URL)]
    if tache.parametres.get("unites_legales", True):
        adresses.append(("unités légales", tache.parametres.get("url_unites_legales") or settings.SIRENE_STOCK_UNITE_LEGALE_URL))
    chemins = []
    for rang, (quoi, url) in enumerate(adresses):
        final = telechargement.chemin_final(url, dossier)
        if final.exists():
            suivi.etape(f"Stock des {quoi} du mois déjà téléchargé", 5 + 20 * rang)
        else:
            suivi.etape(f"Téléchargement du stock des {quoi}", 20 * rang)
            with _SuiviTelechargement(suivi, final, f"Téléchargement du stock des {quoi}", 20 * rang, 20 * rang + 20):
                try:
                    final = telechargement.telecharger(url, dossier)
                except telechargement.ErreurTelechargement as exc:
                    raise ErreurTache(str(exc)) from exc
        chemins.append(final)
    fin = _importer(tache, suivi, chemins[0], chemins[1] if len(chemins) > 1 else None, debut=40, fin=100)
    fin["resultat"]["fichiers"] = [str(c) for c in chemins]
    return fin


class _SuiviTelechargement:
    """Follows a download from the size of its `.part` file (the downloader's own progress
    goes to a terminal bar), against the total size the server announced."""

    def __init__(self, suivi: Suivi, final: Path, libelle: str, debut: int, fin: int) -> None:
        import threading

        self.suivi, self.libelle, self.debut, self.fin = suivi, libelle, debut, fin
        self.part = final.with_name(final.name + ".part")
        self.meta = final.with_name(final.name + ".part.json")
        self.arret = threading.Event()
        self.fil = threading.Thread(target=self._boucle, daemon=True)

    def __enter__(self):
        self.fil.start()
        return self

    def __exit__(self, *exc) -> None:
        self.arret.set()
        self.fil.join(timeout=5)

    def _boucle(self) -> None:
        import json

        while not self.arret.wait(1.0):
            recus = self.part.stat().st_size if self.part.exists() else 0
            total = None
            if self.meta.exists():
                try:
                    total = json.loads(self.meta.read_text(encoding="utf-8")).get("total")
                except (OSError, ValueError):
                    total = None  # being rewritten by the downloader: read again next second
            mo = f"{recus / 1024**2:.0f} Mo".replace(".", ",")
            if total:
                self.suivi.etape(f"{self.libelle} : {mo} sur {total / 1024**2:.0f} Mo",
                                 self.debut + int((self.fin - self.debut) * min(1.0, recus / total)))
            else:
                self.suivi.etape(f"{self.libelle} : {mo} reçus", self.debut)


def rapport_comite(tache: Tache, suivi: Suivi) -> dict:
    """The committee report of a period, as the programme's pages make it, saved as a file."""
    from territoire.programme.exports import documents
    from territoire.programme.queries import programme_courant

    programme = programme_courant(tache.territoire, tache.parametres.get("phase"))
    if programme is None:
        raise ErreurTache("Aucune phase du programme sur ce territoire : rien à mettre dans un rapport.")
    try:
        debut = dt.date.fromisoformat(tache.parametres["debut"])
        fin = dt.date.fromisoformat(tache.parametres["fin"])
    except (KeyError, ValueError) as exc:
        raise ErreurTache(f"Période du rapport illisible ({exc}) : dates au format AAAA-MM-JJ attendues.") from exc
    if fin < debut:
        raise ErreurTache("Période du rapport : la fin précède le début.")
    format_ = tache.parametres.get("format", "pdf")
    if format_ not in {"pdf", "docx"}:
        raise ErreurTache(f"Format « {format_} » inconnu : pdf ou docx.")
    suivi.etape("Rassemblement des fiches et de leurs mises à jour", 10)
    donnees = documents.donnees_rapport(programme, debut, fin)
    suivi.etape("Mise en page du document", 50)
    contenu = (documents.rapport_pdf if format_ == "pdf" else documents.rapport_docx)(donnees, tache.territoire)
    dossier = dossier_de_tache(tache)
    dossier.mkdir(parents=True, exist_ok=True)
    code = "".join(c if c.isalnum() or c in "-_" else "-" for c in programme.code)[:60]
    cible = dossier / f"rapport-comite-{code}-{debut:%Y%m%d}-{fin:%Y%m%d}.{format_}"
    temporaire = cible.with_suffix(cible.suffix + ".part")
    temporaire.write_bytes(contenu)
    temporaire.replace(cible)
    return {
        "message": f"Rapport au comité du {debut:%d/%m/%Y} au {fin:%d/%m/%Y} prêt ({len(contenu) // 1024} Ko).",
        "resultat": {"octets": len(contenu)},
        "fichier": str(cible.relative_to(settings.MEDIA_ROOT)),
    }


def relances(tache: Tache, suivi: Suivi) -> dict:
    from territoire.guichet.actions import envoyer_relances

    suivi.etape("Relance des conseillers", 10)
    envoyees = envoyer_relances(tache.territoire)
    return {"message": f"{len(envoyees)} relance(s) envoyée(s).", "resultat": {"relances": len(envoyees)}}


def purge(tache: Tache, suivi: Suivi) -> dict:
    from .purge import purger

    suivi.etape("Purge", 10)
    bilan = purger(jours=int(tache.parametres.get("jours") or settings.TERRITOIRE_RETENTION_JOURS))
    return {"message": bilan.message(), "resultat": bilan.comptes()}


def import_formations(tache: Tache, suivi: Suivi) -> dict:
    from territoire.recrutement.taches import import_formations as travail

    return travail(tache, suivi)


def import_offres(tache: Tache, suivi: Suivi) -> dict:
    from territoire.recrutement.taches import import_offres as travail

    return travail(tache, suivi)


TRAVAUX = {
    Tache.Genre.IMPORT_SIRENE: import_sirene,
    Tache.Genre.SIRENE_MENSUEL: sirene_mensuel,
    Tache.Genre.RAPPORT_COMITE: rapport_comite,
    Tache.Genre.RELANCES: relances,
    Tache.Genre.PURGE: purge,
    Tache.Genre.IMPORT_FORMATIONS: import_formations,
    Tache.Genre.IMPORT_OFFRES: import_offres,
}
