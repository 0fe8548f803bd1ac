"""The offer of plots and premises, as plain dicts: for matching a prospect and for the public
search. A constant number of queries whatever the number of offers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from . import correspondance, inventaire

CHAMPS_TERRAIN = ("pk", "terr_id", "terr_surf_brute", "terr_stade_comm", "terr_etat_occup", "terr_m2_prix",
                  "terr_cle_en_main", "disponible_le", "longitude", "latitude", "public", "site_id")
CHAMPS_LOCAL = ("pk", "nom", "type", "transaction", "surface_m2", "surface_terrain_m2", "puissance_kva", "statut",
                "disponible_le", "hauteur_m", "quais", "prix_vente", "loyer_annuel", "longitude", "latitude",
                "public", "site_id", "commune__nom")


def _sans_prefixe(ligne: dict) -> dict:
    return {k.removeprefix("site__"): v for k, v in ligne.items()}


def terrain_disponible(ligne: dict) -> bool:
    """On offer (the inventory's definition): commercialisation stage available, not occupied."""
    return inventaire.etat_terrain(ligne)["disponible"]


def charger_terrains(qs) -> list[dict]:
    champs_site = [f"site__{c}" for c in correspondance.CHAMPS_SITE]
    lignes = []
    for ligne in qs.values(*CHAMPS_TERRAIN, "site__site_nom", "site__site_comm_nom", *champs_site):
        d = _sans_prefixe(ligne)
        d["disponible"] = terrain_disponible(d)
        d["stade"] = d.get("terr_stade_comm") or ""
        lignes.append(d)
    return lignes


def charger_locaux(qs) -> list[dict]:
    from .models import Local

    champs_site = [f"site__{c}" for c in correspondance.CHAMPS_SITE]
    libelles = dict(Local.Statut.choices)
    types = dict(Local.Type.choices)
    lignes = []
    for ligne in qs.values(*CHAMPS_LOCAL, "site__site_nom", *champs_site):
        d = _sans_prefixe(ligne)
        d["statut_libelle"] = libelles.get(d["statut"], d["statut"])
        d["type_libelle"] = types.get(d["type"], d["type"])
        lignes.append(d)
    return lignes


SANS_SITE: dict = {}


def _sans_echec(qs_t, qs_l, besoin: dict, sites: dict):
    """The SQL form of `correspondance.echoue`: leave in the database the offers that fail a
    criterion (a site that fails one, a plot too small or not on offer, premises taken…), so
    that only the others are read. A test holds both forms equal on real rows."""
    from django.db.models import Q

    avant, surface, puissance, batie = correspondance.seuils(besoin)
    echecs = [pk for pk, site in sites.items()
              if any(c.resultat == correspondance.NON for c in correspondance.criteres_site(besoin, site))]
    sans_site_echoue = any(c.resultat == correspondance.NON for c in correspondance.criteres_site(besoin, SANS_SITE))
    if avant:
        date = Q(disponible_le__isnull=True) | Q(disponible_le__lte=avant)
        qs_t, qs_l = qs_t.filter(date), qs_l.filter(date)
    # A plot is on offer by the classification of its values (inventaire.py): the values held by
    # the territory's plots are read once and classified here, the others left in the database.
    valeurs = set(qs_t.values_list("terr_stade_comm", "terr_etat_occup").distinct().order_by())
    en_vente = [(stade, occ) for stade, occ in valeurs if inventaire.classe("terr_stade_comm", stade) == "disponible"
                and inventaire.classe("terr_etat_occup", occ) != "occupe"]
    offre = Q(pk__in=[])
    for stade, occ in en_vente:
        offre |= Q(terr_stade_comm=stade, terr_etat_occup=occ)
    qs_t = qs_t.filter(offre).exclude(site_id__in=echecs)
    if surface is not None:
        qs_t = qs_t.filter(Q(terr_surf_brute__isnull=True) | Q(terr_surf_brute__gte=surface))
    if puissance:
        qs_t = qs_t.exclude(site_id__in=[pk for pk, site in sites.items()
                                         if correspondance._drapeau(site.get("reseau_electrique")) == correspondance.NON])
    qs_l = qs_l.filter(statut="disponible").exclude(site_id__in=echecs)
    if sans_site_echoue:
        qs_l = qs_l.exclude(site_id__isnull=True)
    if batie:
        qs_l = qs_l.filter(surface_m2__gte=batie)
    if surface is not None:
        qs_l = qs_l.filter(Q(surface_terrain_m2__isnull=True) | Q(surface_terrain_m2__gte=surface * 10_000))
    if puissance:
        qs_l = qs_l.filter(Q(puissance_kva__isnull=True) | Q(puissance_kva__gte=puissance))
    return qs_t, qs_l


def offres_pour_correspondance(territoire, *, terrains=None, locaux=None, besoin: dict | None = None
                               ) -> tuple[list[dict], list[dict]]:
    """The plots and premises of the territory (or those of the given ids), for matching: the
    sites' fields are read once per site and shared by its offers (`site`). With `besoin`, the
    offers that fail one of its criteria stay in the database (`_sans_echec`)."""
    from .models import Local, SiteEconomique, TerrainEconomique

    sites = {s["pk"]: s for s in SiteEconomique.objects.filter(territoire=territoire)
             .values("pk", "site_nom", *correspondance.CHAMPS_SITE)}
    qs_t = TerrainEconomique.objects.filter(site__territoire=territoire)
    qs_l = Local.objects.filter(territoire=territoire)
    if terrains is not None:
        qs_t = qs_t.filter(pk__in=terrains)
    if locaux is not None:
        qs_l = qs_l.filter(pk__in=locaux)
    if besoin is not None:
        qs_t, qs_l = _sans_echec(qs_t, qs_l, besoin, sites)
    liste_t = []
    for pk, terr_id, surface, stade, occupation, disponible_le, site_id in qs_t.values_list(
            "pk", "terr_id", "terr_surf_brute", "terr_stade_comm", "terr_etat_occup", "disponible_le", "site_id"):
        site = sites[site_id]
        liste_t.append({
            "pk": pk, "terr_id": terr_id, "terr_surf_brute": surface, "stade": stade or "", "site": site,
            "site_nom": site["site_nom"], "disponible_le": disponible_le,
            "disponible": (inventaire.classe("terr_stade_comm", stade) == "disponible"
                           and inventaire.classe("terr_etat_occup", occupation) != "occupe"),
        })
    libelles = dict(_statuts())
    liste_l = []
    for pk, nom, surface, terrain_m2, puissance, statut, disponible_le, site_id in qs_l.values_list(
            "pk", "nom", "surface_m2", "surface_terrain_m2", "puissance_kva", "statut", "disponible_le", "site_id"):
        site = sites.get(site_id, SANS_SITE)
        liste_l.append({
            "pk": pk, "nom": nom, "surface_m2": surface, "surface_terrain_m2": terrain_m2, "puissance_kva": puissance,
            "statut": statut, "statut_libelle": libelles.get(statut, statut), "disponible_le": disponible_le,
            "site": site, "site_nom": site.get("site_nom", ""),
        })
    return liste_t, liste_l


def _statuts():
    from .models import Local

    return Local.Statut.choices


def correspondances(prospect, tout: bool = False) -> list[dict]:
    """The plots and premises that fit a prospect, each with its criteria (four queries, or
    three with `tout`, whatever the number of offers); `tout` keeps those that fail too."""
    besoin = correspondance.besoin_de(prospect)
    terrains, locaux = offres_pour_correspondance(prospect.territoire, besoin=None if tout else besoin)
    return correspondance.classer(besoin, terrains, locaux, tout=tout)


# --------------------------------------------------------------------------- public search


@dataclass
class Filtres:
    genre: str = ""  # "", "terrain" or "local"
    surface_min_ha: float | None = None
    surface_min_m2: int | None = None
    vocation: str = ""
    reseaux: list[str] = field(default_factory=list)
    disponible_avant: dt.date | None = None


def rechercher(territoire, filtres: Filtres) -> list[dict]:
    """What the public may see of the offer, filtered: public plots of public sites still on
    offer, public premises not taken (two queries)."""
    from .models import Local, TerrainEconomique

    resultats = []
    if filtres.genre in ("", "terrain"):
        for t in charger_terrains(TerrainEconomique.objects.filter(site__territoire=territoire).publics()):
            if not t["disponible"]:
                continue
            if filtres.surface_min_ha is not None and (t["terr_surf_brute"] or 0) < filtres.surface_min_ha:
                continue
            resultats.append({"genre": "terrain", **t, "surface_ha": t["terr_surf_brute"],
                              "lieu": f"{t['site_nom']} ({t['site_comm_nom']})"})
    if filtres.genre in ("", "local"):
        for x in charger_locaux(Local.objects.filter(territoire=territoire).publics()):
            if filtres.surface_min_m2 is not None and x["surface_m2"] < filtres.surface_min_m2:
                continue
            if filtres.surface_min_ha is not None and filtres.genre == "local" and (
                    (x["surface_terrain_m2"] or 0) / 10_000 < filtres.surface_min_ha):
                continue
            resultats.append({"genre": "local", **x, "lieu": x.get("site_nom") or x["commune__nom"]})
    garde = []
    for r in resultats:
        if filtres.vocation and r.get("site_vocadomi") != filtres.vocation and correspondance._drapeau(
                r.get(correspondance.DRAPEAUX_VOCATION.get(filtres.vocation, ""), "")) != "oui":
            continue
        if any(correspondance._drapeau(r.get(c)) != "oui" for c in filtres.reseaux):
            continue
        if filtres.disponible_avant and r.get("disponible_le") and r["disponible_le"] > filtres.disponible_avant:
            continue
        garde.append(r)
    garde.sort(key=lambda r: (r["genre"], r.get("site_nom") or "", r.get("terr_id") or r.get("nom") or ""))
    return garde
