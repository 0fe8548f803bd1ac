"""`territoire planifier TÂCHE`: puts a job on the queue, for cron or a systemd timer."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from territoire.referentiel.models import Territoire
from territoire.taches.actions import TacheDejaActive, lancer_tache
from territoire.taches.models import Tache

GENRES = {
    "relances": Tache.Genre.RELANCES,
    "sirene-mensuel": Tache.Genre.SIRENE_MENSUEL,
    "rapport": Tache.Genre.RAPPORT_COMITE,
    "purge": Tache.Genre.PURGE,
}


class Command(BaseCommand):
    help = (
        "Met une tâche dans la file des tâches de fond (que « territoire worker » exécute) : "
        "relances (chaque jour), sirene-mensuel (chaque mois), rapport, purge (chaque semaine). "
        "Sans --territoire, relances et sirene-mensuel sont planifiées pour chaque territoire."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("tache", choices=sorted(GENRES), help="la tâche à planifier")
        parser.add_argument("--territoire", metavar="SLUG", help="un seul territoire (par défaut : tous)")
        parser.add_argument("--debut", help="rapport : premier jour de la période (AAAA-MM-JJ)")
        parser.add_argument("--fin", help="rapport : dernier jour de la période (AAAA-MM-JJ, défaut : aujourd'hui)")
        parser.add_argument("--format", choices=["pdf", "docx"], default="pdf", help="rapport : format (défaut : pdf)")
        parser.add_argument("--force", action="store_true",
                            help="sirene-mensuel : accepte un import qui fermerait plus de 5 %% des établissements")
        parser.add_argument("--sans-unites-legales", action="store_false", dest="unites_legales",
                            help="sirene-mensuel : ne télécharge pas le stock des unités légales")

    def handle(self, *args, **options) -> None:
        genre = GENRES[options["tache"]]
        if genre == Tache.Genre.PURGE:
            self._lancer(genre, None, {})
            return
        territoires = self._territoires(options["territoire"], genre)
        parametres = {}
        if genre == Tache.Genre.SIRENE_MENSUEL:
            parametres = {"force": options["force"], "unites_legales": options["unites_legales"]}
        elif genre == Tache.Genre.RAPPORT_COMITE:
            parametres = self._periode(options)
        refus = 0
        for territoire in territoires:
            refus += not self._lancer(genre, territoire, parametres)
        if refus:
            raise CommandError(f"{refus} tâche(s) non planifiée(s) : voir ci-dessus.")

    def _territoires(self, slug, genre) -> list:
        if slug:
            try:
                return [Territoire.objects.get(slug=slug)]
            except Territoire.DoesNotExist:
                raise CommandError(f"Territoire « {slug} » inconnu ; vérifiez --territoire.") from None
        if genre == Tache.Genre.RAPPORT_COMITE:
            raise CommandError("rapport : précisez le territoire (--territoire SLUG).")
        territoires = list(Territoire.objects.order_by("slug"))
        if not territoires:
            raise CommandError("Aucun territoire : rien à planifier.")
        return territoires

    def _periode(self, options) -> dict:
        try:
            fin = dt.date.fromisoformat(options["fin"]) if options["fin"] else dt.date.today()
            debut = dt.date.fromisoformat(options["debut"]) if options["debut"] else fin - dt.timedelta(days=180)
        except ValueError as exc:
            raise CommandError(f"Date illisible ({exc}) : format AAAA-MM-JJ attendu.") from None
        if fin < debut:
            raise CommandError("--fin précède --debut.")
        return {"debut": debut.isoformat(), "fin": fin.isoformat(), "format": options["format"]}

    def _lancer(self, genre, territoire, parametres) -> bool:
        try:
            tache = lancer_tache(genre, territoire, parametres=parametres, origine="planificateur")
        except TacheDejaActive as exc:
            self.stderr.write(f"{territoire or 'Plateforme'} : {exc}")
            return False
        self.stdout.write(f"{territoire or 'Plateforme'} : tâche n° {tache.pk} ({tache.get_genre_display()}) en file.")
        return True
