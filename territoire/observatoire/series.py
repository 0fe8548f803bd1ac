"""Monthly series of the territory's industry: establishments and jobs since January 2019.

Two sources, kept apart and both shown (``PointSerie.source``):

- **reconstitution**: every month since January 2019, from the history file's periods (which
  establishment was active, with which activity, at each month's first day) and the stock (its
  location and its current headcount band). Rebuilt by one ``INSERT … SELECT`` at each history
  or stock import, once the territory has a history. Establishments the history does not
  describe (created since the file) count from their creation date to their closure, as the
  stock tells them.
- **relevé**: the stock as each import finds it, one point per month of import, never rebuilt:
  a territory that never loads the history file builds its curve from its first import.

Headcount bands are not in the history file, and a band has a vintage: every series says
« effectifs : tranche de l'année N appliquée aux établissements actifs à la date ». No past
headcount is ever invented.

Reads are SQL aggregates over ``PointSerie`` (a few hundred rows per month at most): a constant
number of queries whatever the size of the territory.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db import connection
from django.db.models import Count, Max, Sum
from django.utils import timezone

from territoire.etablissements import tranches

from .models import PeriodeEtablissement, PointSerie

MOIS_DEPART = dt.date(2019, 1, 1)
RECONSTITUTION = PointSerie.Source.RECONSTITUTION
RELEVE = PointSerie.Source.RELEVE


def premier_du_mois(jour: dt.date) -> dt.date:
    return jour.replace(day=1)


def mois_entre(debut: dt.date, fin: dt.date) -> list[dt.date]:
    """First days of the months from ``debut``'s month to ``fin``'s month, both included."""
    mois, courant = [], premier_du_mois(debut)
    while courant <= fin:
        mois.append(courant)
        courant = (courant + dt.timedelta(days=32)).replace(day=1)
    return mois


def phrase_millesime(millesime: str | None) -> str:
    """The vintage sentence every series carries."""
    annee = millesime or "inconnue"
    return f"effectifs : tranche de l'année {annee} appliquée aux établissements actifs à la date"


def _table(modele) -> str:
    return connection.ops.quote_name(modele._meta.db_table)


def _marques(valeurs) -> str:
    return ", ".join(["%s"] * len(valeurs))


def a_un_historique(territoire) -> bool:
    return PeriodeEtablissement.objects.filter(etablissement__commune__territoires=territoire).exists()


def reconstruire(territoire, jusqu_au: dt.date | None = None) -> int:
    """Rebuild the territory's reconstituted series (one INSERT … SELECT); return its row count.

    Without any history period for the territory, the reconstitution is only emptied: its
    curve then comes from the stock imports' points.
    """
    from territoire.etablissements.models import Etablissement
    from territoire.referentiel.models import Territoire

    PointSerie.objects.filter(territoire=territoire, source=RECONSTITUTION).delete()
    if not a_un_historique(territoire):
        return 0
    d = territoire.definition()
    mois = mois_entre(MOIS_DEPART, jusqu_au or timezone.localdate())
    adapter = connection.ops.adapt_datefield_value
    codes_tranche = tranches.codes_au_moins(d["tranche_min"])
    exclus = list(d["naf_exclus"]) or ["-"]
    employeur_periode = "AND p.employeur = 'O'" if d["employeur_requis"] else ""
    # A closed establishment's employer flag describes its closed state ("N"): it counted as an
    # employer while it was open.
    employeur_stock = "AND (e.employeur = 'O' OR e.etat = 'F')" if d["employeur_requis"] else ""
    E, P, S = _table(Etablissement), _table(PeriodeEtablissement), _table(PointSerie)
    T = _table(Territoire.communes.through)
    dans_territoire = f"e.commune_id IN (SELECT commune_id FROM {T} WHERE territoire_id = %s)"
    colonnes_e = (
        "e.zone_id AS zone_id, e.commune_id AS commune_id, e.emplois_bas AS bas, e.emplois_central AS central, "
        "e.emplois_haut AS haut, e.annee_effectifs AS annee, "
        "CASE WHEN e.etat = 'F' THEN e.date_debut END AS ferme_le"
    )
    sql = f"""
        WITH mois(m) AS (VALUES {', '.join(['(%s)'] * len(mois))})
        INSERT INTO {S} (territoire_id, mois, source, filiere_id, zone_id, commune_id, etablissements,
                         emplois_bas, emplois_central, emplois_haut, millesime, import_sirene_id)
        SELECT %s, mois.m, %s, a.filiere_id, a.zone_id, a.commune_id, COUNT(*), SUM(a.bas), SUM(a.central),
               SUM(a.haut), COALESCE(MAX(a.annee), ''), NULL
        FROM mois JOIN (
            SELECT p.filiere_id AS filiere_id, p.date_debut AS debut, p.date_fin AS fin, {colonnes_e}
            FROM {P} p JOIN {E} e ON e.id = p.etablissement_id
            WHERE {dans_territoire} AND p.etat = 'A' AND p.est_industriel = %s
              AND p.naf NOT IN ({_marques(exclus)}) AND e.tranche_effectifs IN ({_marques(codes_tranche)})
              {employeur_periode}
            UNION ALL
            SELECT e.filiere_id, e.date_creation, NULL, {colonnes_e}
            FROM {E} e
            WHERE {dans_territoire} AND e.est_industriel = %s
              AND e.naf NOT IN ({_marques(exclus)}) AND e.tranche_effectifs IN ({_marques(codes_tranche)})
              {employeur_stock}
              AND NOT EXISTS (SELECT 1 FROM {P} p2 WHERE p2.etablissement_id = e.id)
        ) a ON (a.debut IS NULL OR a.debut <= mois.m)
           AND (a.fin IS NULL OR a.fin >= mois.m)
           AND (a.ferme_le IS NULL OR mois.m < a.ferme_le)
        GROUP BY mois.m, a.filiere_id, a.zone_id, a.commune_id
    """
    params = [adapter(m) for m in mois] + [territoire.pk, str(RECONSTITUTION)]
    params += [territoire.pk, True, *exclus, *codes_tranche]
    params += [territoire.pk, True, *exclus, *codes_tranche]
    with connection.cursor() as curseur:
        curseur.execute(sql, params)
        return curseur.rowcount


def relever(import_sirene) -> int:
    """Add the point of a stock import: the industrial establishments followed, as the import
    left them, aggregated by filière, zone and commune (replaces an earlier point of the same
    month). Returns the number of rows written."""
    from territoire.etablissements.chiffres import industriels_suivis

    territoire = import_sirene.territoire
    mois = premier_du_mois(timezone.localdate(import_sirene.debut))
    PointSerie.objects.filter(territoire=territoire, source=RELEVE, mois=mois).delete()
    groupes = (
        industriels_suivis(territoire).order_by().values("filiere_id", "zone_id", "commune_id")
        .annotate(n=Count("id"), bas=Sum("emplois_bas"), central=Sum("emplois_central"),
                  haut=Sum("emplois_haut"), millesime=Max("annee_effectifs"))
    )
    points = [
        PointSerie(
            territoire=territoire, mois=mois, source=RELEVE, filiere_id=g["filiere_id"], zone_id=g["zone_id"],
            commune_id=g["commune_id"], etablissements=g["n"], emplois_bas=g["bas"] or 0,
            emplois_central=g["central"] or 0, emplois_haut=g["haut"] or 0, millesime=g["millesime"] or "",
            import_sirene=import_sirene,
        )
        for g in groupes
    ]
    PointSerie.objects.bulk_create(points, batch_size=500)
    return len(points)


# --- reads --------------------------------------------------------------------------------


def _arrondir(ligne: dict) -> dict:
    return {
        "mois": ligne["mois"],
        "etablissements": ligne["etablissements"] or 0,
        "emplois": {"bas": ligne["bas"] or 0, "central": round(ligne["central"] or 0), "haut": ligne["haut"] or 0},
        "millesime": ligne["millesime"] or None,
    }


def serie(territoire, source: str) -> list[dict]:
    """One source's monthly totals, oldest first: mois, etablissements, emplois {bas, central,
    haut}, millesime. One query."""
    lignes = (
        PointSerie.objects.filter(territoire=territoire, source=source).order_by("mois").values("mois")
        .annotate(etablissements=Sum("etablissements"), bas=Sum("emplois_bas"), central=Sum("emplois_central"),
                  haut=Sum("emplois_haut"), millesime=Max("millesime"))
    )
    return [_arrondir(ligne) for ligne in lignes]


def par_dimension(territoire, source: str, dimension: str, mois: list[dt.date]) -> dict:
    """Totals by ``dimension`` (filiere, zone or commune) at the given months: {libellé: {mois:
    {etablissements, emplois}}}. One query."""
    champ = {"filiere": "filiere__libelle", "zone": "zone__nom", "commune": "commune__nom"}[dimension]
    lignes = (
        PointSerie.objects.filter(territoire=territoire, source=source, mois__in=mois).order_by()
        .values("mois", champ)
        .annotate(etablissements=Sum("etablissements"), bas=Sum("emplois_bas"), central=Sum("emplois_central"),
                  haut=Sum("emplois_haut"), millesime=Max("millesime"))
    )
    resultat: dict[str, dict] = defaultdict(dict)
    vide = {"filiere": "Non classé", "zone": "Hors zone", "commune": "Commune inconnue"}[dimension]
    for ligne in lignes:
        resultat[ligne[champ] or vide][ligne["mois"]] = _arrondir(ligne)
    return dict(sorted(resultat.items()))


def series_du_territoire(territoire) -> dict:
    """Both series, their months and the vintage sentence of each: what the page and the key
    figures read (one query: ``serie``'s totals, by source and month)."""
    lignes = (
        PointSerie.objects.filter(territoire=territoire, source__in=(RECONSTITUTION, RELEVE))
        .order_by("source", "mois").values("source", "mois")
        .annotate(etablissements=Sum("etablissements"), bas=Sum("emplois_bas"), central=Sum("emplois_central"),
                  haut=Sum("emplois_haut"), millesime=Max("millesime"))
    )
    par_source: dict[str, list[dict]] = {RECONSTITUTION: [], RELEVE: []}
    for ligne in lignes:
        par_source[ligne["source"]].append(_arrondir(ligne))
    reconstitution, releve = par_source[RECONSTITUTION], par_source[RELEVE]
    return {
        "reconstitution": reconstitution,
        "releve": releve,
        "phrase_reconstitution": phrase_millesime(reconstitution[-1]["millesime"]) if reconstitution else "",
        "phrase_releve": phrase_millesime(releve[-1]["millesime"]) if releve else "",
    }


def reperes(territoire) -> dict:
    """What the key figures read of the two series (the figures of ``series_du_territoire``):
    ``mois``, the months that have a point, oldest first; ``janvier_2019``, the point of January
    2019 (the reconstitution's, else the first relevé of 2019); ``dernier``, the latest point (the
    relevé's when it is the latest month); None when missing. Two queries: the months (read from
    the index), then the sums of those two points only, not of every month."""
    par_source: dict[str, list[dt.date]] = {RECONSTITUTION: [], RELEVE: []}
    for source, mois in (
        PointSerie.objects.filter(territoire=territoire, source__in=(RECONSTITUTION, RELEVE))
        .order_by("source", "mois").values_list("source", "mois").distinct()
    ):
        par_source[source].append(mois)
    reconstitution, releve = par_source[RECONSTITUTION], par_source[RELEVE]
    janvier = None
    if MOIS_DEPART in reconstitution:
        janvier = (RECONSTITUTION, MOIS_DEPART)
    elif (premier := next((m for m in releve if m.year == MOIS_DEPART.year), None)) is not None:
        janvier = (RELEVE, premier)
    dernier = None
    if releve and (not reconstitution or releve[-1] >= reconstitution[-1]):
        dernier = (RELEVE, releve[-1])
    elif reconstitution:
        dernier = (RECONSTITUTION, reconstitution[-1])
    voulus = {janvier, dernier} - {None}
    points = {}
    if voulus:
        lignes = (
            PointSerie.objects.filter(territoire=territoire, source__in={s for s, _ in voulus},
                                      mois__in={m for _, m in voulus})
            .order_by().values("source", "mois")
            .annotate(etablissements=Sum("etablissements"), bas=Sum("emplois_bas"), central=Sum("emplois_central"),
                      haut=Sum("emplois_haut"), millesime=Max("millesime"))
        )
        points = {(ligne["source"], ligne["mois"]): _arrondir(ligne) for ligne in lignes}
    return {
        "mois": sorted(set(reconstitution) | set(releve)),
        "janvier_2019": points.get(janvier),
        "dernier": points.get(dernier),
    }


def point_au(points: list[dict], mois: dt.date) -> dict | None:
    """The point of ``mois`` in a series (list of monthly points), or None."""
    return next((p for p in points if p["mois"] == mois), None)


def comparaison(lignes: dict, mois: list[dt.date]) -> list[tuple[str, list, list]]:
    """Rows of a comparison table: (label, [central jobs per month], [establishments per month])."""
    return [
        (libelle, [valeurs.get(m, {}).get("emplois", {}).get("central") for m in mois],
         [valeurs.get(m, {}).get("etablissements") for m in mois])
        for libelle, valeurs in lignes.items()
    ]
