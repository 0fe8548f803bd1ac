"""`territoire formations import FICHIER [--territoire SLUG]` and the classification's commands."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from ._commun import rapport


class Command(BaseCommand):
    help = (
        "Offres de formation du territoire. « import FICHIER » importe un fichier LHEO 2.2 ou 2.3 (flux, "
        "mémoire constante ; 2.3 validé par le schéma XSD livré) ; « onisep FICHIER » charge le catalogue "
        "ONISEP des formations initiales ; « classer » réapplique les règles de classement industriel."
    )

    def add_arguments(self, parser):
        sous = parser.add_subparsers(dest="action", required=True, metavar="{import,onisep,classer}")
        imp = sous.add_parser("import", help="importe un fichier LHEO (formation → action → session)")
        imp.add_argument("fichier")
        imp.add_argument("--territoire", help="identifiant (slug) du territoire ; facultatif s'il n'y en a qu'un")
        imp.add_argument("--source", help="nom de la source (par défaut le nom du fichier) : une offre absente du "
                                          "prochain import de la même source est archivée")
        imp.add_argument("--rayon", type=float, default=None,
                         help="garde aussi les offres données à moins de RAYON km du territoire (défaut : 30)")
        imp.add_argument("--tout", action="store_true", help="garde toutes les offres du fichier, où qu'elles soient")
        ons = sous.add_parser("onisep", help="charge le catalogue ONISEP des formations initiales (CSV « ; »)")
        ons.add_argument("fichier")
        sous.add_parser("classer", help="réapplique les règles de classement à toutes les formations")

    def handle(self, *args, **opts):
        from territoire.referentiel.queries import territoire_designe

        from ...actions import reclasser
        from ...appariement import RAYON_DEFAUT_KM
        from ...lheo.importation import importer_lheo
        from ...lheo.lecture import FichierRefuse
        from ...referentiels import charger

        if opts["action"] == "classer":
            self.stdout.write(self.style.SUCCESS(f"{reclasser()} formation(s) reclassée(s)."))
            return
        if opts["action"] == "onisep":
            try:
                nature, n = charger(opts["fichier"])
            except (FichierRefuse, OSError) as exc:
                raise CommandError(str(exc)) from exc
            if nature != "onisep":
                raise CommandError(f"{opts['fichier']} est une table « {nature} » : utilisez « territoire offres referentiel ».")
            self.stdout.write(self.style.SUCCESS(f"Catalogue ONISEP : {n} certifications chargées ; {reclasser()} formation(s) reclassée(s)."))
            return
        try:
            territoire = territoire_designe(opts["territoire"])
        except Exception as exc:
            raise CommandError(str(exc)) from exc
        rayon = RAYON_DEFAUT_KM if opts["rayon"] is None else opts["rayon"]
        run = importer_lheo(territoire, opts["fichier"], source=opts["source"], rayon_km=rayon, tout=opts["tout"],
                            progression=lambda n: self.stderr.write(f"  {n} offres lues…"))
        rapport(self, run, "formations")
