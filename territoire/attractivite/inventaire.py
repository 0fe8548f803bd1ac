"""The legal inventory's arithmetic: per site, from the census and the plots, never typed.

Pure functions on plain values (`calculer_site`, `totaux`, `differences`); `calculer(sites)`
loads what they need in a constant number of queries.

- establishments: the census's active establishments placed in the site's zone;
- jobs: the range (low, central, high) of their headcount bands, or the figure the team knows,
  with the bands' vintages;
- plots: those to take into account (`terr_utile` not « non »); vacant, built and available
  ones by the classification of `data/classement_terrains.json`; a plot whose value is not
  classified is counted apart and listed, never guessed;
- vacancy rate (`site_taux_vacance`): vacant plots / classified plots × 100, one decimal;
- last update: the latest of the site's and its plots' update dates.
"""

from __future__ import annotations

import datetime as dt
import json
from functools import cache
from pathlib import Path

CLASSEMENT = Path(__file__).parent / "data" / "classement_terrains.json"
CHAMPS_COMPARES = (
    ("etablissements", "établissements"),
    ("emplois_central", "emplois (estimation centrale)"),
    ("terrains", "terrains"),
    ("terrains_vacants", "terrains vacants"),
    ("taux_vacance", "taux de vacance (%)"),
    ("terrains_batis", "terrains bâtis"),
    ("surface_disponible_ha", "surface disponible (ha)"),
)


def normaliser(texte) -> str:
    return " ".join(str(texte or "").casefold().split())


@cache
def classement() -> dict[str, dict[str, str]]:
    """{field: {normalised value: class}}."""
    donnees = json.loads(CLASSEMENT.read_text(encoding="utf-8"))
    return {
        champ: {normaliser(v): classe for classe, valeurs in classes.items() for v in valeurs}
        for champ, classes in donnees.items() if isinstance(classes, dict)
    }


@cache
def _classe(champ: str, valeur: str) -> str | None:
    v = normaliser(valeur)
    if not v:
        return None
    return classement()[champ].get(v, "non_classe")


def classe(champ: str, valeur) -> str | None:
    """The class of a plot's value (None: empty; "non_classe": a value the list does not know)."""
    return _classe(champ, "" if valeur is None else str(valeur))


def etat_terrain(t: dict) -> dict:
    occupation = classe("terr_etat_occup", t.get("terr_etat_occup"))
    usage = classe("terr_usage", t.get("terr_usage"))
    commercialisation = classe("terr_stade_comm", t.get("terr_stade_comm"))
    return {
        "compte": normaliser(t.get("terr_utile")) != "non",
        "vacant": None if occupation in (None, "non_classe") else occupation == "vacant",
        "bati": None if usage in (None, "non_classe") else usage == "bati",
        # On offer: the commercialisation stage says available and it is not known as occupied.
        "disponible": commercialisation == "disponible" and occupation != "occupe",
        "non_classe": [c for c, k in (("terr_etat_occup", occupation), ("terr_usage", usage)) if k in (None, "non_classe")],
    }


def calculer_site(site: dict, terrains: list[dict], etablissements: list[dict]) -> dict:
    """One site's line of the inventory. `site`: site_id, site_nom, pk, site_actu_date;
    `terrains`: the CNIG fields of its plots; `etablissements`: emplois_bas/central/haut,
    effectif_connu, annee_effectifs of its census establishments."""
    bas = central = haut = 0.0
    millesimes = set()
    for e in etablissements:
        if e.get("effectif_connu") is not None:
            n = e["effectif_connu"]
            bas, central, haut = bas + n, central + n, haut + n
        else:
            bas, central, haut = bas + e["emplois_bas"], central + e["emplois_central"], haut + e["emplois_haut"]
            if e.get("annee_effectifs"):
                millesimes.add(e["annee_effectifs"])
    comptes = vacants = batis = disponibles = 0
    classes = 0
    surface = 0.0
    a_qualifier = []
    dates = [site.get("site_actu_date")]
    for t in terrains:
        etat = etat_terrain(t)
        dates.append(t.get("terr_actu_date"))
        if not etat["compte"]:
            continue
        comptes += 1
        if etat["vacant"] is not None:
            classes += 1
            vacants += etat["vacant"]
        batis += bool(etat["bati"])
        if etat["non_classe"]:
            a_qualifier.append({"terr_id": t["terr_id"], "champs": etat["non_classe"]})
        if etat["disponible"]:
            disponibles += 1
            surface += t.get("terr_surf_brute") or 0
    dates = [d for d in dates if d]
    return {
        "pk": site.get("pk"),
        "site_id": site["site_id"],
        "site_nom": site["site_nom"],
        "etablissements": len(etablissements),
        "emplois_bas": round(bas),
        "emplois_central": round(central),
        "emplois_haut": round(haut),
        "millesimes": sorted(millesimes),
        "terrains": comptes,
        "terrains_vacants": vacants,
        "terrains_classes": classes,
        "taux_vacance": round(100 * vacants / classes, 1) if classes else None,
        "terrains_batis": batis,
        "terrains_disponibles": disponibles,
        "surface_disponible_ha": round(surface, 2),
        "a_qualifier": a_qualifier,
        "mise_a_jour": max(dates).isoformat() if dates else None,
    }


def totaux(lignes: list[dict]) -> dict:
    somme = {k: sum(x[k] for x in lignes) for k in (
        "etablissements", "emplois_bas", "emplois_central", "emplois_haut", "terrains", "terrains_vacants",
        "terrains_classes", "terrains_batis", "terrains_disponibles",
    )}
    somme["surface_disponible_ha"] = round(sum(x["surface_disponible_ha"] for x in lignes), 2)
    somme["sites"] = len(lignes)
    somme["taux_vacance"] = round(100 * somme["terrains_vacants"] / somme["terrains_classes"], 1) if somme["terrains_classes"] else None
    somme["millesimes"] = sorted({m for x in lignes for m in x["millesimes"]})
    somme["a_qualifier"] = sum(len(x["a_qualifier"]) for x in lignes)
    return somme


def champs_cnig(ligne: dict) -> dict:
    """The standard's counting fields of a site, from its inventory line."""
    return {
        "site_uf_nbre": float(ligne["terrains"]),
        "site_uf_vacant_nbre": float(ligne["terrains_vacants"]),
        "site_taux_vacance": ligne["taux_vacance"],
        "site_uf_bati_nbre": float(ligne["terrains_batis"]),
        "site_nb_etab": float(ligne["etablissements"]),
        "site_nb_emploi": float(ligne["emplois_central"]),
    }


def differences(avant: list[dict] | None, apres: list[dict]) -> dict:
    """What changed since the previous inventory: sites added and removed, figures changed."""
    if avant is None:
        return {"premier": True, "ajoutes": [], "retires": [], "changes": []}
    a = {x["site_id"]: x for x in avant}
    b = {x["site_id"]: x for x in apres}
    changes = []
    for site_id in sorted(set(a) & set(b)):
        champs = [
            {"champ": cle, "libelle": libelle, "avant": a[site_id].get(cle), "apres": b[site_id].get(cle)}
            for cle, libelle in CHAMPS_COMPARES if a[site_id].get(cle) != b[site_id].get(cle)
        ]
        if champs:
            changes.append({"site_id": site_id, "site_nom": b[site_id]["site_nom"], "champs": champs})
    return {
        "premier": False,
        "ajoutes": [b[s]["site_nom"] for s in sorted(set(b) - set(a))],
        "retires": [a[s]["site_nom"] for s in sorted(set(a) - set(b))],
        "changes": changes,
    }


def echeance(derniere: dt.date | None, aujourdhui: dt.date) -> dict:
    """The six-year deadline: when the next inventory is due, and how far away it is."""
    from .models.inventaires import PERIODICITE_ANS, ajouter_ans

    if derniere is None:
        return {"date": None, "jours": None, "depassee": True, "premier": True}
    date = ajouter_ans(derniere, PERIODICITE_ANS)
    return {"date": date, "jours": (date - aujourdhui).days, "depassee": date < aujourdhui, "premier": False}


# --------------------------------------------------------------------------- loading


def sites_a_inventorier(territoire):
    from .models import SiteEconomique

    return SiteEconomique.objects.filter(territoire=territoire).order_by("site_nom", "pk")


CHAMPS_TERRAIN = ("terr_id", "terr_utile", "terr_etat_occup", "terr_usage", "terr_stade_comm", "terr_surf_brute",
                  "terr_actu_date")


def calculer(sites) -> list[dict]:
    """The inventory lines of `sites` (three queries, whatever their number)."""
    from territoire.etablissements.models import Etablissement

    from .models import TerrainEconomique

    sites = list(sites)
    ids = [s.pk for s in sites]
    terrains: dict[int, list[dict]] = {}
    for t in TerrainEconomique.objects.filter(site_id__in=ids).values("site_id", *CHAMPS_TERRAIN):
        terrains.setdefault(t["site_id"], []).append(t)
    etabs: dict[int, list[dict]] = {}
    zones = {s.zone_id: s.pk for s in sites if s.zone_id}
    for e in Etablissement.objects.filter(zone_id__in=list(zones), etat="A").values(
        "zone_id", "emplois_bas", "emplois_central", "emplois_haut", "effectif_connu", "annee_effectifs"
    ):
        etabs.setdefault(zones[e["zone_id"]], []).append(e)
    return [
        calculer_site({"pk": s.pk, "site_id": s.site_id, "site_nom": s.site_nom, "site_actu_date": s.site_actu_date},
                      terrains.get(s.pk, []), etabs.get(s.pk, []))
        for s in sites
    ]
