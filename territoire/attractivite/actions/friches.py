"""Writes on brownfields: their past activity, their requalification phases and money."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from territoire.reseau.actions import enregistrer_historique

from ..models import CofinancementFriche, Friche, LigneBudgetFriche, PhaseRequalification, TypePhase

# How far from the brownfield's point a closed establishment or a registered installation may
# lie to be offered as its past activity (the register's coordinates are rounded to 100 m).
RAYON_M = 300
# Columns of the national register of polluting installations (IREP, Géorisques) export, by name.
COLONNES_REGISTRE = ("Numero_SIRET", "Nom_Etablissement", "Coordonnees_X", "Coordonnees_Y", "Code_APE", "Libelle_APE")


@lru_cache(maxsize=1)
def _lambert2_vers_wgs84():
    from pyproj import Transformer

    return Transformer.from_crs("EPSG:27572", "EPSG:4326", always_xy=True)


def _distance_m(lon1, lat1, lon2, lat2) -> float:
    from math import asin, cos, radians, sin, sqrt

    p1, p2 = radians(lat1), radians(lat2)
    d = sin((p2 - p1) / 2) ** 2 + cos(p1) * cos(p2) * sin(radians(lon2 - lon1) / 2) ** 2
    return 2 * 6_371_000 * asin(sqrt(d))


def _emprise(friche):
    """The brownfield's outline (WGS84) when it has a readable one, else None."""
    if not friche.geomsurf:
        return None
    from ..geometrie import GeometrieInvalide, lire_wkt

    try:
        return lire_wkt(friche.geomsurf)
    except GeometrieInvalide:
        return None


def chercher_activite_passee(friche: Friche) -> list[dict]:
    """Closed establishments of the census on the brownfield (in its outline, or within
    RAYON_M of its point): offered to the team as its past activity, never chosen for it."""
    from shapely.geometry import Point

    from territoire.etablissements import naf
    from territoire.etablissements.models import Etablissement

    if friche.longitude is None:
        return friche.candidats_activite
    emprise = _emprise(friche)
    candidats = [c for c in friche.candidats_activite if c.get("source") != "recensement SIRENE"]
    for e in (Etablissement.objects.filter(code_commune=friche.comm_insee, etat="F", latitude__isnull=False)
              .select_related("unite_legale")):
        distance = _distance_m(friche.longitude, friche.latitude, e.longitude, e.latitude)
        dedans = emprise is not None and emprise.contains(Point(e.longitude, e.latitude))
        if dedans or distance <= RAYON_M:
            candidats.append({"siret": e.siret, "nom": e.nom_affiche(public=False), "naf": e.naf,
                              "libelle": naf.libelle(e.naf), "source": "recensement SIRENE",
                              "distance_m": 0 if dedans else round(distance)})
    friche.candidats_activite = candidats
    friche.save(update_fields=["candidats_activite"])
    return candidats


def lire_registre(contenu: bytes, nom: str) -> list[dict]:
    """The installations of an IREP export (Géorisques): SIRET, name, APE code and label, and
    their position (Lambert II étendu → WGS84). Read by column name."""
    from ..importation.lecture import ImportRefuse
    from ..tableschema import FichierIllisible, decoder

    try:
        texte = decoder(contenu, nom)
    except FichierIllisible as exc:
        raise ImportRefuse(str(exc)) from exc
    lecteur = csv.DictReader(io.StringIO(texte, newline=""))
    manquantes = [c for c in COLONNES_REGISTRE if c not in (lecteur.fieldnames or [])]
    if manquantes:
        raise ImportRefuse(f"{nom} : colonnes {', '.join(manquantes)} absentes ; un export du registre IREP (Géorisques) est attendu.")
    installations = []
    xs, ys = [], []
    for ligne in lecteur:
        try:
            x, y = float(ligne["Coordonnees_X"]), float(ligne["Coordonnees_Y"])
        except (TypeError, ValueError):
            continue  # an installation without coordinates cannot be placed near a brownfield
        siret = "".join(ch for ch in (ligne["Numero_SIRET"] or "") if ch.isdigit())
        installations.append({"siret": siret, "nom": ligne["Nom_Etablissement"], "naf": ligne["Code_APE"],
                              "libelle": ligne["Libelle_APE"]})
        xs.append(x)
        ys.append(y)
    if installations:
        lons, lats = _lambert2_vers_wgs84().transform(xs, ys)
        for inst, lon, lat in zip(installations, lons, lats, strict=True):
            inst["longitude"], inst["latitude"] = float(lon), float(lat)
    return installations


def rapprocher_registre(territoire, installations: list[dict]) -> int:
    """Offer the register's installations near each brownfield as its possible past activity."""
    n = 0
    for friche in Friche.objects.filter(territoire=territoire, longitude__isnull=False):
        garde = [c for c in friche.candidats_activite if c.get("source") != "registre IREP"]
        for inst in installations:
            distance = _distance_m(friche.longitude, friche.latitude, inst["longitude"], inst["latitude"])
            if distance <= RAYON_M:
                garde.append({k: inst[k] for k in ("siret", "nom", "naf", "libelle")}
                             | {"source": "registre IREP", "distance_m": round(distance)})
                n += 1
        if garde != friche.candidats_activite:
            friche.candidats_activite = garde
            friche.save(update_fields=["candidats_activite"])
    return n


def confirmer_activite_passee(friche: Friche, siret: str, *, auteur=None) -> Friche:
    """The team chooses one of the candidates as the brownfield's past activity."""
    choisi = next((c for c in friche.candidats_activite if c["siret"] == siret), None)
    if choisi is None:
        raise ValidationError({"siret": "Ce SIRET n'est pas parmi les activités passées trouvées pour ce site."})
    avant = friche.ancien_siret
    friche.ancien_siret = choisi["siret"][:14]
    friche.ancienne_activite = (choisi.get("naf") or "")[:6]
    friche.source_activite_passee = f"{choisi['source']} : {choisi['nom']}"[:200]
    friche.save(update_fields=["ancien_siret", "ancienne_activite", "source_activite_passee"])
    enregistrer_historique(friche, auteur, f"Activité passée : {choisi['nom']} ({choisi['source']})",
                           {"ancien_siret": [avant, friche.ancien_siret]})
    return friche


# --------------------------------------------------------------------------- requalification


@transaction.atomic
def enregistrer_phase(friche: Friche, type_: str, *, date_debut: dt.date | None = None,
                      date_fin_prevue: dt.date | None = None, date_fin: dt.date | None = None, notes: str = "",
                      auteur=None) -> PhaseRequalification:
    """Create or update the brownfield's phase of that type (one per type)."""
    if type_ not in TypePhase.values:
        raise ValidationError({"type": f"Phase inconnue « {type_} »."})
    if date_debut and date_fin and date_fin < date_debut:
        raise ValidationError({"date_fin": "La fin de la phase précède son début : corrigez l'une des deux dates."})
    phase, cree = PhaseRequalification.objects.get_or_create(friche=friche, type=type_)
    avant = {"date_debut": phase.date_debut, "date_fin_prevue": phase.date_fin_prevue, "date_fin": phase.date_fin}
    phase.date_debut, phase.date_fin_prevue, phase.date_fin, phase.notes = date_debut, date_fin_prevue, date_fin, notes
    phase.save()
    changes = {k: [str(v) if v else None, str(getattr(phase, k)) if getattr(phase, k) else None]
               for k, v in avant.items() if v != getattr(phase, k)}
    enregistrer_historique(friche, auteur, f"Phase « {phase.get_type_display()} » {'ajoutée' if cree else 'modifiée'}",
                           changes)
    return phase


def ajouter_ligne_budget(friche: Friche, *, annee: int, nature: str, type: str, montant: Decimal, libelle: str = "",
                         phase=None, illustratif: bool = False, auteur=None) -> LigneBudgetFriche:
    ligne = LigneBudgetFriche(friche=friche, phase=phase, annee=annee, nature=nature, type=type, montant=montant,
                              libelle=libelle, illustratif=illustratif)
    ligne.full_clean()
    ligne.save()
    enregistrer_historique(friche, auteur, f"Ligne de budget : {ligne}")
    return ligne


def ajouter_cofinancement(friche: Friche, *, financeur, montant: Decimal, etape: str, dispositif: str = "",
                          date: dt.date | None = None, phase=None, illustratif: bool = False,
                          auteur=None) -> CofinancementFriche:
    ligne = CofinancementFriche(friche=friche, phase=phase, financeur=financeur, montant=montant, etape=etape,
                                dispositif=dispositif, date=date, illustratif=illustratif)
    ligne.full_clean()
    ligne.save()
    enregistrer_historique(friche, auteur, f"Cofinancement : {ligne}")
    return ligne


def lier_fiche(friche: Friche, fiche, *, auteur=None) -> Friche:
    if fiche is not None and fiche.programme.territoire_id != friche.territoire_id:
        raise ValidationError({"fiche": "Cette fiche-action appartient à un autre territoire."})
    avant = friche.fiche_id
    friche.fiche = fiche
    friche.save(update_fields=["fiche"])
    enregistrer_historique(friche, auteur, f"Fiche-action liée : {fiche}" if fiche else "Fiche-action déliée",
                           {"fiche": [avant, fiche.pk if fiche else None]})
    return friche


def registre_depuis_fichier(chemin: Path) -> list[dict]:
    return lire_registre(Path(chemin).read_bytes(), Path(chemin).name)


def geojson_friches(friches) -> dict:
    """FeatureCollection of brownfields (points) with their phase, for the map."""
    from ..models.friches import SANS_PHASE

    libelles = dict(TypePhase.choices) | {SANS_PHASE: "Sans projet engagé"}
    return {"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [f.longitude, f.latitude]},
         "properties": {"nom": f.site_nom, "phase": f.code_phase(), "libelle_phase": libelles[f.code_phase()],
                        "url": f.get_absolute_url()}}
        for f in friches if f.longitude is not None
    ]}


def geojson_texte(donnees: dict) -> str:
    return json.dumps(donnees, ensure_ascii=False, separators=(",", ":"))
