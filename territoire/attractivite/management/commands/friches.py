"""`territoire friches import|export`: brownfields in the CNIG standard (v1.0.6, v1.0.5)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ._commun import territoire_de


class Command(BaseCommand):
    help = "Friches au standard CNIG (v1.0.6 et v1.0.5) : import, export de friches.csv (v1.0.6)."

    def add_arguments(self, parser) -> None:
        sous = parser.add_subparsers(dest="action", metavar="{import,export}", required=True)
        imp = sous.add_parser(
            "import", help="importe un fichier du standard Friches (v1.0.6, v1.0.5 ou export de l'inventaire national)",
            description=(
                "Lit le fichier par nom de colonne, reconnaît sa version, garde les friches des communes du "
                "territoire et compte les autres. Une valeur qui ne se lit que d'une façon (date au format "
                "français, zéro initial perdu d'un code commune…) est reprise et la correction notée ; toute "
                "autre valeur hors du standard est laissée de côté et signalée sur sa friche, jamais devinée."
            ),
        )
        imp.add_argument("chemin", metavar="FICHIER")
        imp.add_argument("--territoire", metavar="SLUG", help="identifiant du territoire ; facultatif s'il n'y en a qu'un")
        imp.add_argument("--registre", metavar="FICHIER",
                         help="export du registre des installations (IREP, Géorisques) : propose l'activité passée "
                              "(SIRET, code APE) des installations situées sur chaque friche")
        imp.add_argument("--dry-run", action="store_true", dest="dry_run", help="vérifie tout sans rien enregistrer")
        exp = sous.add_parser("export", help="écrit friches.csv (standard v1.0.6) dans un dossier")
        exp.add_argument("dossier", metavar="DOSSIER")
        exp.add_argument("--territoire", metavar="SLUG")

    def handle(self, *args, **options) -> None:
        territoire = territoire_de(options["territoire"])
        if options["action"] == "export":
            from territoire.attractivite.exportation import NOM_FRICHES, texte_friches

            dossier = Path(options["dossier"])
            dossier.mkdir(parents=True, exist_ok=True)
            (dossier / NOM_FRICHES).write_text(texte_friches(territoire), encoding="utf-8")
            self.stdout.write(f"Écrit : {dossier / NOM_FRICHES}")
            return
        from territoire.attractivite.actions.friches import (
            rapprocher_registre,
            registre_depuis_fichier,
        )
        from territoire.attractivite.importation.friches import importer_friches
        from territoire.attractivite.importation.lecture import ImportRefuse

        try:
            installations = registre_depuis_fichier(Path(options["registre"])) if options["registre"] else None
            rapport = importer_friches(territoire, Path(options["chemin"]), dry_run=options["dry_run"])
        except (ImportRefuse, OSError) as exc:
            message = exc.resume() if isinstance(exc, ImportRefuse) else str(exc)
            raise CommandError(f"Import refusé, rien n'a été enregistré :\n{message}") from exc
        for ligne in rapport.ecartees:
            self.stderr.write(f"Écartée : {ligne}")
        if rapport.colonnes_ignorees:
            self.stderr.write(f"Colonnes hors du standard, ignorées : {', '.join(rapport.colonnes_ignorees)}")
        self.stdout.write(("Essai (rien n'a été enregistré) : " if rapport.essai else "") + rapport.resume())
        if installations is not None and not options["dry_run"]:
            n = rapprocher_registre(territoire, installations)
            self.stdout.write(f"Registre des installations : {n} activité(s) passée(s) proposée(s) à l'équipe.")
