from importlib import import_module

from django.core.management.base import BaseCommand, CommandError
from django.utils.module_loading import import_string

# Each domain adds its builder here; they run in this order, each on the territory the
# first one built. A builder takes (territoire, stdout) and returns nothing.
BATISSEURS = [
    "territoire.demo.recensement.construire",
    "territoire.demo.programme.construire",
    "territoire.demo.reseau.construire",
    "territoire.demo.concertation.construire",
    "territoire.demo.recrutement.construire",
    "territoire.demo.observatoire.construire",
    "territoire.demo.attractivite.construire",
    "territoire.demo.innovation.construire",
    # Last: marks the demo's territory 2019-2022 and builds its 2023-2027 perimeter and its Region.
    "territoire.pilotage.demo.construire",
]


def _effacer_la_demo_precedente() -> None:
    """A rebuild: each builder clears what it made before rebuilding it, but what a later builder
    made refers (protected links: a firm's recruitment need, a brownfield's co-financing) to the
    organisations an earlier builder recreates. The builders' `effacer(territoire)`, when they
    have one, run first, last builder first, on the demo's previous territory."""
    from django.db import transaction

    from territoire.demo.recensement import lire_donnees
    from territoire.referentiel.models import Territoire

    precedent = Territoire.objects.filter(slug=lire_donnees("territoire.json")["slug"], donnees_fictives=True).first()
    if precedent is None:
        return
    with transaction.atomic():
        for chemin in reversed(BATISSEURS):
            effacer = getattr(import_module(chemin.rsplit(".", 1)[0]), "effacer", None)
            if effacer is not None:
                effacer(precedent)


class Command(BaseCommand):
    help = (
        "Construit le territoire de démonstration : la CA de Béthune-Bruay, Artois-Lys Romane "
        "(communes et contours réels), ses zones (contours illustratifs) et un recensement fictif "
        "importé par l'importeur SIRENE réel. Déterministe ; relancer la commande reconstruit tout."
    )

    def handle(self, *args, **opts):
        from territoire.observatoire.cache import invalider_chiffres
        from territoire.referentiel.actions import DonneesInvalides

        territoire = None
        try:
            _effacer_la_demo_precedente()
            for chemin in BATISSEURS:
                try:
                    resultat = import_string(chemin)(territoire, self.stdout)
                except DonneesInvalides as exc:
                    raise CommandError(str(exc)) from exc
                territoire = resultat or territoire
        finally:
            # The builders also write in bulk (bulk_create, update), which sends no signal:
            # cached key figures must not outlive what they wrote.
            invalider_chiffres()
        self.stdout.write(self.style.SUCCESS(f"Démonstration prête : {territoire.nom} ({territoire.slug})."))
        self._comptes(territoire)

    def _comptes(self, territoire) -> None:
        """Every demo account of the territory with its roles, read from the database (all the
        builders' accounts, whichever created them)."""
        from django.conf import settings

        from territoire.comptes.models import Adhesion, Role

        libelles = dict(Role.choices)
        comptes: dict[str, list[str]] = {}
        for nom, role in (
            Adhesion.objects.filter(territoire=territoire, utilisateur__username__startswith="demo-")
            .order_by("utilisateur__username", "role")
            .values_list("utilisateur__username", "role")
        ):
            comptes.setdefault(nom, []).append(libelles.get(role, role))
        ordre = {"demo-equipe": 0, "demo-pilotage": 1, "demo-conseiller": 2, "demo-entreprise": 3}
        self.stdout.write(f"{len(comptes)} comptes de démonstration (mot de passe : {settings.TERRITOIRE_DEMO_MOT_DE_PASSE}) :")
        for nom in sorted(comptes, key=lambda n: (ordre.get(n, 9), n)):
            self.stdout.write(f"  {nom} — {', '.join(comptes[nom])}")
