"""The SIRENE import as one write: read (DuckDB) → transform (pure) → compare → write, atomically.

Everything is read and compared before the first write, so a refused file (bad input, the
5 % guard) leaves the database exactly as it was; the writes themselves happen in one
``transaction.atomic()`` block, in batches whose number grows with the rows only by the batch
size, never per row.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.db import connection, models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.module_loading import import_string

from ..models import Changement, Etablissement, ImportSirene, RegleNaf, UniteLegale
from . import difference
from .colonnes import ETABLISSEMENTS, UNITE_LEGALE_EMBARQUEES, UNITES_LEGALES
from .erreurs import ImportRefuse
from .lecture import Lecteur
from .transformation import Contexte, Zonage, transformer_lot, transformer_unites_legales

SEUIL_PERTES = 0.05
LOT_ECRITURE = 1000
EXEMPLES_MAX = 10

CHAMPS_ETABLISSEMENT = (
    "siret", "siren", "nic", "statut_diffusion", "siege", "date_creation", "date_debut", "etat", "employeur",
    "tranche_effectifs", "annee_effectifs", "naf", "nomenclature_naf", "naf25", "est_industriel", "filiere_id",
    "enseigne", "denomination_usuelle", "complement_adresse", "numero_voie", "indice_repetition", "type_voie",
    "libelle_voie", "code_postal", "libelle_commune", "code_commune", "commune_id", "lambert_x", "lambert_y",
    "latitude", "longitude", "zone_id", "localisation", "date_dernier_traitement",
    "emplois_bas", "emplois_central", "emplois_haut", "present", "unite_legale_id", "fictif",
)
CHAMPS_UNITE_LEGALE = (
    "statut_diffusion", "denomination", "sigle", "nom", "prenom", "categorie_juridique", "categorie_entreprise",
    "annee_categorie", "tranche_effectifs", "annee_effectifs", "naf", "naf25", "etat", "date_creation",
    "nic_siege", "economie_sociale_solidaire",
)


def _paquets(elements: list, taille: int = LOT_ECRITURE) -> Iterator[list]:
    for debut in range(0, len(elements), taille):
        yield elements[debut:debut + taille]


def _attributs(champs: dict) -> dict:
    """Model attributes from a field dict (ForeignKey ids keep their ``_id`` attribute names)."""
    return {k: v for k, v in champs.items() if not k.startswith("_")}


def inserer(modele, lignes: list[dict], constantes: dict | None = None) -> None:
    """INSERT rows given as {attname: value}: PostgreSQL's ``COPY … FROM STDIN`` (psycopg 3),
    elsewhere one ``executemany`` per batch.

    ``bulk_create`` builds every value through the ORM's compiler and, on SQLite, splits each
    batch at 999 parameters (about twenty establishments per statement): for the tens of
    thousands of rows of a first import it costs more than reading the national file. Missing
    fields take their model default; ``constantes`` gives fields that are the same for every
    row; other keys of the rows (not model fields) are ignored; dates go through the field's
    own conversion.
    """
    if not lignes:
        return
    constantes = constantes or {}
    champs = [f for f in modele._meta.concrete_fields if not f.primary_key]
    colonnes = ", ".join(connection.ops.quote_name(f.column) for f in champs)
    table = connection.ops.quote_name(modele._meta.db_table)
    # Values are prepared column by column; a date goes through its field's conversion once per
    # distinct value (creation dates, the import's own timestamp repeat across thousands of rows).
    preparations = [(f.attname, f.get_default(), _conversion(f)) for f in champs]

    def tuples(paquet: list[dict]):
        par_colonne = []
        for nom, defaut, convertir in preparations:
            if nom in constantes:
                valeur = constantes[nom] if convertir is None else convertir(constantes[nom])
                par_colonne.append([valeur] * len(paquet))
                continue
            valeurs = [ligne.get(nom, defaut) for ligne in paquet]
            par_colonne.append(valeurs if convertir is None else [convertir(v) for v in valeurs])
        return zip(*par_colonne, strict=True)

    if connection.vendor == "postgresql" and COPIE_POSTGRESQL:
        copier(f"COPY {table} ({colonnes}) FROM STDIN", (t for paquet in _paquets(lignes) for t in tuples(paquet)))
        return
    requete = f"INSERT INTO {table} ({colonnes}) VALUES ({', '.join(['%s'] * len(champs))})"
    with connection.cursor() as curseur:
        for paquet in _paquets(lignes):
            curseur.executemany(requete, list(tuples(paquet)))


# The bench turns COPY off to measure row inserts against it (bench/sirene_copie.py).
COPIE_POSTGRESQL = True


def copier(requete: str, lignes) -> None:
    """Stream rows into PostgreSQL with psycopg 3's ``copy`` (text format, values adapted by
    psycopg's own dumpers): one statement whatever the number of rows."""
    connection.ensure_connection()
    with connection.connection.cursor() as curseur, curseur.copy(requete) as copie:
        for ligne in lignes:
            copie.write_row(ligne)


def _conversion(champ):
    """The database form of a date or date-time value, memoised; None for fields stored as
    they are.

    The backend's own adapter is called directly: the importer hands it ``date`` objects and
    aware date-times only (``transformation.lire_horodatage``, ``timezone.now()``), so the
    field's checks for naive values and strings (``get_prep_value``) have nothing to do, and
    they cost more than the insert itself on the tens of thousands of rows of a first import.
    """
    if isinstance(champ, models.DateTimeField):
        adapter = connection.ops.adapt_datetimefield_value
    elif isinstance(champ, models.DateField):
        adapter = connection.ops.adapt_datefield_value
    else:
        return None
    deja: dict = {None: None}

    def convertir(valeur):
        try:
            return deja[valeur]
        except KeyError:
            resultat = deja[valeur] = adapter(valeur)
            return resultat

    return convertir


def charger_contexte(territoire) -> Contexte:
    from territoire.referentiel.models import ZoneActivite

    communes = dict(territoire.communes.values_list("code_insee", "id"))
    regles = dict(RegleNaf.objects.values_list("prefixe", "filiere_id"))
    zones = []
    # The zones that touch the territory's communes, whichever territory drew them: an
    # establishment of a commune that two territories share is placed the same way by both.
    touchant = ZoneActivite.objects.filter(communes__in=list(communes.values())).values("pk")
    for zone in ZoneActivite.objects.filter(Q(territoire=territoire) | Q(pk__in=touchant)).prefetch_related("communes"):
        try:
            geometrie = zone.geometrie
        except (ValueError, TypeError, KeyError) as exc:
            raise ImportRefuse(
                f"Zone d'activité « {zone.nom} » (id {zone.pk}) : contour illisible ({exc}) ; "
                "corrigez son contour GeoJSON avant d'importer."
            ) from exc
        zones.append((zone.pk, geometrie, [c.code_insee for c in zone.communes.all()]))
    return Contexte(communes=communes, regles=regles, zonage=Zonage(zones))


class _Barre:
    def __init__(self, actif: bool, description: str, suivi=None) -> None:
        from tqdm import tqdm

        # suivi(description, lines read): the progress of a background job (territoire.taches).
        self.suivi = suivi
        self.description = description
        self.tqdm = tqdm(
            desc=description, unit=" lignes", unit_scale=True, file=sys.stderr, disable=not actif,
            dynamic_ncols=True,
        )

    def avancer(self, lues: int) -> None:
        self.tqdm.update(lues - self.tqdm.n)
        if self.suivi is not None:
            self.suivi(self.description, lues)

    def recommencer(self) -> None:
        self.tqdm.reset()

    def fermer(self) -> None:
        self.tqdm.close()


@dataclass
class Lu:
    """What was read for one territory, before anything is compared or written."""

    source: str
    format: str
    nom: str
    lignes_lues: int
    nouveaux: dict[str, dict]
    rejets: list
    nombre_rejets: int
    unites: dict[str, dict]
    source_unites_legales: str = ""


def importer_stock(
    territoire,
    chemin,
    *,
    chemin_unites_legales=None,
    dry_run: bool = False,
    force: bool = False,
    fictif: bool = False,
    progression: bool = False,
    lance_par: str = "",
    suivi=None,
) -> ImportSirene:
    """Import a StockEtablissement file (CSV, gzip, ZIP or Parquet) for ``territoire``.

    Raises ``ImportRefuse`` (nothing written) on a bad file, or when the run would close or lose
    more than 5 % of the active establishments of the last run (unless ``force``). ``dry_run``
    computes everything and returns the run with statut ESSAI, saving nothing. ``suivi(étape,
    lignes lues)`` is called as the files are read, then once with "Écriture" before the write.
    """
    debut = timezone.now()
    lecteur = Lecteur(Path(chemin), ETABLISSEMENTS)
    lecteur_ul = Lecteur(Path(chemin_unites_legales), UNITES_LEGALES) if chemin_unites_legales else None
    try:
        contexte = charger_contexte(territoire)
        if not contexte.communes:
            raise ImportRefuse(
                f"Le territoire « {territoire} » n'a aucune commune : construisez-le d'abord (territoire init)."
            )
        nouveaux, rejets, nombre_rejets, unites = _lire_etablissements(lecteur, contexte, progression, suivi)
        if lecteur_ul is not None:
            unites.update(_lire_unites_legales(lecteur_ul, {c["siren"] for c in nouveaux.values()}, progression, suivi))
    finally:
        lecteur.fermer()
        if lecteur_ul is not None:
            lecteur_ul.fermer()
    lu = Lu(str(chemin), lecteur.format, lecteur.nom, lecteur.lignes_lues, nouveaux, rejets, nombre_rejets, unites,
            str(chemin_unites_legales or ""))
    return ecrire_import(territoire, lu, contexte, debut=debut, dry_run=dry_run, force=force, fictif=fictif,
                         lance_par=lance_par, suivi=suivi)


def ecrire_import(
    territoire, lu: Lu, contexte: Contexte, *, debut, dry_run: bool = False, force: bool = False,
    fictif: bool = False, lance_par: str = "", suivi=None, journal=None,
) -> ImportSirene:
    """Compare what was read with the database and write it, in one transaction.

    ``journal`` (the pass over every territory, ``tous.py``) knows the state, before the pass,
    of the establishments that an earlier territory of the same pass already wrote in a commune
    this one shares: the run's differences and its 5 % guard are computed against that state,
    as if this territory had been imported alone; its writes against the database as it is.
    """
    nouveaux = lu.nouveaux
    if suivi is not None:
        suivi("Écriture", len(nouveaux))
    with transaction.atomic():
        # One import at a time per territory (PostgreSQL; SQLite serialises writers anyway):
        # a second run waits here, then compares with what the first one wrote.
        type(territoire).objects.select_for_update().only("pk").get(pk=territoire.pk)
        precedent = (
            ImportSirene.objects.filter(territoire=territoire, statut=ImportSirene.Statut.REUSSI)
            .order_by("-debut").first()
        )
        existants = _existants(contexte, nouveaux)
        sirens = sorted({c["siren"] for c in nouveaux.values()})
        ids_ul = _ids(UniteLegale, "siren", sirens)
        for champs in nouveaux.values():
            champs["unite_legale_id"] = ids_ul.get(champs["siren"])
            champs["fictif"] = fictif
        avant = journal.etat_avant(existants, nouveaux, contexte.communes) if journal is not None else None
        differences = difference.comparer(avant if avant is not None else existants, nouveaux, CHAMPS_ETABLISSEMENT)
        _garde_fou(differences, precedent, force, lu.nom)
        plan = differences if avant is None else difference.comparer(existants, nouveaux, CHAMPS_ETABLISSEMENT)

        imp = ImportSirene(
            territoire=territoire, source=lu.source[:500], format=lu.format,
            source_unites_legales=lu.source_unites_legales[:500],
            statut=ImportSirene.Statut.ESSAI if dry_run else ImportSirene.Statut.REUSSI,
            debut=debut, lignes_lues=lu.lignes_lues, lignes_retenues=len(nouveaux),
            siret_invalides=lu.nombre_rejets, exemples_invalides=[r.exemple() for r in lu.rejets],
            crees=differences.comptes[difference.CREATION], fermes=differences.comptes[difference.FERMETURE],
            rouverts=differences.comptes[difference.REOUVERTURE],
            demenages=differences.comptes[difference.DEMENAGEMENT],
            tranches_changees=differences.comptes[difference.TRANCHE],
            activites_changees=differences.comptes[difference.ACTIVITE],
            disparus=differences.comptes[difference.DISPARITION], inchanges=differences.inchanges,
            fictif=fictif, lance_par=lance_par[:150],
            message="" if precedent else "Premier import du territoire : les différences ne sont pas détaillées.",
        )
        imp.save()
        ids_ul, nombre_ul = _ecrire_unites_legales(sirens, lu.unites, ids_ul, fictif)
        imp.unites_legales = nombre_ul
        _lier_unites_legales(plan, nouveaux, existants, ids_ul)
        if journal is not None and not dry_run:
            journal.noter(plan, existants)
        ids = _ecrire_etablissements(plan, existants, imp, contexte)
        if precedent is not None:
            manquants = [s for s, *_ in differences.changements if s not in ids]
            ids.update(_ids(Etablissement, "siret", manquants))
            inserer(Changement, [
                {"import_sirene_id": imp.pk, "etablissement_id": ids[siret], "type": type_,
                 "avant": avant_[:300], "apres": apres[:300]}
                for siret, type_, avant_, apres in differences.changements
            ])
        imp.fin = timezone.now()
        imp.save(update_fields=["fin", "unites_legales"])
        if dry_run:
            transaction.set_rollback(True)
        else:
            apres_import(imp)
    if dry_run:
        imp.pk = None  # rolled back: the run exists only in memory
    return imp


def apres_import(imp: ImportSirene) -> None:
    """Run the post-import hooks, inside the import's transaction (a failing hook refuses the import).

    An app names one in its AppConfig: ``apres_import_sirene = "module.fonction"``; the function
    takes the successful run (the observatory adds the run's point to its monthly series).
    """
    for config in apps.get_app_configs():
        chemin = getattr(config, "apres_import_sirene", None)
        if chemin:
            import_string(chemin)(imp)


def _lire_etablissements(lecteur: Lecteur, contexte: Contexte, progression: bool, suivi=None):
    nouveaux: dict[str, dict] = {}
    rejets: list = []
    compte = {"rejets": 0}
    unites: dict[str, dict] = {}
    embarquees = all(lecteur.a_colonne(c) for c in UNITE_LEGALE_EMBARQUEES)
    barre = _Barre(progression, "Établissements", suivi)

    def reprise() -> None:
        # The reader starts again from the first line (a quoted value spanning lines).
        nouveaux.clear()
        rejets.clear()
        unites.clear()
        compte["rejets"] = 0
        barre.recommencer()

    try:
        lots = lecteur.lots_valeurs(
            "codeCommuneEtablissement", contexte.communes, avancer=barre.avancer, reprise=reprise
        )
        for lot in lots:
            gardes, rejetes = transformer_lot(lot, contexte)
            for champs in gardes:
                nouveaux[champs["siret"]] = champs
            compte["rejets"] += len(rejetes)
            rejets.extend(rejetes[: EXEMPLES_MAX - len(rejets)])
            if embarquees:
                for ul in transformer_unites_legales(lot):
                    unites[ul["siren"]] = ul
    finally:
        barre.fermer()
    return nouveaux, rejets, compte["rejets"], unites


def _lire_unites_legales(lecteur: Lecteur, sirens: set[str], progression: bool, suivi=None) -> dict[str, dict]:
    unites: dict[str, dict] = {}
    if not sirens:
        return unites
    barre = _Barre(progression, "Unités légales", suivi)

    def reprise() -> None:
        unites.clear()
        barre.recommencer()

    try:
        for lot in lecteur.lots_valeurs("siren", sirens, avancer=barre.avancer, reprise=reprise):
            for ul in transformer_unites_legales(lot):
                unites[ul["siren"]] = ul
    finally:
        barre.fermer()
    return unites


def _existants(contexte: Contexte, nouveaux: dict[str, dict]) -> dict[str, dict]:
    """Stored establishments of the territory's communes, and those of the file stored elsewhere."""
    lus = CHAMPS_ETABLISSEMENT + ("id", "effectif_connu")
    existants = {
        r["siret"]: r for r in Etablissement.objects.filter(code_commune__in=list(contexte.communes)).values(*lus)
    }
    # Rows of the file stored under another commune (moved here): found by SIRET in plain SQL
    # first, since they are few and a first import has tens of thousands of SIRETs to check.
    ailleurs = _ids(Etablissement, "siret", [s for s in nouveaux if s not in existants])
    for paquet in _paquets(sorted(ailleurs.values())):
        for r in Etablissement.objects.filter(pk__in=paquet).values(*lus):
            r["_dans_territoire"] = False
            existants[r["siret"]] = r
    return existants


def _ids(modele, champ: str, valeurs: list[str]) -> dict[str, int]:
    """{value: id} of the rows whose text column ``champ`` holds one of ``valeurs``.

    Plain SQL in batches: an ORM ``__in`` lookup prepares each of its values through the
    field, which for the tens of thousands of SIRETs of a first import cost more than the query.
    """
    table = connection.ops.quote_name(modele._meta.db_table)
    colonne = connection.ops.quote_name(modele._meta.get_field(champ).column)
    ids: dict[str, int] = {}
    with connection.cursor() as curseur:
        for paquet in _paquets(valeurs):
            marques = ", ".join(["%s"] * len(paquet))
            curseur.execute(f"SELECT {colonne}, id FROM {table} WHERE {colonne} IN ({marques})", paquet)
            ids.update(curseur.fetchall())
    return ids


def _garde_fou(plan: difference.Plan, precedent: ImportSirene | None, force: bool, nom: str) -> None:
    if precedent is None or force or plan.actifs_avant == 0:
        return
    part = plan.pertes / plan.actifs_avant
    if part > SEUIL_PERTES:
        raise ImportRefuse(
            f"{nom} : cet import fermerait ou ferait disparaître {plan.pertes} des {plan.actifs_avant} "
            f"établissements actifs du territoire ({part:.1%} > {SEUIL_PERTES:.0%}) par rapport à l'import "
            f"du {timezone.localtime(precedent.debut):%d/%m/%Y} ; vérifiez que le fichier est complet "
            "(fichier national tronqué ?) ou relancez avec --force si ces fermetures sont réelles."
        )


def _ecrire_unites_legales(
    sirens: list[str], unites: dict[str, dict], ids: dict[str, int], fictif: bool
) -> tuple[dict[str, int], int]:
    """Create the missing legal units (minimal when no file describes them), update the described
    ones that changed. Returns SIREN → id and the number of units created or updated."""
    maintenant = timezone.now()
    a_creer = [unites.get(siren) or {"siren": siren} for siren in sirens if siren not in ids]
    nouvelles = {u["siren"] for u in a_creer}
    inserer(UniteLegale, a_creer, {"fictif": fictif, "mise_a_jour": maintenant})
    ids.update(_ids(UniteLegale, "siren", sorted(nouvelles)))
    decrites = [s for s in sirens if s in unites and s in ids]
    a_modifier = []
    for paquet in _paquets([s for s in decrites if s not in nouvelles]):
        for stockee in UniteLegale.objects.filter(siren__in=paquet).values("id", "siren", "fictif", *CHAMPS_UNITE_LEGALE):
            nouvelle = unites[stockee["siren"]]
            if stockee["fictif"] != fictif or any(stockee[c] != nouvelle[c] for c in CHAMPS_UNITE_LEGALE):
                a_modifier.append(UniteLegale(id=stockee["id"], **nouvelle, fictif=fictif, mise_a_jour=maintenant))
    if a_modifier:
        UniteLegale.objects.bulk_update(
            a_modifier, [*CHAMPS_UNITE_LEGALE, "fictif", "mise_a_jour"], batch_size=LOT_ECRITURE // 2
        )
    creees_decrites = sum(1 for siren in nouvelles if siren in unites)
    return ids, creees_decrites + len(a_modifier)


def _lier_unites_legales(plan: difference.Plan, nouveaux: dict, existants: dict, ids: dict[str, int]) -> None:
    """Give every row its legal unit, now that the missing ones exist."""
    a_jour = {c["siret"]: c for c in plan.mises_a_jour}
    for siret, champs in nouveaux.items():
        if champs["unite_legale_id"] is not None:
            continue
        champs["unite_legale_id"] = ids.get(champs["siren"])
        avant = existants.get(siret)
        if avant is None or avant["unite_legale_id"] == champs["unite_legale_id"]:
            continue
        if siret in a_jour:
            a_jour[siret]["unite_legale_id"] = champs["unite_legale_id"]
            a_jour[siret]["_modifies"].append("unite_legale_id")
        else:
            plan.mises_a_jour.append({**champs, "id": avant["id"], "_modifies": ["unite_legale_id"]})
            plan.inchanges -= 1


def _ecrire_etablissements(
    plan: difference.Plan, existants: dict[str, dict], imp: ImportSirene, contexte: Contexte
) -> dict[str, int]:
    """Write the plan; return SIRET → id of every establishment the changes point at."""
    maintenant = timezone.now()
    inserer(Etablissement, plan.creations, {"dernier_import_id": imp.pk, "mise_a_jour": maintenant})
    ids = {siret: r["id"] for siret, r in existants.items()}
    ids.update(_ids(Etablissement, "siret", [c["siret"] for c in plan.creations]))
    # Rows are updated by groups of identical changed fields: a monthly run mostly changes a
    # band or an address, and a narrow UPDATE is far cheaper than rewriting 40 columns.
    groupes: dict[tuple[str, ...], list[Etablissement]] = {}
    for c in plan.mises_a_jour:
        champs = tuple(sorted(set(c["_modifies"])))
        groupes.setdefault(champs, []).append(
            Etablissement(**_attributs(c), dernier_import=imp, mise_a_jour=maintenant)
        )
    for champs, modifies in groupes.items():
        Etablissement.objects.bulk_update(
            modifies, [*champs, "dernier_import", "mise_a_jour"], batch_size=LOT_ECRITURE // 2
        )
    for paquet in _paquets(plan.disparitions):
        Etablissement.objects.filter(pk__in=paquet).update(present=False, mise_a_jour=maintenant)
    Etablissement.objects.filter(code_commune__in=list(contexte.communes), present=True).exclude(
        dernier_import=imp
    ).update(dernier_import=imp)
    return ids

