"""Running one job: claimed once, followed while it runs, ended with its message.

The queue (database or Redis, `settings.TASKS`) carries only the job's id to
`executer_tache`; everything else is in the `Tache` row, so that the same job behaves the same
whatever the queue, and a job delivered twice runs once (`executer` claims it with a
conditional update: idempotent).

While a job runs, a thread of the worker writes its progress and a sign of life (`battement`)
every second through its own database connection. A worker killed in the middle (SIGKILL,
power loss) leaves its job "en cours": `marquer_abandonnees()` — called by every worker before
it starts, by the job's page and by /sante/ — marks it failed with a message, as soon as its
process is known dead (same machine) or after `TERRITOIRE_TACHE_SILENCE_SECONDES` without a
sign of life (another machine). The data are as before: each job writes in one transaction,
which the database rolls back when its connection dies.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from datetime import timedelta

from django.conf import settings
from django.db import OperationalError, close_old_connections, connection, transaction
from django.utils import timezone
from django_tasks import task

from .models import Tache

journal = logging.getLogger("territoire.taches")

PERIODE_SECONDES = 1.0


class ErreurTache(Exception):
    """A refusal the job's page shows as it is (a bad file, a missing phase…): French, actionable."""


def identite_travailleur() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


class Suivi:
    """Progress of a running job, written by a thread every second (`fil=False`: by no one,
    for a job run inside a test's transaction)."""

    def __init__(self, tache: Tache, *, fil: bool = True) -> None:
        self.tache_id = tache.pk
        self._verrou = threading.Lock()
        self._etat = {"etape": "", "progression": None}
        self._change = True
        self._arret = threading.Event()
        self._fil = threading.Thread(target=self._boucle, name=f"suivi-tache-{tache.pk}", daemon=True) if fil else None

    # -- what the job says ---------------------------------------------------------------
    def etape(self, texte: str, progression: int | None = None, *, immediat: bool = False) -> None:
        """A new step. ``immediat``: written now, from the caller's thread (the step before a
        long write transaction, during which the thread's writes wait for the lock)."""
        with self._verrou:
            self._etat = {"etape": texte[:200], "progression": progression}
            self._change = True
        if immediat and self._fil is not None:
            self._ecrire()

    def progression(self, pourcentage: float | None) -> None:
        with self._verrou:
            valeur = None if pourcentage is None else max(0, min(99, int(pourcentage)))
            if valeur != self._etat["progression"]:
                self._etat = {**self._etat, "progression": valeur}
                self._change = True

    @property
    def etat(self) -> dict:
        with self._verrou:
            return dict(self._etat)

    # -- the thread ------------------------------------------------------------------------
    def __enter__(self) -> Suivi:
        if self._fil is not None:
            self._fil.start()
        return self

    def __exit__(self, *exc) -> None:
        self._arret.set()
        if self._fil is not None:
            self._fil.join(timeout=60)

    def _boucle(self) -> None:
        try:
            while not self._arret.wait(PERIODE_SECONDES):
                self._ecrire()
        finally:
            connection.close()  # this thread's own connection

    def _ecrire(self) -> None:
        with self._verrou:
            etat, self._change = dict(self._etat), False
        try:
            Tache.objects.filter(pk=self.tache_id, statut=Tache.Statut.EN_COURS).update(
                battement=timezone.now(), **etat
            )
        except OperationalError as exc:
            # SQLite: the job's own write transaction holds the lock longer than the busy
            # timeout. The sign of life is written at the next tick; say so in the log.
            journal.info("Tâche %s : signe de vie retardé (%s)", self.tache_id, exc)
            with self._verrou:
                self._change = True


def executer(tache_id: int, *, fil: bool = True) -> str:
    """Run the job `tache_id` once. Returns its final status (or "deja" when another delivery
    of the same job already ran or is running it)."""
    from .travaux import TRAVAUX

    maintenant = timezone.now()
    prise = Tache.objects.filter(pk=tache_id, statut=Tache.Statut.EN_ATTENTE).update(
        statut=Tache.Statut.EN_COURS, debut=maintenant, battement=maintenant, travailleur=identite_travailleur(),
        progression=None, etape="Démarrage",
    )
    if not prise:
        journal.info("Tâche %s déjà prise ou terminée : rien à faire.", tache_id)
        return "deja"
    tache = Tache.objects.select_related("territoire", "demandee_par").get(pk=tache_id)
    journal.info("Tâche %s (%s) commencée", tache.pk, tache.genre, extra={"tache": tache.pk})
    try:
        with Suivi(tache, fil=fil) as suivi:
            fin = TRAVAUX[tache.genre](tache, suivi)
    except ErreurTache as exc:
        _terminer(tache, Tache.Statut.ECHOUEE, message=str(exc))
        journal.warning("Tâche %s refusée : %s", tache.pk, exc, extra={"tache": tache.pk})
        return Tache.Statut.ECHOUEE
    except BaseException as exc:
        # Recorded, then raised again: the queue marks its own result failed too, and the log
        # (or Sentry) gets the traceback.
        _terminer(
            tache, Tache.Statut.ECHOUEE,
            message=f"Erreur inattendue ({type(exc).__name__} : {exc}). Les données sont restées dans "
                    "leur état précédent ; le détail est dans le journal du processus de travail.",
        )
        raise
    _terminer(tache, Tache.Statut.REUSSIE, **fin)
    journal.info("Tâche %s réussie", tache.pk, extra={"tache": tache.pk})
    return Tache.Statut.REUSSIE


def _terminer(tache: Tache, statut: str, *, message: str = "", resultat: dict | None = None, fichier: str = "") -> None:
    champs = {
        "statut": statut, "fin": timezone.now(), "message": message, "battement": timezone.now(),
        "progression": 100 if statut == Tache.Statut.REUSSIE else None,
        "etape": "Terminée" if statut == Tache.Statut.REUSSIE else "Échouée",
    }
    if resultat is not None:
        champs["resultat"] = resultat
    if fichier:
        champs["fichier"] = fichier
    for essai in range(5):
        try:
            Tache.objects.filter(pk=tache.pk, statut=Tache.Statut.EN_COURS).update(**champs)
            return
        except OperationalError:
            if essai == 4:
                raise
            time.sleep(1)


@task()
def executer_tache(tache_id: int) -> str:
    """The queue's entry point: the only function the queue knows."""
    close_old_connections()  # a worker runs for weeks: drop a connection the database closed
    return executer(tache_id)


def _processus_vivant(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def abandonnee(tache: Tache, maintenant=None) -> bool:
    """Is this running job's worker gone? Its process is dead (same machine), or it has been
    silent longer than TERRITOIRE_TACHE_SILENCE_SECONDES."""
    if tache.statut != Tache.Statut.EN_COURS:
        return False
    machine, _, pid = tache.travailleur.rpartition(":")
    if machine == socket.gethostname() and pid.isdigit() and int(pid) != os.getpid():
        if not _processus_vivant(int(pid)):
            return True
    maintenant = maintenant or timezone.now()
    silence = timedelta(seconds=settings.TERRITOIRE_TACHE_SILENCE_SECONDES)
    return tache.battement is None or maintenant - tache.battement > silence


def marquer_abandonnees(territoire=None) -> list[int]:
    """Mark failed the running jobs whose worker is gone; returns their ids."""
    qs = Tache.objects.filter(statut=Tache.Statut.EN_COURS)
    if territoire is not None:
        qs = qs.filter(territoire=territoire)
    marquees = []
    maintenant = timezone.now()
    for tache in qs:
        if not abandonnee(tache, maintenant):
            continue
        message = (
            f"Le processus de travail ({tache.travailleur or 'inconnu'}) s'est arrêté pendant la tâche, "
            f"à l'étape « {tache.etape or 'démarrage'} » (dernier signe de vie : "
            f"{timezone.localtime(tache.battement):%d/%m/%Y %H:%M:%S}). " if tache.battement else
            f"Le processus de travail ({tache.travailleur or 'inconnu'}) s'est arrêté pendant la tâche. "
        ) + "Les données sont restées dans leur état précédent : relancez la tâche."
        with transaction.atomic():
            fait = Tache.objects.filter(pk=tache.pk, statut=Tache.Statut.EN_COURS).update(
                statut=Tache.Statut.ECHOUEE, fin=maintenant, message=message, etape="Interrompue", progression=None,
            )
            if fait and tache.id_file:
                _echec_dans_la_file(tache.id_file, message)
        if fait:
            journal.warning("Tâche %s abandonnée par son processus : marquée échouée", tache.pk)
            marquees.append(tache.pk)
    return marquees


def _echec_dans_la_file(id_file: str, message: str) -> None:
    """The database queue's own result of a dead job says failed too (Redis's says so itself)."""
    if settings.TERRITOIRE_FILE_TACHES != "base":
        return
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.filter(id=id_file, status=TaskResultStatus.RUNNING).update(
        status=TaskResultStatus.FAILED, finished_at=timezone.now(),
        exception_class_path="territoire.taches.execution.ProcessusArrete", traceback=message,
    )
