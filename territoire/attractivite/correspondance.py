"""Matching a prospect's needs with plots and premises, criterion by criterion.

Pure functions on plain dicts (the values the queries load): each criterion the prospect states
gives "oui", "non" or "inconnu" (the offer does not say: to check, never counted as met), with
what was compared. An offer that fails one criterion is not proposed; the others are ranked by
the number of criteria met.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

OUI, NON, INCONNU = "oui", "non", "inconnu"

# Site fields of the standard that a prospect may require (reseau_* and the like).
RESEAUX = {
    "reseau_eau_potable": "eau potable",
    "reseau_eau_pluviale": "eau pluviale",
    "reseau_assainissement": "assainissement",
    "reseau_gaz": "gaz",
    "reseau_electrique": "électricité",
    "reseau_fibre_optique": "fibre optique",
    "desserte_tc": "transports en commun",
}
# A vocation sought → the site's "présence d'activité" flag that also answers it.
DRAPEAUX_VOCATION = {
    "industrielle": "site_voca_industrielle",
    "commerciale": "site_voca_commerciale",
    "tertiaire": "site_voca_tertiaire",
    "artisanale": "site_voca_artisanale",
    "touristique": "site_voca_touristique",
    "portuaire": "site_voca_portuaire",
    "aéroportuaire, aéronautique": "site_voca_aeroportuaire",
}
# Site fields read for matching (loaded with each plot or premises).
CHAMPS_SITE = (
    "site_vocadomi", *DRAPEAUX_VOCATION.values(), *RESEAUX, "reseau_fret_ferroviaire", "reseau_fluvial",
    "autoroute_echang_dist", "autoroute_nom", "gare_fret_dist", "gare_fret_nom",
)


@dataclass(frozen=True)
class Critere:
    code: str
    libelle: str
    resultat: str
    detail: str

    def as_dict(self) -> dict:
        return asdict(self)


def _drapeau(valeur) -> str:
    v = (valeur or "").strip().lower()
    return OUI if v == "oui" else NON if v == "non" else INCONNU


def _nombre(v):
    return None if v is None or v == "" else float(v)


def _km(v) -> str:
    return f"{float(v):g} km".replace(".", ",")


def criteres_site(besoin: dict, site: dict) -> list[Critere]:
    """Criteria a site answers for any offer on it: vocation, networks, rail, water, distances."""
    c: list[Critere] = []
    vocation = (besoin.get("vocation") or "").strip()
    if vocation:
        dominante = (site.get("site_vocadomi") or "").strip()
        drapeau = _drapeau(site.get(DRAPEAUX_VOCATION.get(vocation, ""), "")) if vocation in DRAPEAUX_VOCATION else INCONNU
        if dominante == vocation or drapeau == OUI:
            r = OUI
        elif not dominante and drapeau == INCONNU:
            r = INCONNU
        else:
            r = NON
        c.append(Critere("vocation", f"Vocation {vocation}", r, f"site : {dominante or 'vocation non renseignée'}"))
    if besoin.get("acces_ferre"):
        r = _drapeau(site.get("reseau_fret_ferroviaire"))
        c.append(Critere("fer", "Embranchement ferré (ITE)", r,
                         {OUI: "ITE présente", NON: "pas d'ITE", INCONNU: "non renseigné"}[r]))
    if besoin.get("acces_fluvial"):
        r = _drapeau(site.get("reseau_fluvial"))
        c.append(Critere("fluvial", "Quai fluvial", r, {OUI: "présent", NON: "absent", INCONNU: "non renseigné"}[r]))
    for champ in besoin.get("reseaux") or ():
        if champ in RESEAUX:
            r = _drapeau(site.get(champ))
            c.append(Critere(champ, f"Réseau : {RESEAUX[champ]}", r,
                             {OUI: "présent", NON: "absent", INCONNU: "non renseigné"}[r]))
    for code, besoin_cle, champ, nom_champ, libelle in (
        ("autoroute", "distance_autoroute_max_km", "autoroute_echang_dist", "autoroute_nom", "Échangeur autoroutier"),
        ("gare_fret", "distance_gare_fret_max_km", "gare_fret_dist", "gare_fret_nom", "Gare de fret"),
    ):
        maximum = _nombre(besoin.get(besoin_cle))
        if maximum is None:
            continue
        distance = _nombre(site.get(champ))
        nom = site.get(nom_champ) or ""
        if distance is None:
            c.append(Critere(code, f"{libelle} à {_km(maximum)} au plus", INCONNU, "distance non renseignée"))
        else:
            c.append(Critere(code, f"{libelle} à {_km(maximum)} au plus", OUI if distance <= maximum else NON,
                             f"{_km(distance)}{f' ({nom})' if nom else ''}"))
    return c


def _disponibilite(disponible: bool, libelle_etat: str, disponible_le, avant) -> Critere:
    if not disponible:
        return Critere("disponibilite", "Disponible", NON, libelle_etat)
    if avant and disponible_le and disponible_le > avant:
        return Critere("disponibilite", f"Disponible avant le {avant:%d/%m/%Y}", NON,
                       f"disponible le {disponible_le:%d/%m/%Y}")
    detail = f"disponible le {disponible_le:%d/%m/%Y}" if disponible_le else "disponible"
    return Critere("disponibilite", f"Disponible avant le {avant:%d/%m/%Y}" if avant else "Disponible", OUI, detail)


def _site(offre: dict) -> dict:
    """The site fields of an offer: its shared `site` dict, or its own keys (CHAMPS_SITE)."""
    site = offre.get("site")
    return offre if site is None else site


def criteres_terrain(besoin: dict, terrain: dict, du_site: list[Critere] | None = None) -> list[Critere]:
    """`terrain`: terr_surf_brute (ha), disponible (bool), stade (text), disponible_le, and the
    site's fields (CHAMPS_SITE, or a shared `site` dict). `du_site`: the site's criteria when
    already computed (they are the same for every plot of a site)."""
    site = _site(terrain)
    c: list[Critere] = []
    surface = _nombre(besoin.get("surface_terrain_ha"))
    if surface is not None:
        offre = _nombre(terrain.get("terr_surf_brute"))
        r = INCONNU if offre is None else OUI if offre >= surface else NON
        c.append(Critere("surface", f"Au moins {surface:g} ha".replace(".", ","), r,
                         "surface non renseignée" if offre is None else f"{offre:g} ha".replace(".", ",")))
    if besoin.get("puissance_kva"):
        reseau = _drapeau(site.get("reseau_electrique"))
        c.append(Critere("puissance", f"Puissance de {besoin['puissance_kva']} kVA", NON if reseau == NON else INCONNU,
                         "pas de réseau électrique" if reseau == NON else "réseau électrique présent, puissance à vérifier"
                         if reseau == OUI else "non renseigné"))
    c.append(_disponibilite(terrain.get("disponible", False), terrain.get("stade") or "non commercialisé",
                            terrain.get("disponible_le"), besoin.get("implantation_souhaitee")))
    return c + (criteres_site(besoin, site) if du_site is None else du_site)


def criteres_local(besoin: dict, local: dict, du_site: list[Critere] | None = None) -> list[Critere]:
    """`local`: surface_m2, surface_terrain_m2, puissance_kva, statut, disponible_le, and the
    site's fields when it stands on a site."""
    c: list[Critere] = []
    batie = besoin.get("surface_batie_m2")
    if batie:
        offre = local.get("surface_m2")
        c.append(Critere("surface_batie", f"Au moins {batie} m² bâtis", OUI if offre and offre >= batie else NON,
                         f"{offre} m²" if offre else "non renseignée"))
    surface = _nombre(besoin.get("surface_terrain_ha"))
    if surface is not None:
        offre = local.get("surface_terrain_m2")
        r = INCONNU if offre is None else OUI if offre / 10_000 >= surface else NON
        c.append(Critere("surface", f"Au moins {surface:g} ha de terrain".replace(".", ","), r,
                         "non renseignée" if offre is None else f"{offre / 10_000:g} ha".replace(".", ",")))
    if besoin.get("puissance_kva"):
        offre = local.get("puissance_kva")
        r = INCONNU if offre is None else OUI if offre >= besoin["puissance_kva"] else NON
        c.append(Critere("puissance", f"Puissance de {besoin['puissance_kva']} kVA", r,
                         "non renseignée" if offre is None else f"{offre} kVA"))
    statut = local.get("statut")
    c.append(_disponibilite(statut == "disponible", local.get("statut_libelle") or statut or "",
                            local.get("disponible_le"), besoin.get("implantation_souhaitee")))
    # Off the sites, the site's fields are absent: those criteria read "inconnu", to check.
    return c + (criteres_site(besoin, _site(local)) if du_site is None else du_site)


def note(criteres: list[Critere]) -> tuple[bool, int, int]:
    """(fails none, criteria met, criteria unknown)."""
    return (all(c.resultat != NON for c in criteres), sum(c.resultat == OUI for c in criteres),
            sum(c.resultat == INCONNU for c in criteres))


def seuils(besoin: dict) -> tuple:
    """The needs `echoue` compares, read once per prospect."""
    return (besoin.get("implantation_souhaitee"), _nombre(besoin.get("surface_terrain_ha")), besoin.get("puissance_kva"),
            besoin.get("surface_batie_m2"))


def echoue(genre: str, s: tuple, offre: dict, site_echoue: bool) -> bool:
    """Whether an offer fails a criterion, without writing the criteria: the same conditions as
    the criteria's "non" (a property test holds them equal), so that the offers the prospect
    cannot take cost a few comparisons only. `s` is `seuils(besoin)`."""
    avant, surface, puissance, batie = s
    if site_echoue or (avant and offre["disponible_le"] and offre["disponible_le"] > avant):
        return True
    if genre == "terrain":
        if not offre["disponible"]:
            return True
        offre_ha = offre["terr_surf_brute"]
        if surface is not None and offre_ha is not None and offre_ha < surface:
            return True
        return bool(puissance) and _drapeau(_site(offre).get("reseau_electrique")) == NON
    if offre["statut"] != "disponible":
        return True
    if batie and not (offre["surface_m2"] and offre["surface_m2"] >= batie):
        return True
    terrain_m2 = offre["surface_terrain_m2"]
    if surface is not None and terrain_m2 is not None and terrain_m2 / 10_000 < surface:
        return True
    kva = offre["puissance_kva"]
    return bool(puissance) and kva is not None and kva < puissance


def classer(besoin: dict, terrains: list[dict], locaux: list[dict], tout: bool = False) -> list[dict]:
    """Offers with their criteria, best first: those failing no criterion (all of them with
    `tout`), then by criteria met, then by fewest unknown."""
    resultats = []
    par_site: dict[int, list[Critere]] = {}  # a site's criteria, computed once for all its offers
    echec_site: dict[int, bool] = {}
    limites = seuils(besoin)
    for genre, offres, fonction in (("terrain", terrains, criteres_terrain), ("local", locaux, criteres_local)):
        for offre in offres:
            site = _site(offre)
            if not tout:
                cle = id(site)
                if cle not in echec_site:
                    echec_site[cle] = any(c.resultat == NON for c in criteres_site(besoin, site))
                if echoue(genre, limites, offre, echec_site[cle] if site is not offre else
                          any(c.resultat == NON for c in criteres_site(besoin, site))):
                    continue
            du_site = par_site.get(id(site)) if site is not offre else None
            if du_site is None:
                du_site = criteres_site(besoin, site)
                if site is not offre:
                    par_site[id(site)] = du_site
            criteres = fonction(besoin, offre, du_site)
            passe, oui, inconnus = note(criteres)
            if passe or tout:
                resultats.append({"genre": genre, "offre": offre, "criteres": criteres, "passe": passe,
                                  "oui": oui, "inconnus": inconnus})
    resultats.sort(key=lambda r: (not r["passe"], -r["oui"], r["inconnus"]))
    return resultats


def besoin_de(prospect) -> dict:
    return {
        "surface_terrain_ha": prospect.surface_terrain_ha,
        "surface_batie_m2": prospect.surface_batie_m2,
        "puissance_kva": prospect.puissance_kva,
        "acces_ferre": prospect.acces_ferre,
        "acces_fluvial": prospect.acces_fluvial,
        "vocation": prospect.vocation,
        "distance_autoroute_max_km": prospect.distance_autoroute_max_km,
        "distance_gare_fret_max_km": prospect.distance_gare_fret_max_km,
        "reseaux": list(prospect.reseaux or ()),
        "implantation_souhaitee": prospect.implantation_souhaitee,
    }

