from django.core.management.base import BaseCommand, CommandError

from territoire.referentiel.actions import DonneesInvalides, creer_territoire
from territoire.referentiel.sources import SourceIntrouvable


class Command(BaseCommand):
    help = (
        "Crée (ou met à jour) un territoire à partir des données officielles des EPCI et des "
        "communes (COG INSEE, contours simplifiés), sans connexion à Internet."
    )

    def add_arguments(self, parser):
        parser.add_argument("--epci", action="append", required=True, metavar="SIREN",
                            help="SIREN d'un EPCI du territoire (répétable).")
        parser.add_argument("--nom", required=True, help="Nom du territoire.")
        parser.add_argument("--slug", help="Identifiant court dans les adresses (déduit du nom).")
        parser.add_argument("--id-ti", default="", help="Identifiant ANCT du Territoire d'industrie.")

    def handle(self, *args, **opts):
        try:
            territoire = creer_territoire(opts["epci"], opts["nom"], opts["slug"], opts["id_ti"])
        except (DonneesInvalides, SourceIntrouvable) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Territoire « {territoire.nom} » ({territoire.slug}) : "
            f"{territoire.epcis.count()} EPCI, {territoire.communes.count()} communes."
        )
