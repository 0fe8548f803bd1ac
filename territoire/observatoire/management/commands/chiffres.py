import json

from django.core.management.base import BaseCommand, CommandError

from territoire.observatoire.chiffres import chiffres_cles
from territoire.referentiel.models import Territoire
from territoire.referentiel.queries import territoire_designe


class Command(BaseCommand):
    help = "Affiche les chiffres clés d'un territoire, calculés à partir des données (jamais saisis)."

    def add_arguments(self, parser):
        parser.add_argument("--territoire", help="Identifiant court du territoire (par défaut : le seul).")
        parser.add_argument("--json", action="store_true", help="Sortie JSON (clés stables, voir docs/).")
        parser.add_argument("--tous", action="store_true",
                            help="Tous les territoires : avec --json, une liste d'objets (docs/territoires.md).")

    def handle(self, *args, **opts):
        if opts["tous"]:
            if opts["territoire"]:
                raise CommandError("--tous et --territoire s'excluent : choisissez l'un ou l'autre.")
            territoires = list(Territoire.objects.order_by("slug"))
            if opts["json"]:
                self.stdout.write(json.dumps([chiffres_cles(t) for t in territoires], ensure_ascii=False, indent=2))
                return
            for t in territoires:
                self._texte(t, chiffres_cles(t))
            return
        try:
            territoire = territoire_designe(opts["territoire"])
        except Territoire.DoesNotExist as exc:
            raise CommandError(str(exc)) from exc
        chiffres = chiffres_cles(territoire)
        if opts["json"]:
            self.stdout.write(json.dumps(chiffres, ensure_ascii=False, indent=2))
            return
        self._texte(territoire, chiffres)

    def _texte(self, territoire, chiffres) -> None:
        emplois = chiffres["emplois_industriels"]
        self.stdout.write(f"{territoire.nom}")
        self.stdout.write(f"  Communes : {chiffres['communes']} — population : {chiffres['population']:,}".replace(",", " "))
        self.stdout.write(f"  Établissements industriels suivis : {chiffres['etablissements_industriels']}")
        self.stdout.write(
            f"  Emplois industriels : {emplois['bas']} à {emplois['haut']} "
            f"(estimation centrale {emplois['central']}, millésime {emplois['millesime'] or 'inconnu'})"
        )
        self.stdout.write(f"  Zones industrielles : {chiffres['zones_industrielles']}")
        self.stdout.write(f"  Entreprises de services à l'industrie : {chiffres['entreprises_services_industrie']}")
