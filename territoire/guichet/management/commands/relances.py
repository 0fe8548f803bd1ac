from django.core.management.base import BaseCommand, CommandError

from territoire.guichet.actions import envoyer_relances
from territoire.referentiel.models import Territoire
from territoire.referentiel.queries import territoire_designe


class Command(BaseCommand):
    help = (
        "Relance par courriel les conseillers des demandes ouvertes, 9, 21 et 45 jours après "
        "leur orientation (une fois par palier). À lancer chaque jour par un planificateur (cron, timer systemd)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--territoire", help="Identifiant court du territoire (par défaut : tous).")

    def handle(self, *args, **opts):
        territoire = None
        if opts["territoire"]:
            try:
                territoire = territoire_designe(opts["territoire"])
            except Territoire.DoesNotExist as exc:
                raise CommandError(str(exc)) from exc
        envoyees = envoyer_relances(territoire)
        self.stdout.write(f"{len(envoyees)} relance(s) envoyée(s).")
