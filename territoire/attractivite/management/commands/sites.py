"""`territoire sites import|export|inventaire`: the inventory of activity zones in the CNIG standard."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ._commun import territoire_de


class Command(BaseCommand):
    help = (
        "Inventaire des zones d'activité au standard CNIG « sites économiques » : import des fichiers du "
        "standard (CSV ou GeoPackage), export (quatre CSV, un GeoPackage et friches.csv), établissement de "
        "l'inventaire légal (code de l'urbanisme, art. L. 318-8-2)."
    )

    def add_arguments(self, parser) -> None:
        sous = parser.add_subparsers(dest="action", metavar="{import,export,inventaire}", required=True)
        imp = sous.add_parser(
            "import", help="importe les fichiers du standard (un CSV, un dossier de CSV ou un GeoPackage)",
            description=(
                "Lit site-eco.csv, terrain-eco.csv, pole-eco.csv et etablissement.csv (ou les couches du GeoPackage "
                "du standard), les valide contre les schémas du standard livrés avec la plateforme, vérifie "
                "qu'ils sont dans le territoire et que chaque terrain désigne un site connu, puis les enregistre "
                "d'un bloc. Une seule erreur refuse tout : l'inventaire précédent reste intact."
            ),
        )
        imp.add_argument("chemin", metavar="FICHIER|DOSSIER")
        imp.add_argument("--territoire", metavar="SLUG", help="identifiant du territoire ; facultatif s'il n'y en a qu'un")
        imp.add_argument("--dry-run", action="store_true", dest="dry_run", help="vérifie tout sans rien enregistrer")
        exp = sous.add_parser(
            "export", help="écrit les fichiers du standard dans un dossier et les valide",
            description=(
                "Écrit site-eco.csv, terrain-eco.csv, pole-eco.csv, etablissement.csv, sites_economiques.gpkg et "
                "friches.csv (standard Friches v1.0.6), puis les relit avec les schémas du standard ; dit ce "
                "qu'il reste à compléter (code de sortie 2 si les fichiers ne sont pas conformes)."
            ),
        )
        exp.add_argument("dossier", metavar="DOSSIER")
        exp.add_argument("--territoire", metavar="SLUG")
        inv = sous.add_parser(
            "inventaire", help="établit l'inventaire légal à une date et écrit son rapport (PDF, DOCX, CSV)",
            description=(
                "Calcule pour chaque site, depuis le recensement et les terrains, les établissements, les emplois, "
                "les terrains, les terrains vacants et bâtis et le taux de vacance ; fige ces chiffres à la date "
                "donnée et met à jour les champs de comptage du standard. Avec --rapport, écrit le rapport "
                "(inventaire.pdf, inventaire.docx) et les fichiers du standard dans ce dossier."
            ),
        )
        inv.add_argument("--territoire", metavar="SLUG")
        inv.add_argument("--date", type=dt.date.fromisoformat, help="date de l'inventaire (AAAA-MM-JJ ; défaut : aujourd'hui)")
        inv.add_argument("--rapport", metavar="DOSSIER", help="dossier où écrire le rapport et les fichiers")

    def handle(self, *args, **options) -> None:
        getattr(self, f"_{options['action']}")(options)

    def _import(self, options) -> None:
        from territoire.attractivite.importation.lecture import ImportRefuse
        from territoire.attractivite.importation.sites import importer_sites

        territoire = territoire_de(options["territoire"])
        try:
            rapport = importer_sites(territoire, Path(options["chemin"]), dry_run=options["dry_run"])
        except ImportRefuse as exc:
            raise CommandError(f"Import refusé, rien n'a été enregistré :\n{exc.resume()}") from exc
        for avertissement in rapport.avertissements:
            self.stderr.write(f"Avertissement : {avertissement}")
        prefixe = "Essai (rien n'a été enregistré) : " if rapport.essai else ""
        self.stdout.write(f"{prefixe}{rapport.resume()} depuis {rapport.source}.")

    def _export(self, options) -> None:
        from territoire.attractivite.exportation import ecrire_dossier, valider_dossier

        territoire = territoire_de(options["territoire"])
        ecrits = ecrire_dossier(territoire, Path(options["dossier"]))
        for chemin in ecrits:
            self.stdout.write(f"Écrit : {chemin}")
        erreurs = valider_dossier(Path(options["dossier"]))
        if erreurs:
            for e in erreurs[:50]:
                self.stderr.write(f"À compléter : {e}")
            if len(erreurs) > 50:
                self.stderr.write(f"… et {len(erreurs) - 50} autre(s).")
            raise CommandError(f"Fichiers écrits mais non conformes au standard ({len(erreurs)} valeur(s) à compléter).",
                               returncode=2)
        self.stdout.write("Fichiers conformes aux schémas du standard CNIG.")

    def _inventaire(self, options) -> None:
        from territoire.attractivite.actions import etablir_inventaire

        territoire = territoire_de(options["territoire"])
        inv = etablir_inventaire(territoire, date=options["date"])
        t = inv.totaux
        taux = "—" if t["taux_vacance"] is None else f"{t['taux_vacance']} %".replace(".", ",")
        self.stdout.write(
            f"Inventaire du {inv.date:%d/%m/%Y} : {t['sites']} site(s), {t['terrains']} terrain(s) dont "
            f"{t['terrains_vacants']} vacant(s) (taux de vacance {taux}), {t['etablissements']} établissement(s). "
            f"Prochain inventaire au plus tard le {inv.echeance:%d/%m/%Y}."
        )
        if options["rapport"]:
            from territoire.attractivite.exportation import ecrire_dossier
            from territoire.attractivite.rapports import ecrire_rapports

            dossier = Path(options["rapport"])
            for chemin in [*ecrire_rapports(inv, dossier), *ecrire_dossier(territoire, dossier)]:
                self.stdout.write(f"Écrit : {chemin}")
