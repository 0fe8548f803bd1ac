"""Launching background jobs: one function for the web pages, the CLI and the scheduler."""

from __future__ import annotations

import shutil
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction

from .models import Tache


class TacheDejaActive(Exception):
    """Another job of the territory is waiting or running: the new one is refused."""

    def __init__(self, active: Tache | None, territoire=None) -> None:
        self.active = active
        if active is not None:
            texte = (
                f"Une tâche est déjà {active.get_statut_display().lower()} pour "
                f"{'ce territoire' if active.territoire_id else 'la plateforme'} : "
                f"« {active.get_genre_display()} » (n° {active.pk}). Attendez qu'elle se termine, puis relancez."
            )
        else:
            texte = "Une tâche est déjà en cours pour ce territoire : attendez qu'elle se termine."
        super().__init__(texte)


def dossier_de_tache(tache: Tache) -> Path:
    """Where a job's files live (uploads, produced reports): MEDIA_ROOT/taches/<id>/."""
    return Path(settings.MEDIA_ROOT) / "taches" / str(tache.pk)


def lancer_tache(
    genre: str, territoire=None, *, parametres: dict | None = None, par=None, origine: str = "",
    fichiers: dict | None = None,
) -> Tache:
    """Record a job and put it on the queue. ``fichiers`` maps a parameter name to an uploaded
    file (Django's UploadedFile) or a path, moved into the job's folder.

    Raises TacheDejaActive when the territory (or, for a platform-wide job, the same genre)
    already has a job waiting or running."""
    from .execution import executer_tache

    try:
        with transaction.atomic():
            tache = Tache.objects.create(
                genre=genre, territoire=territoire, parametres=dict(parametres or {}),
                demandee_par=par if par is not None and par.is_authenticated else None, origine=origine[:100],
            )
            if fichiers:
                _ranger_fichiers(tache, fichiers)
                tache.save(update_fields=["parametres"])
            if settings.TERRITOIRE_FILE_TACHES == "base":
                # Same database, same transaction: the job and its queue entry exist together.
                _mettre_en_file(tache, executer_tache)
            else:
                transaction.on_commit(lambda: _mettre_en_file(tache, executer_tache))
    except IntegrityError:
        active = Tache.objects.filter(statut__in=Tache.ACTIFS)
        active = active.filter(territoire=territoire) if territoire is not None else active.filter(
            territoire__isnull=True, genre=genre
        )
        raise TacheDejaActive(active.first()) from None
    return tache


def _mettre_en_file(tache: Tache, executer_tache) -> None:
    resultat = executer_tache.enqueue(tache.pk)
    Tache.objects.filter(pk=tache.pk).update(id_file=str(resultat.id)[:64])
    tache.id_file = str(resultat.id)[:64]


def _ranger_fichiers(tache: Tache, fichiers: dict) -> None:
    dossier = dossier_de_tache(tache)
    dossier.mkdir(parents=True, exist_ok=True)
    for nom, fichier in fichiers.items():
        if fichier is None:
            continue
        if isinstance(fichier, (str, Path)):
            source = Path(fichier)
            cible = dossier / source.name
            shutil.copyfile(source, cible)
        else:
            cible = dossier / f"{nom}{_extension(fichier.name)}"
            chemin_temporaire = getattr(fichier, "temporary_file_path", None)
            if chemin_temporaire is not None:
                fichier.file.flush()
                shutil.move(chemin_temporaire(), cible)
            else:
                with open(cible, "wb") as sortie:
                    for bloc in fichier.chunks():
                        sortie.write(bloc)
        tache.parametres[nom] = str(cible.relative_to(settings.MEDIA_ROOT))


def _extension(nom: str) -> str:
    suffixes = "".join(Path(nom).suffixes[-2:]).lower()
    permis = {".zip", ".csv", ".gz", ".csv.gz", ".parquet", ".xml", ".json"}
    return suffixes if suffixes in permis else (Path(nom).suffix.lower() if Path(nom).suffix.lower() in permis else "")


def relancer(tache: Tache, par=None) -> Tache:
    """A new job with the same parameters as a failed one (its uploaded files, if still there)."""
    parametres = dict(tache.parametres)
    fichiers = {}
    for nom, valeur in list(parametres.items()):
        if nom.startswith("fichier") and valeur:
            chemin = Path(settings.MEDIA_ROOT) / valeur
            if not chemin.exists():
                raise FileNotFoundError(
                    f"Le fichier de la tâche n° {tache.pk} a été supprimé : téléversez-le de nouveau."
                )
            fichiers[nom] = chemin
            parametres.pop(nom)
    return lancer_tache(tache.genre, tache.territoire, parametres=parametres, par=par,
                        origine=f"relance de la tâche n° {tache.pk}", fichiers=fichiers)
