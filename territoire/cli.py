"""The `territoire` console script: every operator command, with its help as documentation.

`territoire COMMANDE …` runs the Django management command of that name with the project's
settings: those of COMMANDES below, and Django's own (migrate, check, createsuperuser…).
"""

from __future__ import annotations

import os
import sys

COMMANDES = {
    "init": "crée un territoire à partir de ses EPCI ou de son identifiant ANCT (--ti ti-3205, --ti tous), hors ligne",
    "territoires": "liste les Territoires d'industrie de l'ANCT et leur état ici (--verifier : fusions d'EPCI)",
    "perimetre": "donne ou retire le pilotage d'une région ou de la France entière à un compte (Région, État)",
    "zones": "charge les zones d'activité d'un territoire depuis un GeoJSON",
    "sirene": "importe ou télécharge le stock SIRENE (import, download)",
    "demo": "construit le territoire de démonstration (Béthune-Bruay, données fictives)",
    "chiffres": "affiche les chiffres clés d'un territoire (--json)",
    "sites": "inventaire des zones d'activité au standard CNIG : import, export, inventaire légal",
    "friches": "importe (v1.0.6, v1.0.5) ou exporte les friches au standard CNIG Friches",
    "bodacc": "importe les annonces BODACC (procédures collectives) des entreprises du territoire",
    "formations": "importe les offres de formation LHEO 2.2 ou 2.3 (import), le catalogue ONISEP, le classement",
    "recherche": "importe le répertoire des structures de recherche RNSR (import) ou le vocabulaire des compétences",
    "offres": "importe les offres d'emploi France Travail (import) et les tables ROME (referentiel)",
    "relances": "relance les conseillers des demandes ouvertes à 9, 21 et 45 jours (chaque jour)",
    "serve": "sert la plateforme avec le serveur de production (gunicorn) sur http://127.0.0.1:8000",
    "runserver": "serveur de développement de Django (développeurs seulement)",
    "worker": "exécute les tâches de fond de la file (--une-fois : jusqu'à la vider)",
    "planifier": "met une tâche en file : relances, sirene-mensuel, rapport, purge (cron, timers)",
    "sauvegarde": "sauvegarde la base et les fichiers téléversés dans une archive",
    "restauration": "restaure une archive de sauvegarde (même version du schéma)",
}


def aide() -> str:
    lignes = ["usage : territoire COMMANDE [options]", "", "Commandes :"]
    lignes += [f"  {nom:<13} {texte}" for nom, texte in COMMANDES.items()]
    lignes += ["", "« territoire COMMANDE --help » détaille chaque commande ;",
               "« territoire help » liste aussi les commandes de Django (migrate, createsuperuser…)."]
    return "\n".join(lignes)


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in {"-h", "--help"}:
        print(aide())
        return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "territoire.settings")
    if argv[0] == "serve":
        # The production server serves collected, hashed and compressed static files.
        os.environ.setdefault("TERRITOIRE_STATIQUES_COLLECTES", "1")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["territoire", *argv])


if __name__ == "__main__":
    main()
