"""`territoire sites import`: the standard's files into the inventory, all or nothing.

read (lecture.py, the schemas) → check against the territory and the references between the
classes (pure, on the validated rows and what the database already holds) → write, in one
transaction. Any error refuses the whole file: nothing is imported halfway and the previous
inventory stays exactly as it was.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from shapely.geometry import shape
from shapely.ops import unary_union

from .. import cnig, geometrie
from ..tableschema import Erreur
from .lecture import ImportRefuse, Lot, lire


@dataclass
class Rapport:
    source: str
    format: str
    comptes: dict[str, dict[str, int]] = field(default_factory=dict)
    avertissements: list[str] = field(default_factory=list)
    essai: bool = False

    def resume(self) -> str:
        noms = {"pole-eco": "pôles", "site-eco": "sites", "terrain-eco": "terrains", "etablissement": "établissements"}
        parties = [f"{c['crees']} {noms[k]} créé(s), {c['mis_a_jour']} mis à jour" for k, c in self.comptes.items()]
        return "; ".join(parties) or "aucune ligne"


@dataclass
class Contexte:
    """What the checks need to know about the territory."""

    communes: dict[str, object]  # code INSEE → Commune
    emprise: object | None  # union of the communes' outlines (WGS84), None when unknown
    poles: dict[str, int]
    sites: dict[str, int]
    terrains: dict[str, int]

    @classmethod
    def charger(cls, territoire) -> Contexte:
        from ..models import PoleEconomique, SiteEconomique, TerrainEconomique

        communes = {c.code_insee: c for c in territoire.communes.select_related("epci")}
        contours = [shape(json.loads(c.contour)) for c in communes.values() if c.contour]
        return cls(
            communes=communes,
            emprise=unary_union(contours).buffer(0.002) if contours and len(contours) == len(communes) else None,
            poles=dict(PoleEconomique.objects.filter(territoire=territoire).values_list("pole_id", "pk")),
            sites=dict(SiteEconomique.objects.filter(territoire=territoire).values_list("site_id", "pk")),
            terrains=dict(TerrainEconomique.objects.filter(site__territoire=territoire).values_list("terr_id", "pk")),
        )


# --------------------------------------------------------------------------- checks


def _geometrie(ligne: dict, champ: str, fichier: str, ctx: Contexte, erreurs: list[Erreur]) -> None:
    """Check that the row's geometry is in Lambert-93 or in degrees, and in the territory. It is
    kept as given (geometrie.py)."""
    donnees = ligne.get(champ)
    if donnees is None:
        return
    try:
        en_degres = geometrie.wgs84(donnees)
    except geometrie.GeometrieInvalide as exc:
        erreurs.append(Erreur(str(exc), ligne["_ligne"], champ, fichier))
        return
    if ctx.emprise is not None and not en_degres.intersects(ctx.emprise):
        erreurs.append(Erreur(
            "la géométrie est hors du territoire (aucune de ses communes ne la contient) : vérifiez le "
            "système de coordonnées (Lambert-93 attendu) et l'ordre des coordonnées.", ligne["_ligne"], champ, fichier,
        ))


def _commune(ligne: dict, champ: str, fichier: str, ctx: Contexte, erreurs: list[Erreur]) -> None:
    code = ligne.get(champ)
    if code is not None and code not in ctx.communes:
        conseil = " (un zéro initial perdu ?)" if len(code) == 4 and code.isdigit() else ""
        erreurs.append(Erreur(
            f"commune « {code} » hors du territoire{conseil} ; le territoire compte {len(ctx.communes)} communes.",
            ligne["_ligne"], champ, fichier,
        ))


def verifier(lot: Lot, ctx: Contexte) -> tuple[list[Erreur], list[str]]:
    """Errors (refuse the import) and warnings (kept, said) beyond what the schemas check."""
    erreurs: list[Erreur] = list(lot.erreurs)
    avertissements: list[str] = []
    tables = lot.tables
    poles = set(ctx.poles) | ({x["pole_id"] for x in tables["pole-eco"].lignes} if "pole-eco" in tables else set())
    sites = set(ctx.sites) | ({x["site_id"] for x in tables["site-eco"].lignes} if "site-eco" in tables else set())
    terrains = set(ctx.terrains) | (
        {x["terr_id"] for x in tables["terrain-eco"].lignes} if "terrain-eco" in tables else set()
    )
    for classe, table in tables.items():
        schema = cnig.schema_site(classe)
        for ligne in table.lignes:
            for nom in schema.cle_primaire:
                if ligne.get(nom) and len(ligne[nom]) > cnig.LONGUEUR_IDENTIFIANT:
                    erreurs.append(Erreur(f"identifiant de plus de {cnig.LONGUEUR_IDENTIFIANT} caractères.",
                                          ligne["_ligne"], nom, table.fichier))
    if "site-eco" in tables:
        t = tables["site-eco"]
        for ligne in t.lignes:
            if ligne["pole_id"] not in poles:
                erreurs.append(Erreur(
                    f"pôle « {ligne['pole_id']} » inconnu : ajoutez-le à pole-eco.csv ou corrigez pole_id.",
                    ligne["_ligne"], "pole_id", t.fichier,
                ))
            _commune(ligne, "site_comm_insee", t.fichier, ctx, erreurs)
            _geometrie(ligne, "site_geomsurf", t.fichier, ctx, erreurs)
    if "terrain-eco" in tables:
        t = tables["terrain-eco"]
        for ligne in t.lignes:
            if ligne["site_id"] not in sites:
                erreurs.append(Erreur(
                    f"le terrain désigne un site inconnu « {ligne['site_id']} » : ajoutez le site à site-eco.csv "
                    "ou corrigez site_id.", ligne["_ligne"], "site_id", t.fichier,
                ))
            _geometrie(ligne, "terr_geomsurf", t.fichier, ctx, erreurs)
    if "etablissement" in tables:
        t = tables["etablissement"]
        for ligne in t.lignes:
            _commune(ligne, "comm_insee", t.fichier, ctx, erreurs)
            _geometrie(ligne, "etab_geompoint", t.fichier, ctx, erreurs)
            inconnus = [i for i in (ligne.get("terr_id") or "").split("|") if i and i not in terrains]
            if inconnus:
                avertissements.append(
                    f"{t.fichier}, ligne {ligne['_ligne']} (SIRET {ligne['SIRET']}) : terrain(s) "
                    f"{', '.join(map(repr, inconnus))} absent(s) de l'inventaire ; la liste est gardée telle quelle, "
                    "le lien se fera quand ces terrains seront importés."
                )
    return erreurs, avertissements


# --------------------------------------------------------------------------- writes


def importer_sites(territoire, source, *, auteur=None, dry_run: bool = False) -> Rapport:
    """Import a file, a folder or an already read `Lot` for `territoire`. Raises ImportRefuse."""
    lot = source if isinstance(source, Lot) else lire(Path(source))
    ctx = Contexte.charger(territoire)
    erreurs, avertissements = verifier(lot, ctx)
    if erreurs:
        raise ImportRefuse(erreurs)
    rapport = Rapport(source=lot.source, format=lot.format, avertissements=avertissements, essai=dry_run)
    with transaction.atomic():
        _ecrire(territoire, lot, ctx, rapport, auteur)
        if dry_run:
            transaction.set_rollback(True)
    return rapport


def _compter(rapport: Rapport, classe: str, cree: bool) -> None:
    c = rapport.comptes.setdefault(classe, {"crees": 0, "mis_a_jour": 0})
    c["crees" if cree else "mis_a_jour"] += 1


def _ecrire(territoire, lot: Lot, ctx: Contexte, rapport: Rapport, auteur) -> None:
    from territoire.etablissements.models import Etablissement
    from territoire.observatoire.cache import invalider_chiffres
    from territoire.reseau.actions import enregistrer_historique

    from ..actions import replacer_etablissements, synchroniser_zone
    from ..models import EtablissementEconomique, PoleEconomique, SiteEconomique, TerrainEconomique

    tables = lot.tables
    nom_source = Path(lot.source).name
    poles = {p.pole_id: p for p in PoleEconomique.objects.filter(territoire=territoire)}
    for ligne in tables["pole-eco"].lignes if "pole-eco" in tables else []:
        valeurs = cnig.valeurs_modele(ligne, cnig.schema_site("pole-eco"))
        pole = poles.get(ligne["pole_id"]) or PoleEconomique(territoire=territoire)
        _compter(rapport, "pole-eco", pole.pk is None)
        for k, v in valeurs.items():
            setattr(pole, k, v)
        pole.save()
        poles[pole.pole_id] = pole

    sites = {s.site_id: s for s in SiteEconomique.objects.filter(territoire=territoire).select_related("zone")}
    zones_changees = False
    for ligne in tables["site-eco"].lignes if "site-eco" in tables else []:
        valeurs = cnig.valeurs_modele(ligne, cnig.schema_site("site-eco"), exclus=frozenset({"pole_id"}))
        site = sites.get(ligne["site_id"]) or SiteEconomique(territoire=territoire)
        cree = site.pk is None
        _compter(rapport, "site-eco", cree)
        for k, v in valeurs.items():
            setattr(site, k, v)
        site.pole = poles[ligne["pole_id"]]
        site.save()
        zones_changees |= synchroniser_zone(site, source=f"Inventaire des sites économiques (standard CNIG), {nom_source}")
        enregistrer_historique(site, auteur, f"{'Créé' if cree else 'Mis à jour'} par l'import de {nom_source}")
        sites[site.site_id] = site

    terrains = {t.terr_id: t for t in TerrainEconomique.objects.filter(site__territoire=territoire)}
    for ligne in tables["terrain-eco"].lignes if "terrain-eco" in tables else []:
        valeurs = cnig.valeurs_modele(ligne, cnig.schema_site("terrain-eco"), exclus=frozenset({"site_id"}))
        terrain = terrains.get(ligne["terr_id"]) or TerrainEconomique()
        _compter(rapport, "terrain-eco", terrain.pk is None)
        for k, v in valeurs.items():
            setattr(terrain, k, v)
        terrain.site = sites[ligne["site_id"]]
        terrain.save()
        terrains[terrain.terr_id] = terrain

    if "etablissement" in tables:
        existants = {e.siret: e for e in EtablissementEconomique.objects.filter(territoire=territoire)}
        lignes = tables["etablissement"].lignes
        recensement = dict(
            Etablissement.objects.filter(siret__in=[x["SIRET"] for x in lignes]).values_list("siret", "pk")
        )
        for ligne in lignes:
            valeurs = cnig.valeurs_modele(ligne, cnig.schema_site("etablissement"))
            etab = existants.get(ligne["SIRET"]) or EtablissementEconomique(territoire=territoire)
            _compter(rapport, "etablissement", etab.pk is None)
            for k, v in valeurs.items():
                setattr(etab, k, v)
            lies = [terrains[i] for i in etab.identifiants_terrains() if i in terrains]
            etab.site = lies[0].site if lies else etab.site
            etab.etablissement_id = recensement.get(etab.siret)
            etab.save()
            etab.terrains.set(lies)
    if zones_changees:
        replacer_etablissements(territoire)
    invalider_chiffres()
