"""Writes on sites: the registry zone behind each site, establishments from the census, inventories."""

from __future__ import annotations

import datetime as dt
import json

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from territoire.referentiel import geo

from .. import cnig, inventaire, zones


def _slug_libre(territoire, nom: str) -> str:
    from territoire.referentiel.models import ZoneActivite

    base = slugify(nom)[:70] or "site"
    pris = set(ZoneActivite.objects.filter(territoire=territoire, slug__startswith=base).values_list("slug", flat=True))
    slug, n = base, 2
    while slug in pris:
        slug, n = f"{base}-{n}", n + 1
    return slug


def _communes_touchees(territoire, geom) -> list:
    from shapely.strtree import STRtree

    communes = [c for c in territoire.communes.all() if c.contour]
    if not communes:
        return []
    arbre = STRtree([c.geometrie for c in communes])
    return [communes[i] for i in arbre.query(geom, predicate="intersects")]


def synchroniser_zone(site, source: str = "") -> bool:
    """Create or update the registry zone behind `site` from its CNIG geometry (the census
    places establishments in zones). True when the zone's outline changed."""
    from territoire.referentiel.models import ZoneActivite

    site.__dict__.pop("geometrie_wgs84", None)
    geom = site.geometrie_wgs84
    if geom is None:
        return False
    contour = json.dumps(geo.arrondir(geom, 6), separators=(",", ":"))
    zone = site.zone
    cree = zone is None
    if cree:
        zone = ZoneActivite(
            territoire=site.territoire, slug=_slug_libre(site.territoire, site.site_nom),
            type=zones.type_zone(site.site_vocadomi), contour_illustratif=site.illustratif,
        )
    change = cree or zone.contour != contour
    zone.nom = (site.site_nom or site.site_id)[:200]
    zone.contour = contour
    zone.gestionnaire = (site.site_moa_nom or zone.gestionnaire)[:200]
    zone.surface_ha = round(site.site_surf_brute, 1) if site.site_surf_brute is not None else round(geo.surface_ha(geom), 1)
    if source and (cree or not zone.source):
        zone.source = source[:300]
    zone._site_cnig_en_cours = True
    zone.save()
    if change:
        zone.communes.set(_communes_touchees(site.territoire, geom))
    if cree:
        site.zone = zone
        site.save(update_fields=["zone"])
    return change


def site_depuis_zone(zone):
    """The site of a registry zone created outside the inventory (`territoire zones`, the demo)."""
    from ..models import SiteEconomique

    communes = [
        {"code": c.code_insee, "nom": c.nom, "contour": c.contour,
         "epci_siren": c.epci.siren if c.epci_id else "", "epci_nom": c.epci.nom if c.epci_id else ""}
        for c in zone.communes.select_related("epci")
    ]
    valeurs = zones.valeurs_site(
        pk=zone.pk, nom=zone.nom, type_=zone.type, contour=zone.contour, gestionnaire=zone.gestionnaire,
        surface_ha=zone.surface_ha, communes=communes, aujourdhui=timezone.localdate(),
    )
    return SiteEconomique.objects.create(territoire=zone.territoire, zone=zone, illustratif=zone.contour_illustratif,
                                         **valeurs)


def completer_site_depuis_zone(zone) -> None:
    """Give the site of a zone the main commune and EPCI it lacked (see signaux.py); a site
    the team or an import already filled is left as it is."""
    from ..models import SiteEconomique

    site = SiteEconomique.objects.filter(zone=zone, site_comm_insee="").first()
    if site is None:
        return
    communes = [
        {"code": c.code_insee, "nom": c.nom, "contour": c.contour,
         "epci_siren": c.epci.siren if c.epci_id else "", "epci_nom": c.epci.nom if c.epci_id else ""}
        for c in zone.communes.select_related("epci")
    ]
    valeurs = zones.valeurs_site(pk=zone.pk, nom=zone.nom, type_=zone.type, contour=zone.contour,
                                 gestionnaire=zone.gestionnaire, surface_ha=zone.surface_ha, communes=communes,
                                 aujourdhui=site.site_identif_date or timezone.localdate())
    champs = ["site_comm_insee", "site_comm_nom", "site_epci_siren", "site_epci_nom"]
    if site.site_id.startswith("00000_") and not SiteEconomique.objects.filter(
            territoire=site.territoire, site_id=valeurs["site_id"]).exists():
        champs.append("site_id")
    for k in champs:
        setattr(site, k, valeurs[k])
    site.save(update_fields=champs)


def replacer_etablissements(territoire) -> int:
    """Place the census's establishments again in the zones, by the census's own rule, after
    zones changed outline (number of establishments whose zone changed)."""
    from territoire.etablissements.importer.actions import charger_contexte
    from territoire.etablissements.models import Etablissement

    contexte = charger_contexte(territoire)
    lignes = list(
        Etablissement.objects.filter(commune__territoires=territoire)
        .values_list("pk", "code_commune", "longitude", "latitude", "statut_diffusion", "zone_id", "localisation")
    )
    if not lignes:
        return 0
    places = contexte.zonage.placer(
        [x[1] for x in lignes], [x[2] for x in lignes], [x[3] for x in lignes], [x[4] != "P" for x in lignes]
    )
    changes = [
        Etablissement(pk=x[0], zone_id=zone, localisation=localisation)
        for x, (zone, localisation) in zip(lignes, places, strict=True)
        if (zone, localisation) != (x[5], x[6])
    ]
    Etablissement.objects.bulk_update(changes, ["zone", "localisation"], batch_size=1000)
    return len(changes)


# --------------------------------------------------------------------------- establishments


@transaction.atomic
def remplir_etablissements(site, aujourdhui: dt.date | None = None) -> dict:
    """Fill the standard's `etablissement` class of a site from the census: the active
    establishments the census places in the site's zone, with their plot (point in plot).

    The class requires a position, a plot, a legal nature, a creation date and a headcount
    band with its vintage: an establishment the census does not locate (non-diffusible, no
    coordinates) or whose band has no vintage cannot enter it without inventing a value. It
    is still counted in the site's figures; {"repris": n, "ecartes": {missing fields: n}}
    says how many were left out and why."""
    from shapely.geometry import Point

    from territoire.etablissements import naf, tranches
    from territoire.etablissements.models import Etablissement

    from ..models import EtablissementEconomique

    aujourdhui = aujourdhui or timezone.localdate()
    bilan = {"repris": 0, "ecartes": {}}
    if site.zone_id is None:
        return bilan
    requis = [cnig.attribut(c.nom) for c in cnig.schema_site("etablissement").champs if c.requis]
    recenses = list(
        Etablissement.objects.filter(zone_id=site.zone_id, etat="A").select_related("unite_legale", "commune__epci")
    )
    terrains = [(t, t.geometrie_wgs84) for t in site.terrains.all()]
    existants = {e.siret: e for e in EtablissementEconomique.objects.filter(territoire=site.territoire)}
    for e in recenses:
        point = Point(e.longitude, e.latitude) if e.longitude is not None and e.diffusible else None
        sur = [t for t, g in terrains if point is not None and g is not None and g.intersects(point)]
        ul = e.unite_legale
        commune = e.commune
        cnig_etab = existants.get(e.siret) or EtablissementEconomique(territoire=site.territoire, etab_identif_date=aujourdhui)
        cnig_etab.site = site
        cnig_etab.etablissement = e
        valeurs = {
            "siret": e.siret, "siren": e.siren,
            "terr_id": "|".join(t.terr_id for t in sur),
            "etab_adresse": e.adresse() if e.diffusible else "",
            "etab_raison_sociale": ul.nom_affiche(public=False) if ul else f"SIREN {e.siren}",
            "etab_nat_juridique": ul.categorie_juridique if ul else "",
            "etab_nom": e.nom_affiche(public=False),
            "epci_nom": commune.epci.nom if commune and commune.epci_id else "",
            "epci_siren": commune.epci.siren if commune and commune.epci_id else "",
            "comm_nom": commune.nom if commune else e.libelle_commune,
            "comm_insee": e.code_commune,
            "etab_siege": "oui" if e.siege else "non",
            "etab_creation_date": e.date_creation,
            "etab_actu_date": aujourdhui,
            "etab_actif": "oui",
            "etab_activite_code": e.naf.replace(".", ""),
            "etab_activite_libelle": naf.libelle(e.naf),
            "etab_effectif_code": e.tranche_effectifs,
            "etab_effectif_libelle": tranches.libelle(e.tranche_effectifs),
            "etab_effectif_annee": int(e.annee_effectifs) if e.annee_effectifs.isdigit() else None,
            "etab_source_info": "Recensement SIRENE (INSEE)" + (" — établissement fictif de démonstration" if e.fictif else ""),
            "geocodage_qualite": "coordonnées SIRENE" if point is not None else "commune (non localisé)",
            "etab_geompoint": _point_l93(e) if point is not None else "",
        }
        for k, v in valeurs.items():
            # Stripped as the importer strips a cell (some NAF labels end with a space): the
            # exported value reads back identical.
            setattr(cnig_etab, k, " ".join(v.split()) if isinstance(v, str) and k != "etab_geompoint" else v)
        manquants = [k for k in requis if getattr(cnig_etab, k) in ("", None)]
        if manquants:
            cle = ", ".join(manquants)
            bilan["ecartes"][cle] = bilan["ecartes"].get(cle, 0) + 1
            if cnig_etab.pk:
                cnig_etab.delete()
            continue
        cnig_etab.save()
        cnig_etab.terrains.set(sur)
        bilan["repris"] += 1
    return bilan


def _point_l93(e) -> str:
    from shapely.geometry import MultiPoint, Point

    from ..geometrie import arrondir, lambert93

    return json.dumps(arrondir(MultiPoint([lambert93(Point(e.longitude, e.latitude))]), 2), separators=(",", ":"))


# --------------------------------------------------------------------------- inventories


@transaction.atomic
def etablir_inventaire(territoire, *, auteur=None, date: dt.date | None = None, note: str = ""):
    """Establish the legal inventory on `date`: compute each site's figures from the census and
    the plots, freeze them, and write the standard's counting fields of each site."""
    from territoire.reseau.actions import enregistrer_historique

    from ..models import Inventaire

    date = date or timezone.localdate()
    sites = list(inventaire.sites_a_inventorier(territoire))
    lignes = inventaire.calculer(sites)
    for site, ligne in zip(sites, lignes, strict=True):
        champs = inventaire.champs_cnig(ligne)
        avant = {k: getattr(site, k) for k in champs}
        for k, v in champs.items():
            setattr(site, k, v)
        site.save(update_fields=list(champs))
        differences = {k: [avant[k], v] for k, v in champs.items() if avant[k] != v}
        if differences:
            enregistrer_historique(site, auteur, "Chiffres de l'inventaire recalculés", {
                k: [str(a) if a is not None else None, str(b) if b is not None else None] for k, (a, b) in differences.items()
            })
    inv = Inventaire.objects.create(
        territoire=territoire, date=date, etabli_par=auteur if getattr(auteur, "pk", None) else None,
        sites=lignes, totaux=inventaire.totaux(lignes), note=note,
    )
    return inv
