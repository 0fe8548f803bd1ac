from django.core.management.base import BaseCommand, CommandError

from territoire.referentiel.actions import DonneesInvalides, creer_territoire, creer_territoires_ti
from territoire.referentiel.sources import SourceIntrouvable
from territoire.referentiel.territoires_industrie.liste import PHASE_COURANTE, PHASES


class Command(BaseCommand):
    help = (
        "Crée (ou met à jour) un territoire à partir des données officielles, sans connexion à Internet : "
        "soit ses EPCI (--epci SIREN --nom …), soit son identifiant dans la liste des Territoires "
        "d'industrie de l'ANCT (--ti ti-3205, ou --ti tous pour tous ceux de la phase). Communes, "
        "populations et contours viennent du Code officiel géographique que porte le projet."
    )

    def add_arguments(self, parser):
        quoi = parser.add_mutually_exclusive_group(required=True)
        quoi.add_argument("--epci", action="append", metavar="SIREN",
                          help="SIREN d'un EPCI du territoire (répétable) ; avec --nom.")
        quoi.add_argument("--ti", action="append", metavar="ID",
                          help="identifiant ANCT (ti-3205 ; répétable) ou « tous » : les territoires de la phase.")
        parser.add_argument("--phase", default=PHASE_COURANTE, metavar="PHASE",
                            help=f"phase de la liste avec --ti : {' ou '.join(PHASES)} (défaut : {PHASE_COURANTE}).")
        parser.add_argument("--nom", help="nom du territoire (avec --epci).")
        parser.add_argument("--slug", help="identifiant court dans les adresses (avec --epci ; déduit du nom).")
        parser.add_argument("--id-ti", default="", help="identifiant ANCT du territoire (avec --epci).")
        parser.add_argument("--liste", metavar="FICHIER",
                            help="liste construite par le script du projet (par défaut : celle livrée).")
        parser.add_argument("--remplacer-perimetre", action="store_true", dest="remplacer",
                            help="donne le périmètre de la liste à un territoire qui porte déjà l'identifiant "
                                 "avec un périmètre fait à la main")

    def handle(self, *args, **opts):
        try:
            if opts["ti"]:
                self._depuis_liste(opts)
                return
            if not opts["nom"]:
                raise CommandError("--nom est obligatoire avec --epci (ex. --nom \"Béthune-Bruay\").")
            territoire = creer_territoire(opts["epci"], opts["nom"], opts["slug"], opts["id_ti"])
        except (DonneesInvalides, SourceIntrouvable) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Territoire « {territoire.nom} » ({territoire.slug}) : "
            f"{territoire.epcis.count()} EPCI, {territoire.communes.count()} communes."
        )

    def _depuis_liste(self, opts) -> None:
        ids = [i.strip() for i in opts["ti"] if i.strip()]
        tous = [i for i in ids if i.lower() == "tous"]
        if tous and len(ids) > 1:
            raise CommandError("--ti tous ne se combine pas avec d'autres identifiants.")
        if opts["nom"] or opts["slug"] or opts["id_ti"]:
            raise CommandError("--nom, --slug et --id-ti vont avec --epci ; avec --ti, tout vient de la liste de l'ANCT.")
        resultats = creer_territoires_ti(
            None if tous else ids, opts["phase"], chemin_liste=opts["liste"], remplacer_perimetre=opts["remplacer"],
        )
        crees = sum(1 for r in resultats if r.cree)
        ignores = [r for r in resultats if r.ignore]
        for r in resultats:
            if r.ignore:
                self.stderr.write(f"  {r.liste.id_ti} : {r.ignore}")
            elif len(resultats) <= 20:
                t = r.territoire
                self.stdout.write(
                    f"{'Créé' if r.cree else 'Mis à jour'} : {t.id_ti} « {t.nom} » ({t.slug}), phase {t.phase} — "
                    f"{len(r.liste.epcis)} EPCI, {len(r.liste.communes)} communes, "
                    f"{t.population:,} habitants".replace(f"{t.population:,}", f"{t.population:,}".replace(",", "\u202f"))
                )
        self.stdout.write(
            f"Phase {opts['phase']} : {crees} territoire(s) créé(s), "
            f"{len(resultats) - crees - len(ignores)} mis à jour, {len(ignores)} laissé(s) tel(s) quel(s)."
        )
