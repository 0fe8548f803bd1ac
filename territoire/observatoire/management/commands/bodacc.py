"""`territoire bodacc import FICHIER`: collective procedures of the territory's firms, from the
DILA's open BODACC export (CSV or JSON, official or renamed layout)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from territoire.etablissements.importer import ImportRefuse
from territoire.referentiel.models import Territoire
from territoire.referentiel.queries import territoire_designe


class Command(BaseCommand):
    help = (
        "Importe les annonces BODACC (procédures collectives) des entreprises du territoire, reconnues par "
        "leur SIREN : elles alimentent la veille (signal « procédure collective ») et proposent des événements."
    )

    def add_arguments(self, parser) -> None:
        sous = parser.add_subparsers(dest="action", metavar="{import}", required=True)
        imp = sous.add_parser(
            "import", help="importe un export BODACC « annonces commerciales » (CSV ou JSON)",
            description=(
                "Lit l'export de la DILA (champs dateparution, registre, jugement…) ou un instantané aux champs "
                "renommés (date_parution, registre, contenu…), classe chaque jugement par sa nature et garde les "
                "annonces des SIREN du territoire. Un fichier mal formé est refusé sans rien changer ; réimporter "
                "le même fichier n'ajoute rien."
            ),
        )
        imp.add_argument("chemin", metavar="FICHIER", help="export CSV ou JSON des annonces commerciales")
        imp.add_argument("--territoire", metavar="SLUG", help="identifiant du territoire (par défaut : le seul)")

    def handle(self, *args, **options) -> None:
        from territoire.observatoire import bodacc

        try:
            territoire = territoire_designe(options["territoire"])
        except Territoire.DoesNotExist as exc:
            raise CommandError(str(exc)) from exc
        try:
            run = bodacc.importer(territoire, Path(options["chemin"]), lance_par="ligne de commande")
        except ImportRefuse as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(bodacc.resume(run))
