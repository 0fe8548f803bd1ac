"""`territoire worker [--une-fois]`: runs the background jobs of the queue."""

from __future__ import annotations

import logging
import os
import socket

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from territoire.exploitation.cle import exiger_cle_de_production
from territoire.taches.execution import marquer_abandonnees


class Command(BaseCommand):
    help = (
        "Exécute les tâches de fond de la file (imports SIRENE lancés depuis le web, téléchargement "
        "mensuel, rapports, relances, purge). File dans la base de données par défaut, dans Redis avec "
        "TERRITOIRE_FILE_TACHES=redis. Arrêt propre sur SIGTERM : la tâche en cours se termine d'abord."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--une-fois", action="store_true", dest="une_fois",
                            help="exécute les tâches en attente puis s'arrête (cron, tests)")
        parser.add_argument("--intervalle", type=float, default=1.0,
                            help="secondes entre deux regards sur une file vide (défaut : 1)")

    def handle(self, *args, **options) -> None:
        try:
            exiger_cle_de_production()
        except ImproperlyConfigured as exc:
            raise CommandError(str(exc)) from exc
        self._journal(options["verbosity"])
        marquees = marquer_abandonnees()
        if marquees:
            self.stdout.write(f"Tâches abandonnées par un processus arrêté, marquées échouées : {marquees}")
        identifiant = f"{socket.gethostname()}:{os.getpid()}"[:64]
        if settings.TERRITOIRE_FILE_TACHES == "redis":
            self._redis(options, identifiant)
        else:
            self._base(options, identifiant)

    def _journal(self, verbosite: int) -> None:
        niveau = logging.WARNING if verbosite == 0 else logging.INFO if verbosite == 1 else logging.DEBUG
        for nom in ("territoire.taches", "django_tasks", "django_tasks_db", "rq.worker"):
            logging.getLogger(nom).setLevel(niveau)

    def _base(self, options, identifiant: str) -> None:
        from django_tasks_db.management.commands.db_worker import Worker

        worker = Worker(
            queue_names=["default"], interval=options["intervalle"], batch=options["une_fois"],
            backend_name="default", startup_delay=not options["une_fois"], max_tasks=None,
            worker_id=identifiant, excluded_queue_names=[],
        )
        worker.configure_signals()
        worker.run()

    def _redis(self, options, identifiant: str) -> None:
        import django_rq
        from django.db import connections
        from django_tasks_rq.backend import Job
        from rq import SimpleWorker

        # SimpleWorker runs each job in this process (no fork): the database connections stay
        # this process's own, and a killed worker is a killed job, as with the database queue.
        connections.close_all()
        worker = django_rq.get_worker(
            "default", job_class=Job, worker_class=SimpleWorker, name=f"{identifiant}-{os.urandom(3).hex()}"
        )
        worker.work(burst=options["une_fois"], with_scheduler=False,
                    logging_level="INFO" if options["verbosity"] else "WARNING")
