"""`territoire recherche import|vocabulaire`: the national register of research structures (RNSR)
as competence holders, and the controlled competence vocabulary."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from territoire.referentiel.actions import DonneesInvalides

TAILLE_MAX_LECTURE = 200 * 1024 * 1024


def _lire(chemin: str) -> tuple[bytes, str]:
    p = Path(chemin)
    if not p.is_file():
        raise CommandError(f"{chemin} : fichier introuvable.")
    if p.stat().st_size > TAILLE_MAX_LECTURE:
        raise CommandError(f"{p.name} : {p.stat().st_size // (1024 * 1024)} Mio, trop gros pour un export du RNSR "
                           "(quelques Mio). Est-ce le bon fichier ?")
    return p.read_bytes(), p.name


class Command(BaseCommand):
    help = ("Importe le répertoire national des structures de recherche (export RNSR) comme détenteurs de "
            "compétences, ou charge le vocabulaire contrôlé des compétences.")

    def add_arguments(self, parser) -> None:
        sous = parser.add_subparsers(dest="action", metavar="{import,vocabulaire}", required=True)
        imp = sous.add_parser(
            "import", help="importe un export du RNSR (CSV « ; », UTF-8)",
            description=(
                "Lit l'export par nom de colonne (les colonnes qui nomment le responsable ne sont jamais lues), "
                "crée ou met à jour une organisation et un profil de détenteur par structure (tutelles, lieu, "
                "domaines, panels ERC) et en dérive les compétences du vocabulaire, chacune avec sa source. "
                "Un fichier refusé ne change rien à la base."
            ),
        )
        imp.add_argument("chemin", metavar="FICHIER", help="export du RNSR (CSV séparé par « ; »)")
        imp.add_argument("--territoire", metavar="SLUG", help="identifiant (slug) du territoire ; facultatif s'il n'y en a qu'un")
        imp.add_argument("--departement", action="append", dest="departements", metavar="CODE",
                         help="ne garde que les structures de ce département (code postal) ; répétable : --departement 62 --departement 59")
        imp.add_argument("--structure", action="append", dest="numeros", metavar="NUMERO",
                         help="ne garde que cette structure (numéro RNSR, ex. 201019043K) ; répétable")
        imp.add_argument("--sans-domaine", action="append", dest="domaines_exclus", metavar="CODE",
                         help="écarte les structures dont tous les domaines scientifiques ont ce code (6 et 7 : sciences humaines et sociales) ; répétable")
        imp.add_argument("--dry-run", action="store_true", dest="dry_run", help="calcule tout et affiche le résumé sans rien enregistrer")
        voc = sous.add_parser(
            "vocabulaire", help="charge le vocabulaire des compétences (CSV « ; »)",
            description=(
                "En-tête : code;libelle;categorie;parent;synonymes;description. Refuse, en listant chaque problème, "
                "les doublons, les termes ambigus, les parents inconnus et les cycles ; rien n'est chargé tant que "
                "le fichier entier n'est pas juste. Sans fichier : le vocabulaire livré."
            ),
        )
        voc.add_argument("chemin", metavar="FICHIER", nargs="?", help="vocabulaire (défaut : celui livré avec la plateforme)")

    def _territoire(self, slug: str | None):
        from territoire.referentiel.models import Territoire

        if slug:
            try:
                return Territoire.objects.get(slug=slug)
            except Territoire.DoesNotExist:
                connus = ", ".join(Territoire.objects.values_list("slug", flat=True)[:10]) or "aucun"
                raise CommandError(f"Territoire « {slug} » inconnu (territoires : {connus}) ; vérifiez --territoire.") from None
        territoires = list(Territoire.objects.all()[:2])
        if not territoires:
            raise CommandError("Aucun territoire : créez-en un d'abord (territoire init ou territoire demo).")
        if len(territoires) > 1:
            raise CommandError("Plusieurs territoires existent : précisez lequel avec --territoire SLUG.")
        return territoires[0]

    def handle(self, *args, **options) -> None:
        if options["action"] == "vocabulaire":
            return self._vocabulaire(options)
        return self._importer(options)

    def _vocabulaire(self, options) -> None:
        from territoire.innovation import vocabulaire

        chemin = Path(options["chemin"]) if options.get("chemin") else vocabulaire.FICHIER_LIVRE
        if not chemin.is_file():
            raise CommandError(f"{chemin} : fichier introuvable.")
        try:
            resultat = vocabulaire.charger_fichier(chemin)
        except DonneesInvalides as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(
            f"Vocabulaire chargé : {resultat['entrees']} entrée(s), {resultat['creees']} créée(s), "
            f"{resultat['mises_a_jour']} mise(s) à jour."
        ))

    def _importer(self, options) -> None:
        from territoire.innovation import vocabulaire
        from territoire.innovation.actions import importer_structures
        from territoire.innovation.models import Competence

        territoire = self._territoire(options["territoire"])
        contenu, nom = _lire(options["chemin"])
        departements = [d.strip() for d in options.get("departements") or [] if d.strip()]
        for d in departements:
            if not (len(d) in (2, 3) and d[:2].isalnum()):
                raise CommandError(f"--departement {d!r} : un code de département (62, 59, 2A…).")
        if not Competence.objects.exists():
            vocabulaire.installer_vocabulaire()
            self.stdout.write("Vocabulaire des compétences vide : le vocabulaire livré a été chargé.")
        try:
            run = importer_structures(
                territoire, contenu, nom, departements=departements or None, numeros=options.get("numeros") or None,
                domaines_exclus=options.get("domaines_exclus") or None, dry_run=options["dry_run"],
            )
        except DonneesInvalides as exc:
            raise CommandError(str(exc)) from exc
        prefixe = "Essai à blanc (rien n'est enregistré) : " if options["dry_run"] else ""
        self.stdout.write(self.style.SUCCESS(
            f"{prefixe}{nom} : {run.lignes} structures lues, {run.retenues} retenues ; {run.creees} créées, "
            f"{run.mises_a_jour} mises à jour, {run.inchangees} inchangées"
            + (f", {run.absentes} absentes du fichier (marquées)" if run.absentes else "") + "."
        ))
