from django.core.management.base import BaseCommand, CommandError

from territoire.referentiel.actions import DonneesInvalides, charger_zones_geojson
from territoire.referentiel.models import Territoire


class Command(BaseCommand):
    help = "Charge les zones d'activité d'un territoire depuis un fichier GeoJSON (WGS84)."

    def add_arguments(self, parser):
        parser.add_argument("chemin", help="FeatureCollection GeoJSON ; propriété « nom » obligatoire.")
        parser.add_argument("--territoire", help="Identifiant court du territoire (par défaut : le seul).")

    def handle(self, *args, **opts):
        from territoire.referentiel.queries import territoire_designe

        try:
            territoire = territoire_designe(opts["territoire"])
            zones = charger_zones_geojson(territoire, opts["chemin"])
        except (DonneesInvalides, Territoire.DoesNotExist) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"{len(zones)} zone(s) chargée(s) pour « {territoire.nom} ».")
