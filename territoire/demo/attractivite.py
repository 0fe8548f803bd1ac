"""The demo territory's Attirer: the inventory of its zones in the CNIG standard, premises, the
Française de Mécanique brownfield and code-named investor projects.

`construire(territoire, stdout)` reads territoire/attractivite/data/demo/attractivite.json and:
1. writes the standard's four CSV files for the demo's zones (their sites' attributes, plots cut
   out of each zone's illustrative outline) into $TERRITOIRE_DATA_DIR/demo/sites-economiques/
   and imports them through the real importer (`territoire sites import` does the same);
2. fills the standard's establishment class from the census, establishes a first inventory;
3. creates premises, the Française de Mécanique brownfield (its real requalification facts with
   their source, illustrative money rows and dates) linked to fiche-action 4 and to the
   observatory's event, and the investor projects, through Attirer's actions.
Rebuilding deletes the previous premises, brownfields, projects and inventories first. Every
invented value is marked illustrative (or fictitious).
"""

from __future__ import annotations

import datetime as dt
import json
import random
from decimal import Decimal
from pathlib import Path

import shapely
from django.conf import settings
from django.db import transaction
from shapely.geometry import box

from territoire.attractivite import actions, cnig, geometrie, tableschema
from territoire.attractivite.actions import friches as actions_friches
from territoire.attractivite.importation.sites import importer_sites
from territoire.attractivite.models import (
    Friche,
    Inventaire,
    Local,
    PoleEconomique,
    Prospect,
    SiteEconomique,
    TerrainEconomique,
)

DONNEES = Path(cnig.__file__).parent / "data" / "demo" / "attractivite.json"
PROGRAMME = Path(__file__).parent / "data" / "programme.json"


def lire() -> dict:
    return json.loads(DONNEES.read_text(encoding="utf-8"))


def _date(texte):
    return dt.date.fromisoformat(texte) if texte else None


def decouper(contour_l93, nombre: int) -> list:
    """About `nombre` plots covering a zone (Lambert-93), cut by a grid, north to south: every
    point of the zone lies on one of them."""
    minx, miny, maxx, maxy = contour_l93.bounds
    cote = (contour_l93.area / nombre) ** 0.5
    pieces = []
    x = minx
    while x < maxx:
        y = miny
        while y < maxy:
            piece = contour_l93.intersection(box(x, y, x + cote, y + cote))
            for g in getattr(piece, "geoms", [piece]):
                if g.geom_type == "Polygon" and g.area > 1:
                    pieces.append(g)
            y += cote
        x += cote
    pieces.sort(key=lambda g: (round(-g.centroid.y), round(g.centroid.x)))
    return pieces


def _arrondi(geom) -> dict:
    geom = shapely.set_precision(geom, 0.01)
    return geometrie.arrondir(geom, 2)


def fichiers_du_standard(territoire, donnees: dict) -> dict[str, list[dict]]:
    """Typed rows of the four classes for the demo's sites (from the zones and the data)."""
    identif, actu = _date(donnees["date_identification"]), _date(donnees["date_actualisation"])
    sites = {s.zone.nom: s for s in SiteEconomique.objects.filter(territoire=territoire, zone__isnull=False).select_related("zone")}
    poles, lignes_sites, lignes_terrains = [], [], []
    par_pole = {}
    for p in donnees["poles"]:
        for z in p["zones"]:
            par_pole[z] = p
    zones_du_pole: dict[str, list] = {}
    for nom, attributs in donnees["sites"].items():
        site = sites.get(nom)
        if site is None:
            continue
        pole = par_pole.get(nom) or par_pole["*"]
        zones_du_pole.setdefault(pole["pole_id"], []).append(site)
        l93 = geometrie.en_lambert93(json.loads(site.site_geomsurf))
        valeurs = cnig.valeurs_cnig(site, cnig.schema_site("site-eco"), {"pole_id": pole["pole_id"]})
        valeurs |= {k: v for k, v in donnees["site_defaut"].items()}
        valeurs |= {k: v for k, v in attributs.items() if k not in ("utile", "terrains")}
        valeurs["site_surf_utile"] = round(valeurs["site_surf_brute"] * attributs["utile"], 1)
        valeurs["site_identif_date"], valeurs["site_actu_date"] = identif, actu
        point = geometrie.wgs84(json.loads(site.site_geomsurf)).representative_point()
        valeurs["site_geompoint"] = (round(point.x, 6), round(point.y, 6))
        for c in cnig.schema_site("site-eco").champs:
            if c.type == "number" and valeurs.get(c.nom) is not None:
                valeurs[c.nom] = float(valeurs[c.nom])
        lignes_sites.append(valeurs)
        plan = attributs["terrains"]
        code = site.site_comm_insee
        for i, piece in enumerate(decouper(l93, plan["nombre"]), start=1):
            etat = donnees["etats_terrains"][plan["etats"][(i - 1) % len(plan["etats"])]]
            terrain = {
                "terr_id": f"{code}_TERRAIN-ECO_{site.pk:03d}{i:02d}", "site_id": site.site_id,
                "terr_surf_brute": round(piece.area / 10_000, 2), "terr_utile": "oui",
                "terr_identif_date": identif, "terr_actu_date": actu, "terr_maitrise_fonc": "structure intercommunale"
                if "Isbergues" not in nom else "privée", "terr_geomsurf": _arrondi(piece),
                "terr_cle_en_main": "non",
            } | {k: (float(v) if isinstance(v, (int, float)) else v) for k, v in etat.items()}
            lignes_terrains.append(terrain)
    for p in donnees["poles"]:
        membres = zones_du_pole.get(p["pole_id"], [])
        if not membres:
            continue
        point = geometrie.wgs84(json.loads(membres[0].site_geomsurf)).representative_point()
        poles.append({
            "pole_id": p["pole_id"], "pole_nom": p["pole_nom"], "pole_vocadomi": p["pole_vocadomi"],
            "pole_identif_date": identif, "pole_actu_date": actu, "pole_nb_site": float(len(membres)),
            "pole_surface": float(round(sum(s.site_surf_brute or 0 for s in membres))),
            "pole_geompoint": (round(point.x, 6), round(point.y, 6)), "pole_rayonnement": p["pole_rayonnement"],
        })
    return {"pole-eco": poles, "site-eco": lignes_sites, "terrain-eco": lignes_terrains}


def ecrire_fichiers(lignes: dict[str, list[dict]], dossier: Path) -> Path:
    dossier.mkdir(parents=True, exist_ok=True)
    for classe, rows in lignes.items():
        (dossier / cnig.FICHIERS[classe]).write_text(tableschema.ecrire_csv(cnig.schema_site(classe), rows), encoding="utf-8")
    return dossier


def effacer(territoire) -> None:
    """What this builder made on the demo territory (the demo command calls it before a rebuild)."""
    _effacer_precedent(territoire)


def _effacer_precedent(territoire) -> None:
    Prospect.objects.filter(territoire=territoire).delete()
    Local.objects.filter(territoire=territoire).delete()
    Friche.objects.filter(territoire=territoire).delete()
    Inventaire.objects.filter(territoire=territoire).delete()
    TerrainEconomique.objects.filter(site__territoire=territoire).delete()
    from territoire.attractivite.models import EtablissementEconomique

    EtablissementEconomique.objects.filter(territoire=territoire).delete()


def _organisations(territoire, donnees: dict) -> dict:
    from territoire.reseau.models import Organisation

    programme = json.loads(PROGRAMME.read_text(encoding="utf-8"))["organisations"]
    orgs = {}
    for cle, o in programme.items():
        org = Organisation.objects.filter(nom=o["nom"]).first()
        if org is not None:
            orgs[cle] = org
    for cle, o in donnees["organisations"].items():
        org, _ = Organisation.objects.get_or_create(nom=o["nom"], defaults={"type": o["type"], "sigle": o.get("sigle", "")})
        org.territoires.add(territoire)
        orgs[cle] = org
    return orgs


def _publier_terrains(territoire, donnees: dict) -> None:
    """The first available plots of each site, as many as the data says, are shown to investors."""
    from territoire.attractivite import offres

    for nom, attributs in donnees["sites"].items():
        site = SiteEconomique.objects.filter(territoire=territoire, zone__nom=nom).first()
        if site is None:
            continue
        site.public = True
        site.illustratif = True
        site.save(update_fields=["public", "illustratif"])
        disponibles = [t for t in site.terrains.order_by("-terr_surf_brute", "terr_id")
                       if offres.terrain_disponible({"terr_stade_comm": t.terr_stade_comm, "terr_etat_occup": t.terr_etat_occup})]
        ids = [t.pk for t in disponibles[: attributs["terrains"]["publics"]]]
        site.terrains.update(illustratif=True)
        site.terrains.filter(pk__in=ids).update(public=True)


def _locaux(territoire, donnees: dict, orgs: dict, tirage: random.Random) -> None:
    from shapely.geometry import Point

    sites = {s.zone.nom: s for s in SiteEconomique.objects.filter(territoire=territoire).select_related("zone")}
    for d in donnees["locaux"]:
        site = sites.get(d.get("zone"))
        if site is not None:
            zone = site.zone.geometrie
            minx, miny, maxx, maxy = zone.bounds
            point = zone.representative_point()
            for _ in range(50):
                candidat = Point(tirage.uniform(minx, maxx), tirage.uniform(miny, maxy))
                if zone.contains(candidat):
                    point = candidat
                    break
            commune = site.zone.communes.first()
        else:
            commune = territoire.communes.get(code_insee=d["commune"])
            point = commune.geometrie.representative_point()
        local = Local(
            territoire=territoire, site=site, commune=commune, nom=d["nom"], type=d["type"], transaction=d["transaction"],
            statut=d.get("statut", "disponible"), surface_m2=d["surface_m2"], surface_terrain_m2=d.get("surface_terrain_m2"),
            hauteur_m=d.get("hauteur_m"), charge_sol_t_m2=d.get("charge_sol_t_m2"), quais=d.get("quais"),
            puissance_kva=d.get("puissance_kva"), prix_vente=d.get("prix_vente"), loyer_annuel=d.get("loyer_annuel"),
            proprietaire=orgs.get(d.get("proprietaire")), public=d["public"], illustratif=True,
            longitude=round(point.x, 6), latitude=round(point.y, 6), verifie_le=_date(donnees["date_actualisation"]),
            description="Local illustratif de la démonstration : surface, équipements et prix inventés.",
        )
        actions.enregistrer_local(local)


def _friche(territoire, donnees: dict, orgs: dict) -> Friche:
    from territoire.programme.models import FicheAction

    d = donnees["friche"]
    schema = cnig.schema_friches()
    site = SiteEconomique.objects.filter(territoire=territoire, zone__nom="Parc des industries Artois-Flandres").first()
    friche = Friche(territoire=territoire, site_economique=site, illustratif=True, public=True, version_source="v1.0.6")
    for c in schema.champs:
        v = d.get(c.nom)
        if v is not None:
            setattr(friche, cnig.attribut(c.nom), _date(v) if c.type == "date" and c.format != "%Y" else v)
    if site is not None:
        point = site.zone.geometrie.representative_point()
        friche.longitude, friche.latitude = round(point.x, 6), round(point.y, 6)
        friche.geompoint = f"POINT({friche.longitude} {friche.latitude})"
    friche.candidats_activite = [d["activite_passee"]]
    friche.save()
    actions_friches.confirmer_activite_passee(friche, d["activite_passee"]["siret"])
    fiche = FicheAction.objects.filter(programme__territoire=territoire, numero=d["fiche"]).first()
    if fiche is not None:
        actions_friches.lier_fiche(friche, fiche)
    from territoire.observatoire.models import Evenement

    friche.evenements.set(Evenement.objects.filter(territoire=territoire, titre=d["evenement"]))
    phases = {}
    for p in d["phases"]:
        phases[p["type"]] = actions_friches.enregistrer_phase(
            friche, p["type"], date_debut=_date(p.get("date_debut")), date_fin_prevue=_date(p.get("date_fin_prevue")),
            date_fin=_date(p.get("date_fin")), notes=p.get("notes", ""),
        )
    for b in d["budget"]:
        actions_friches.ajouter_ligne_budget(friche, annee=b["annee"], nature=b["nature"], type=b["type"],
                                             montant=Decimal(b["montant"]), libelle=b["libelle"],
                                             phase=phases.get(b.get("phase")), illustratif=True)
    for c in d["cofinancements"]:
        actions_friches.ajouter_cofinancement(friche, financeur=orgs[c["financeur"]], montant=Decimal(c["montant"]),
                                              etape=c["etape"], dispositif=c["dispositif"], date=_date(c.get("date")),
                                              phase=phases.get(c.get("phase")), illustratif=True)
    return friche


def _prospects(territoire, donnees: dict, orgs: dict) -> None:
    from django.utils import timezone

    from territoire.attractivite import offres

    debut = timezone.make_aware(dt.datetime(2025, 9, 1, 10, 0))
    for n, d in enumerate(donnees["prospects"]):
        champs = {k: d[k] for k in ("nom_reel", "activite", "naf", "emplois_prevus", "surface_terrain_ha", "surface_batie_m2",
                                    "puissance_kva", "acces_ferre", "vocation", "distance_autoroute_max_km", "source") if k in d}
        champs["implantation_souhaitee"] = _date(d.get("implantation_souhaitee"))
        le = debut + dt.timedelta(days=20 * n)
        p = actions.creer_prospect(territoire, nom_de_code=d["nom_de_code"], illustratif=True, le=le,
                                   partenaires=[orgs[k] for k in d.get("partenaires", []) if k in orgs],
                                   description="Projet fictif de la démonstration.", **champs)
        for i, etape in enumerate(d["etapes"], start=1):
            le_etape = le + dt.timedelta(days=15 * i)
            if etape == "sites_proposes" and d.get("propose"):
                terrains = [t for t in TerrainEconomique.objects.filter(site__territoire=territoire, site__zone__nom=d["propose"])
                            if offres.terrain_disponible({"terr_stade_comm": t.terr_stade_comm, "terr_etat_occup": t.terr_etat_occup})]
                if terrains:
                    actions.proposer(p, terrains=terrains[:2], date=le_etape.date(), notes="Proposition (démonstration).")
                    continue
            actions.changer_etape(p, etape, raison_perte=d.get("raison_perte", ""), le=le_etape)
        if d.get("gagne_le"):
            Prospect.objects.filter(pk=p.pk).update(gagne_le=_date(d["gagne_le"]))


def construire(territoire, stdout) -> None:
    from territoire.attractivite.importation.lecture import ImportRefuse
    from territoire.referentiel.actions import DonneesInvalides

    donnees = lire()
    tirage = random.Random(donnees["graine"])
    dossier = Path(settings.DATA_DIR) / "demo" / "sites-economiques"
    with transaction.atomic():
        _effacer_precedent(territoire)
        # Each zone's site is born when the zone's transaction commits (attractivite/signaux.py): a
        # build inside an outer transaction (a test, a caller's atomic block) has not seen it yet.
        for zone in territoire.zones.exclude(pk__in=SiteEconomique.objects.filter(zone__isnull=False).values("zone")):
            actions.site_depuis_zone(zone)
        orgs = _organisations(territoire, donnees)
        ecrire_fichiers(fichiers_du_standard(territoire, donnees), dossier)
        try:
            rapport = importer_sites(territoire, dossier)
        except ImportRefuse as exc:
            raise DonneesInvalides(f"Démonstration : les fichiers du standard sont refusés :\n{exc.resume()}") from exc
        PoleEconomique.objects.filter(territoire=territoire).exclude(pole_id__in=[p["pole_id"] for p in donnees["poles"]]).delete()
        _publier_terrains(territoire, donnees)
        repris = ecartes = 0
        for site in SiteEconomique.objects.filter(territoire=territoire):
            bilan = actions.remplir_etablissements(site)
            repris, ecartes = repris + bilan["repris"], ecartes + sum(bilan["ecartes"].values())
        _locaux(territoire, donnees, orgs, tirage)
        _friche(territoire, donnees, orgs)
        _prospects(territoire, donnees, orgs)
        inv = actions.etablir_inventaire(territoire, note="Inventaire de démonstration (valeurs illustratives).")
    stdout.write(
        f"Attirer : {rapport.resume()} (fichiers du standard dans {dossier}) ; {repris} établissements du recensement "
        f"dans la classe du standard ({ecartes} non localisés ou sans millésime, comptés sans y figurer) ; inventaire du {inv.date:%d/%m/%Y} "
        f"(taux de vacance {inv.totaux['taux_vacance']} %) ; {Local.objects.filter(territoire=territoire).count()} locaux, "
        f"1 friche, {Prospect.objects.filter(territoire=territoire).count()} projets d'implantation."
    )
