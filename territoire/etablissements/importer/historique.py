"""Import of INSEE's StockEtablissementHistorique: the periods of each establishment.

Same reader, same gates, same all-or-nothing rule as the stock (``actions.importer_stock``):

- the file (CSV, gzip, official ZIP, Parquet) is read by column name by the stock's ``Lecteur``:
  header checked first, every column text, the ZIP inflated into a pipe, lines kept by DuckDB
  where a SIREN of the territory opens the line (a hash join), Python splitting those only;
- kept rows are the periods of the territory's establishments: every SIRET the territory's stock
  holds, active or closed (the stock keeps closed establishments with their commune). Other
  establishments of the same firms (elsewhere in France) are counted, not kept;
- a bad file (layout, encoding, cut ZIP, line too long…) is refused with one French line and
  nothing is written; a bad line (unreadable date, unknown state, a period that ends before it
  starts) is rejected and reported with its line number; an establishment whose periods overlap
  is rejected as a whole and its stored periods are kept as they were: nothing is lost;
- if more than 5 % of the territory's lines are rejected, the file is refused (unless ``force``):
  that is a damaged file, not a few bad rows;
- the writes happen in one transaction: the periods of the establishments read are replaced,
  then the monthly series are rebuilt (``territoire.observatoire.series``). Running the same file
  twice gives the same database; an interrupted run leaves nothing half-written, and running it
  again starts over safely.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection, transaction
from django.utils import timezone

from .colonnes import Genre, disposition_etrangere
from .erreurs import ImportRefuse
from .lecture import Lecteur
from .transformation import Rejet, est_industriel, filiere_pour, lire_date, nomenclature, texte

SEUIL_REJETS = 0.05
EXEMPLES_MAX = 10

HISTORIQUE_REQUISES = (
    "siren",
    "nic",
    "siret",
    "dateFin",
    "dateDebut",
    "etatAdministratifEtablissement",
    "activitePrincipaleEtablissement",
)
HISTORIQUE_OPTIONNELLES = (
    "changementEtatAdministratifEtablissement",
    "nomenclatureActivitePrincipaleEtablissement",
    "changementActivitePrincipaleEtablissement",
    "caractereEmployeurEtablissement",
    "changementCaractereEmployeurEtablissement",
)
HISTORIQUE = Genre(
    "historique", "StockEtablissementHistorique (périodes des établissements)",
    HISTORIQUE_REQUISES, HISTORIQUE_OPTIONNELLES,
)

# The official header, in INSEE's order (for writers of test, demo and benchmark files).
ENTETE_HISTORIQUE = (
    "siren", "nic", "siret", "dateFin", "dateDebut", "etatAdministratifEtablissement",
    "changementEtatAdministratifEtablissement", "enseigne1Etablissement", "enseigne2Etablissement",
    "enseigne3Etablissement", "changementEnseigneEtablissement", "denominationUsuelleEtablissement",
    "changementDenominationUsuelleEtablissement", "activitePrincipaleEtablissement",
    "nomenclatureActivitePrincipaleEtablissement", "changementActivitePrincipaleEtablissement",
    "caractereEmployeurEtablissement", "changementCaractereEmployeurEtablissement",
)


def disposition_historique(colonnes: list[str]) -> str | None:
    """Name the layout of a header that is not a StockEtablissementHistorique, or None."""
    noms = set(colonnes)
    minuscules = {c.lower() for c in colonnes}
    # The stock's own detector knows the old v2 layout, OpenDataSoft exports and the succession
    # links; "dateFin" is left out so that it does not take our file for what it is.
    autre = disposition_etrangere([c for c in colonnes if c.lower() != "datefin"], HISTORIQUE)
    if autre:
        return autre
    if "datefin" not in minuscules and "codeCommuneEtablissement" in noms:
        return (
            "fichier StockEtablissement (stock courant, colonne codeCommuneEtablissement, sans dateFin), pas "
            "l'historique : importez-le avec « territoire sirene import » et donnez ici le fichier "
            "StockEtablissementHistorique"
        )
    if "siret" not in noms and ("etatAdministratifUniteLegale" in noms or "denominationUniteLegale" in noms):
        return (
            "historique des unités légales (StockUniteLegaleHistorique), pas celui des établissements : "
            "donnez le fichier StockEtablissementHistorique"
        )
    return None


class LecteurHistorique(Lecteur):
    """The stock's reader, with the history file's own header checks."""

    def __init__(self, chemin: str | Path) -> None:
        super().__init__(chemin, HISTORIQUE)

    def _verifier(self) -> None:
        autre = disposition_historique(self.colonnes)
        if autre:
            raise ImportRefuse(f"{self.nom} : {autre}.")
        if self.delimiteur != ",":
            raise ImportRefuse(
                f"{self.nom}, ligne 1 : séparateur « {self.delimiteur} » ; les fichiers SIRENE de l'INSEE "
                "sont séparés par des virgules : reprenez le fichier officiel."
            )
        vues: set[str] = set()
        for numero, nom in enumerate(self.colonnes, start=1):
            if nom in vues:
                raise ImportRefuse(
                    f"{self.nom}, ligne 1, colonne {numero} : la colonne « {nom} » apparaît deux fois ; "
                    "chaque colonne ne doit figurer qu'une fois."
                )
            vues.add(nom)
        manquantes = [c for c in HISTORIQUE.requises if c not in vues]
        if manquantes:
            raise ImportRefuse(
                f"{self.nom}, ligne 1 : colonne(s) obligatoire(s) absente(s) : {', '.join(manquantes)} ; "
                f"ce n'est pas un fichier {HISTORIQUE.libelle} complet (les colonnes sont lues par leur nom)."
            )


# --- pure transforms ------------------------------------------------------------------------


@dataclass
class Lecture:
    """What the file says about the territory, before anything is written."""

    periodes: dict[str, list[dict]] = field(default_factory=dict)  # SIRET → its periods
    rejets: list[Rejet] = field(default_factory=list)  # examples (at most EXEMPLES_MAX)
    lignes_rejetees: int = 0
    lignes_retenues: int = 0
    lignes_autres: int = 0
    sirets_rejetes: set[str] = field(default_factory=set)

    def rejeter(self, rejet: Rejet, siret: str | None = None) -> None:
        self.lignes_rejetees += 1
        if len(self.rejets) < EXEMPLES_MAX:
            self.rejets.append(rejet)
        if siret:
            self.sirets_rejetes.add(siret)


def transformer_periodes(lot: dict[str, list], sirets: dict[str, int], regles: dict[str, int],
                         lecture: Lecture) -> None:
    """Add a batch's rows to ``lecture``: periods of the territory's SIRETs (``sirets``: SIRET →
    Etablissement id), rejected lines with their reason, other establishments counted."""
    lignes = lot["_ligne"]
    for i, numero in enumerate(lignes):
        siret = texte(lot["siret"][i])
        if siret not in sirets:
            lecture.lignes_autres += 1
            continue
        lecture.lignes_retenues += 1
        siren, nic = texte(lot["siren"][i]), texte(lot["nic"][i])
        if siren != siret[:9] or nic != siret[9:]:
            lecture.rejeter(Rejet(numero, siret, "SIRET différent de SIREN + NIC"), siret)
            continue
        etat = texte(lot["etatAdministratifEtablissement"][i])
        if etat not in ("A", "F"):
            lecture.rejeter(Rejet(numero, siret, f"état administratif « {etat[:20]} » inconnu (A ou F attendu)"), siret)
            continue
        bruts = (texte(lot["dateDebut"][i]), texte(lot["dateFin"][i]))
        debut, fin = lire_date(bruts[0]), lire_date(bruts[1])
        if (bruts[0] and debut is None) or (bruts[1] and fin is None):
            mauvaise = bruts[0] if bruts[0] and debut is None else bruts[1]
            lecture.rejeter(Rejet(numero, siret, f"date illisible « {mauvaise[:20]} » (AAAA-MM-JJ attendu)"), siret)
            continue
        if debut and fin and fin < debut:
            lecture.rejeter(
                Rejet(numero, siret, f"la période finit le {fin:%d/%m/%Y}, avant de commencer le {debut:%d/%m/%Y}"),
                siret,
            )
            continue
        naf = texte(lot["activitePrincipaleEtablissement"][i])[:6]
        nomenclature_naf = nomenclature(naf, texte(lot["nomenclatureActivitePrincipaleEtablissement"][i]))[:8]
        employeur = texte(lot["caractereEmployeurEtablissement"][i])[:1]
        lecture.periodes.setdefault(siret, []).append({
            "_ligne": numero,
            "etablissement_id": sirets[siret],
            "date_debut": debut,
            "date_fin": fin,
            "etat": etat,
            "naf": naf,
            "nomenclature_naf": nomenclature_naf,
            "employeur": employeur if employeur in ("O", "N") else "",
            "est_industriel": est_industriel(naf, nomenclature_naf),
            "filiere_id": filiere_pour(naf, nomenclature_naf, regles),
        })


def chevauchement(periodes: list[dict]) -> tuple[dict, dict] | None:
    """The first two periods of one establishment that overlap, or None.

    Periods are sorted by start (an unknown start first); one overlaps the next when it has no
    end (only the last period may be open) or ends on or after the next one's start.
    """
    triees = sorted(periodes, key=lambda p: (p["date_debut"] is not None, p["date_debut"] or 0))
    for avant, apres in zip(triees, triees[1:], strict=False):
        if avant["date_fin"] is None or apres["date_debut"] is None or apres["date_debut"] <= avant["date_fin"]:
            return avant, apres
    return None


def ecarter_chevauchements(lecture: Lecture) -> None:
    """Reject every establishment whose periods overlap, and those with a rejected line: their
    stored periods stay as they were (a partial history would be a wrong history)."""
    for siret in sorted(lecture.periodes):
        if siret in lecture.sirets_rejetes:
            del lecture.periodes[siret]
            continue
        double = chevauchement(lecture.periodes[siret])
        if double is None:
            continue
        avant, apres = double
        fin = f"{avant['date_fin']:%d/%m/%Y}" if avant["date_fin"] else "sans fin"
        debut = f"{apres['date_debut']:%d/%m/%Y}" if apres["date_debut"] else "début inconnu"
        lecture.rejeter(Rejet(
            apres["_ligne"], siret,
            f"période chevauchant celle de la ligne {avant['_ligne']} ({fin} ; la suivante commence : {debut})",
        ), siret)
        del lecture.periodes[siret]


# --- the import -----------------------------------------------------------------------------


def _sirets_du_territoire(territoire) -> dict[str, int]:
    """SIRET → id of every establishment the territory's stock holds (active or closed)."""
    from territoire.etablissements.models import Etablissement

    table = connection.ops.quote_name(Etablissement._meta.db_table)
    codes = territoire.codes_communes()
    resultat: dict[str, int] = {}
    with connection.cursor() as curseur:
        for debut in range(0, len(codes), 500):
            paquet = codes[debut:debut + 500]
            curseur.execute(
                f"SELECT siret, id FROM {table} WHERE code_commune IN ({', '.join(['%s'] * len(paquet))})", paquet
            )
            resultat.update(curseur.fetchall())
    return resultat


def _lire(lecteur: LecteurHistorique, sirets: dict[str, int], regles: dict[str, int], progression: bool) -> Lecture:
    from .actions import _Barre

    lecture = Lecture()
    barre = _Barre(progression, "Historique")

    def reprise() -> None:
        # The reader starts again from the first line (a quoted value spanning lines).
        lecture.__init__()
        barre.recommencer()

    try:
        sirens = {s[:9] for s in sirets}
        for lot in lecteur.lots_valeurs("siren", sirens, avancer=barre.avancer, reprise=reprise):
            transformer_periodes(lot, sirets, regles, lecture)
    finally:
        barre.fermer()
    ecarter_chevauchements(lecture)
    return lecture


def importer_historique(
    territoire,
    chemin,
    *,
    dry_run: bool = False,
    force: bool = False,
    fictif: bool = False,
    progression: bool = False,
    lance_par: str = "",
):
    """Import a StockEtablissementHistorique file for ``territoire``; return the ImportHistorique run.

    Raises ``ImportRefuse`` (nothing written) on a bad file, when the territory has no stock yet,
    when no line concerns it, or when more than 5 % of its lines are rejected (unless ``force``).
    """
    from territoire.etablissements.models import RegleNaf
    from territoire.observatoire import evenements, series, veille
    from territoire.observatoire.cache import invalider_chiffres
    from territoire.observatoire.models import ImportHistorique, PeriodeEtablissement

    from .actions import inserer

    debut = timezone.now()
    lecteur = LecteurHistorique(Path(chemin))
    try:
        sirets = _sirets_du_territoire(territoire)
        if not sirets:
            raise ImportRefuse(
                f"{lecteur.nom} : le territoire « {territoire} » n'a encore aucun établissement : importez d'abord "
                "son stock (territoire sirene import), puis l'historique, qui en décrit les périodes."
            )
        regles = dict(RegleNaf.objects.values_list("prefixe", "filiere_id"))
        lecture = _lire(lecteur, sirets, regles, progression)
    finally:
        lecteur.fermer()
    if lecture.lignes_retenues == 0:
        raise ImportRefuse(
            f"{lecteur.nom} : aucune des {lecteur.lignes_lues} lignes ne concerne un établissement du territoire "
            f"« {territoire} » ; vérifiez que c'est le fichier national (ou celui du territoire) et que le stock "
            "du territoire a été importé."
        )
    part = lecture.lignes_rejetees / lecture.lignes_retenues
    if part > SEUIL_REJETS and not force:
        exemple = lecture.rejets[0]
        raise ImportRefuse(
            f"{lecteur.nom} : {lecture.lignes_rejetees} des {lecture.lignes_retenues} lignes du territoire sont "
            f"rejetées ({part:.1%} > {SEUIL_REJETS:.0%}), par exemple ligne {exemple.ligne} ({exemple.motif}) ; "
            "le fichier semble abîmé : reprenez le fichier officiel, ou relancez avec --force pour garder les "
            "lignes lisibles."
        )

    with transaction.atomic():
        # One import at a time per territory, as for the stock.
        type(territoire).objects.select_for_update().only("pk").get(pk=territoire.pk)
        run = ImportHistorique.objects.create(
            territoire=territoire, source=str(chemin)[:500], format=lecteur.format,
            statut=ImportHistorique.Statut.ESSAI if dry_run else ImportHistorique.Statut.REUSSI,
            debut=debut, lignes_lues=lecteur.lignes_lues, lignes_retenues=lecture.lignes_retenues,
            lignes_autres=lecture.lignes_autres, lignes_rejetees=lecture.lignes_rejetees,
            etablissements_rejetes=len(lecture.sirets_rejetes),
            exemples_rejets=[r.exemple() for r in lecture.rejets], fictif=fictif, lance_par=lance_par[:150],
            etablissements=len(lecture.periodes),
            periodes=sum(len(p) for p in lecture.periodes.values()),
        )
        ids = sorted(sirets[s] for s in lecture.periodes)
        for i in range(0, len(ids), 900):
            # No signal on this journal (cache.MODELES_IGNORES): one DELETE per batch.
            PeriodeEtablissement.objects.filter(etablissement_id__in=ids[i:i + 900]).delete()
        inserer(
            PeriodeEtablissement,
            [p for periodes in lecture.periodes.values() for p in periodes],
            {"import_historique_id": run.pk, "fictif": fictif},
        )
        series.reconstruire(territoire)
        veille.signaux_de_l_historique(territoire)
        evenements.proposer_depuis_historique(territoire)
        run.fin = timezone.now()
        run.save(update_fields=["fin"])
        invalider_chiffres()
        if dry_run:
            transaction.set_rollback(True)
    if dry_run:
        run.pk = None
    return run


def resume_historique(run) -> str:
    """The French summary of a history run, as the command prints it."""
    def n(nombre: int) -> str:
        return f"{nombre:,}".replace(",", "\u202f")

    essai = run.statut == run.Statut.ESSAI
    lignes = [
        ("Essai à blanc : rien n'a été enregistré." if essai else "Historique SIRENE importé.")
        + f" Territoire : {run.territoire}.",
        f"  Lignes lues : {n(run.lignes_lues)} ; du territoire : {n(run.lignes_retenues)} ; "
        f"autres établissements des mêmes entreprises (ignorées) : {n(run.lignes_autres)}",
        f"  Périodes enregistrées : {n(run.periodes)} pour {n(run.etablissements)} établissements",
        f"  Lignes rejetées : {n(run.lignes_rejetees)} ; établissements rejetés (périodes gardées telles "
        f"quelles) : {n(run.etablissements_rejetes)}",
    ]
    for exemple in run.exemples_rejets:
        lignes.append(f"    ligne {exemple['ligne']} : {exemple['siret']} ({exemple['motif']})")
    return "\n".join(lignes)
