"""`territoire sirene import|historique|download`: the SIRENE stock, from its official address to the census,
and the history file of the establishments' periods (territoire/etablissements/importer/historique.py)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from territoire.etablissements.importer import ImportRefuse, importer_stock


def _a_telechargement() -> bool:
    return importlib.util.find_spec("territoire.etablissements.telechargement") is not None


class Command(BaseCommand):
    help = (
        "Importe le stock SIRENE des établissements (CSV, ZIP officiel ou Parquet) dans un territoire, "
        "ou télécharge le stock mensuel depuis son adresse officielle."
    )

    def add_arguments(self, parser) -> None:
        sous = parser.add_subparsers(dest="action", metavar="{import,historique,download}", required=True)
        imp = sous.add_parser(
            "import", help="importe un fichier StockEtablissement pour un territoire",
            description=(
                "Lit le fichier par nom de colonne, garde les communes du territoire, met à jour les "
                "établissements et enregistre les différences avec l'import précédent. Un fichier refusé "
                "ne change rien à la base."
            ),
        )
        imp.add_argument("chemin", metavar="PATH", help="fichier StockEtablissement (CSV, CSV gzip, ZIP ou Parquet)")
        imp.add_argument(
            "--unites-legales", metavar="PATH", dest="unites_legales",
            help="fichier StockUniteLegale (mêmes formats) : noms, catégories juridiques et d'entreprise",
        )
        imp.add_argument(
            "--territoire", metavar="SLUG",
            help="identifiant (slug) du territoire ; facultatif s'il n'y en a qu'un",
        )
        imp.add_argument(
            "--tous-les-territoires", action="store_true", dest="tous",
            help="lit le fichier national une fois et remplit chaque territoire créé, un import par territoire "
                 "(ses différences, sa garde des 5 %%, tout ou rien pour lui) ; le rapport dit lesquels sont refusés",
        )
        imp.add_argument("--dry-run", action="store_true", dest="dry_run",
                         help="calcule tout et affiche le résumé sans rien enregistrer")
        imp.add_argument("--force", action="store_true",
                         help="accepte un import qui fermerait ou ferait disparaître plus de 5 %% des établissements actifs")
        imp.add_argument("--sans-progression", action="store_false", dest="progression",
                         help="n'affiche pas la barre de progression")
        hist = sous.add_parser(
            "historique", help="importe le fichier StockEtablissementHistorique (périodes des établissements)",
            description=(
                "Lit les périodes des établissements du territoire (ceux de son stock, actifs ou fermés), "
                "remplace celles déjà connues et reconstruit les séries mensuelles depuis janvier 2019. Un "
                "fichier refusé ne change rien ; une ligne illisible est rejetée et signalée."
            ),
        )
        hist.add_argument("chemin", metavar="FICHIER", help="fichier StockEtablissementHistorique (CSV, gzip, ZIP ou Parquet)")
        hist.add_argument("--territoire", metavar="SLUG", help="identifiant (slug) du territoire ; facultatif s'il n'y en a qu'un")
        hist.add_argument("--dry-run", action="store_true", dest="dry_run",
                          help="calcule tout et affiche le résumé sans rien enregistrer")
        hist.add_argument("--force", action="store_true",
                          help="accepte un fichier dont plus de 5 %% des lignes du territoire sont rejetées")
        hist.add_argument("--sans-progression", action="store_false", dest="progression",
                          help="n'affiche pas la barre de progression")
        if _a_telechargement():
            tel = sous.add_parser(
                "download", help="télécharge le stock mensuel (reprise après coupure, contrôle de taille)",
                description="Télécharge le stock SIRENE depuis son adresse officielle (réglages "
                            "SIRENE_STOCK_ETABLISSEMENT_URL et SIRENE_STOCK_UNITE_LEGALE_URL).",
            )
            tel.add_argument("--unites-legales", action="store_true", dest="unites_legales",
                             help="télécharge le stock des unités légales au lieu de celui des établissements")
            tel.add_argument("--url", help="adresse à télécharger (par défaut : l'adresse officielle)")
            tel.add_argument("--destination", default=".", help="dossier ou fichier de destination (défaut : .)")
            tel.add_argument("--taille", type=int, dest="taille_attendue",
                             help="taille attendue en octets (contrôle supplémentaire)")
            tel.add_argument("--sans-progression", action="store_false", dest="progression",
                             help="n'affiche pas la barre de progression")

    def handle(self, *args, **options) -> None:
        if options["action"] == "download":
            self._telecharger(options)
        elif options["action"] == "historique":
            self._historique(options)
        else:
            self._importer(options)

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

    def _importer(self, options) -> None:
        if options["tous"]:
            self._importer_tous(options)
            return
        territoire = self._territoire(options["territoire"])
        try:
            imp = importer_stock(
                territoire, Path(options["chemin"]), chemin_unites_legales=options["unites_legales"],
                dry_run=options["dry_run"], force=options["force"], progression=options["progression"],
                lance_par="ligne de commande",
            )
        except ImportRefuse as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(resume(imp))

    def _importer_tous(self, options) -> None:
        from territoire.etablissements.importer import importer_tous_les_territoires

        if options["territoire"]:
            raise CommandError("--territoire et --tous-les-territoires s'excluent : choisissez l'un ou l'autre.")
        try:
            rapport = importer_tous_les_territoires(
                Path(options["chemin"]), chemin_unites_legales=options["unites_legales"],
                dry_run=options["dry_run"], force=options["force"], progression=options["progression"],
                lance_par="ligne de commande (tous les territoires)",
            )
        except ImportRefuse as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(resume_national(rapport))
        if rapport.refuses:
            raise CommandError(
                f"{len(rapport.refuses)} territoire(s) refusé(s) sur {len(rapport.resultats)} (détail ci-dessus) ; "
                "les autres sont importés."
            )

    def _historique(self, options) -> None:
        from territoire.etablissements.importer.historique import (
            importer_historique,
            resume_historique,
        )

        territoire = self._territoire(options["territoire"])
        try:
            run = importer_historique(
                territoire, Path(options["chemin"]), dry_run=options["dry_run"], force=options["force"],
                progression=options["progression"], lance_par="ligne de commande",
            )
        except ImportRefuse as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(resume_historique(run))

    def _telecharger(self, options) -> None:
        from territoire.etablissements import telechargement

        url = options["url"] or (
            settings.SIRENE_STOCK_UNITE_LEGALE_URL if options["unites_legales"]
            else settings.SIRENE_STOCK_ETABLISSEMENT_URL
        )
        try:
            chemin = telechargement.telecharger(
                url, Path(options["destination"]), progression=options["progression"],
                taille_attendue=options["taille_attendue"],
            )
        except telechargement.ErreurTelechargement as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Téléchargé : {chemin}")


def _n(nombre: int) -> str:
    return f"{nombre:,}".replace(",", "\u202f")


def resume(imp) -> str:
    """The French summary of a run, as the command prints it."""
    essai = imp.statut == imp.Statut.ESSAI
    lignes = [
        ("Essai à blanc : rien n'a été enregistré." if essai else "Import SIRENE terminé.")
        + f" Territoire : {imp.territoire}.",
        f"  Lignes lues : {_n(imp.lignes_lues)} ; retenues (communes du territoire) : {_n(imp.lignes_retenues)}",
        f"  Créés : {_n(imp.crees)} ; fermés : {_n(imp.fermes)} ; rouverts : {_n(imp.rouverts)} ; "
        f"déménagés : {_n(imp.demenages)}",
        f"  Tranche d'effectifs changée : {_n(imp.tranches_changees)} ; activité changée : "
        f"{_n(imp.activites_changees)} ; absents du fichier : {_n(imp.disparus)} ; inchangés : {_n(imp.inchanges)}",
        f"  Unités légales créées ou mises à jour : {_n(imp.unites_legales)}",
        f"  Lignes rejetées (SIRET invalide…) : {_n(imp.siret_invalides)}",
    ]
    for exemple in imp.exemples_invalides:
        lignes.append(f"    ligne {exemple['ligne']} : {exemple['siret']} ({exemple['motif']})")
    if imp.message:
        lignes.append(f"  {imp.message}")
    return "\n".join(lignes)


def resume_national(rapport) -> str:
    """The French report of a pass over every territory: totals, then one line per territory."""
    essai = "Essai à blanc : rien n'a été enregistré. " if rapport.dry_run else ""
    lignes = [
        f"{essai}Import SIRENE de tous les territoires : {len(rapport.reussis)} importé(s), "
        f"{len(rapport.refuses)} refusé(s), sur {len(rapport.resultats)}.",
        f"  Fichier : {rapport.source} ({rapport.format}) — lu une fois : {_n(rapport.lignes_lues)} lignes, "
        f"{_n(rapport.lignes_gardees)} dans les communes des territoires ; lecture {rapport.secondes_lecture:.0f} s, "
        f"total {rapport.secondes_total:.0f} s",
    ]
    for r in rapport.resultats:
        nom = f"{r.territoire.id_ti + ' ' if r.territoire.id_ti else ''}{r.territoire} ({r.territoire.slug})"
        if r.refuse:
            lignes.append(f"  REFUSÉ  {nom} : {r.refus}")
            continue
        imp = r.imp
        lignes.append(
            f"  {'essai ' if imp.statut == imp.Statut.ESSAI else 'importé'} {nom} : {_n(imp.lignes_retenues)} retenus, "
            f"{_n(imp.crees)} créés, {_n(imp.fermes)} fermés, {_n(imp.demenages)} déménagés, "
            f"{_n(imp.disparus)} absents, {_n(imp.siret_invalides)} rejetés"
        )
    return "\n".join(lignes)
