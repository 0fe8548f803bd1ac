"""The retention purge: finished jobs and their files, the queue's old results, old monthly
downloads and abandoned uploads, after TERRITOIRE_RETENTION_JOURS days."""

from __future__ import annotations

import shutil
import time
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from .models import Tache


@dataclass
class Bilan:
    taches: int = 0
    resultats_file: int = 0
    dossiers: list[str] = field(default_factory=list)
    televersements: int = 0

    def comptes(self) -> dict:
        return {"taches": self.taches, "resultats_file": self.resultats_file,
                "dossiers": len(self.dossiers), "televersements": self.televersements}

    def message(self) -> str:
        return (
            f"Purge : {self.taches} tâche(s) terminée(s) et leurs fichiers, {self.resultats_file} résultat(s) "
            f"de la file, {len(self.dossiers)} dossier(s) de téléchargement SIRENE, "
            f"{self.televersements} téléversement(s) abandonné(s)."
        )


def purger(jours: int, maintenant=None) -> Bilan:
    maintenant = maintenant or timezone.now()
    limite = maintenant - timedelta(days=jours)
    bilan = Bilan()
    anciennes = Tache.objects.exclude(statut__in=Tache.ACTIFS).filter(creee_le__lt=limite)
    for pk in list(anciennes.values_list("pk", flat=True)):
        shutil.rmtree(Path(settings.MEDIA_ROOT) / "taches" / str(pk), ignore_errors=True)
    bilan.taches, _ = anciennes.delete()
    if settings.TERRITOIRE_FILE_TACHES == "base":
        from django_tasks_db.models import DBTaskResult

        bilan.resultats_file, _ = DBTaskResult.objects.finished().filter(finished_at__lt=limite).delete()
    # Monthly downloads: DATA_DIR/sirene/AAAA-MM, kept while younger than the retention.
    racine = Path(settings.DATA_DIR) / "sirene"
    mois_limite = f"{timezone.localtime(limite):%Y-%m}"
    if racine.is_dir():
        for dossier in sorted(racine.iterdir()):
            if dossier.is_dir() and len(dossier.name) == 7 and dossier.name < mois_limite:
                shutil.rmtree(dossier)
                bilan.dossiers.append(dossier.name)
    # Uploads that never reached a job (a connection cut during the upload): a day is enough.
    televersements = Path(settings.FILE_UPLOAD_TEMP_DIR)
    if televersements.is_dir():
        seuil = time.time() - 24 * 3600
        for fichier in televersements.iterdir():
            if fichier.is_file() and fichier.stat().st_mtime < seuil:
                fichier.unlink(missing_ok=True)
                bilan.televersements += 1
    return bilan
