"""`territoire offres import FICHIER` (France Travail "Offres d'emploi v2") and the reference tables."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from ._commun import rapport


class Command(BaseCommand):
    help = (
        "Offres d'emploi du territoire. « import FICHIER » importe des résultats de l'API Offres d'emploi v2 "
        "de France Travail (tableau d'offres, ou objet {\"resultats\": […]}) situés sur les communes du "
        "territoire ; « referentiel FICHIER… » charge les tables ROME (libellés, embauches ROME × NAF, métiers "
        "en tension)."
    )

    def add_arguments(self, parser):
        sous = parser.add_subparsers(dest="action", required=True, metavar="{import,referentiel}")
        imp = sous.add_parser("import", help="importe un fichier JSON d'offres France Travail")
        imp.add_argument("fichier")
        imp.add_argument("--territoire", help="identifiant (slug) du territoire ; facultatif s'il n'y en a qu'un")
        imp.add_argument("--partiel", action="store_true",
                         help="le fichier n'est qu'un extrait : ne pas clore les offres qui n'y sont pas")
        ref = sous.add_parser("referentiel", help="charge une ou plusieurs tables de référence ROME (CSV)")
        ref.add_argument("fichiers", nargs="+")

    def handle(self, *args, **opts):
        from territoire.referentiel.queries import territoire_designe

        from ...lheo.lecture import FichierRefuse
        from ...offres import importer_offres
        from ...referentiels import charger

        if opts["action"] == "referentiel":
            for fichier in opts["fichiers"]:
                try:
                    nature, n = charger(fichier)
                except (FichierRefuse, OSError) as exc:
                    raise CommandError(str(exc)) from exc
                self.stdout.write(self.style.SUCCESS(f"{fichier} : table « {nature} », {n} lignes chargées."))
            return
        try:
            territoire = territoire_designe(opts["territoire"])
        except Exception as exc:
            raise CommandError(str(exc)) from exc
        run = importer_offres(territoire, opts["fichier"], partiel=opts["partiel"])
        rapport(self, run, "offres d'emploi")
