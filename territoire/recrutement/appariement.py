"""The match between needs, trainings and offers, by ROME code, and the gap.

Every function here answers in a fixed number of queries whatever the data size (the match
page asserts it): needs, trainings and offers are each read once, grouped in Python.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Min, Q, Sum

from .models import BesoinRecrutement, FormationRome, MetierRome, OffreEmploi

RAYON_DEFAUT_KM = 30


@dataclass
class LigneRome:
    rome: str
    libelle: str = ""
    tension_pct: float | None = None
    besoins: list = field(default_factory=list)
    postes: int = 0
    formations: list = field(default_factory=list)  # dicts: pk, intitule, organisme, distance_km, sur_le_territoire
    offres: int = 0

    @property
    def formee_sur_le_territoire(self) -> bool:
        return any(f["sur_le_territoire"] for f in self.formations)


def libelles_rome(codes) -> dict[str, tuple[str, float | None]]:
    return {c: (lib, t) for c, lib, t in MetierRome.objects.filter(code__in=list(codes)).values_list("code", "libelle", "tension_pct")}


def formations_par_rome(territoire, codes, rayon_km: float | None) -> dict[str, list[dict]]:
    """Active trainings leading to each code: on the territory, within `rayon_km`, or at a distance."""
    zone = Q(formation__actions__distance_km=0) | Q(formation__actions__modalite="2")
    if rayon_km:
        zone |= Q(formation__actions__distance_km__lte=rayon_km)
    lignes = (
        FormationRome.objects.filter(rome__in=list(codes), formation__territoire=territoire,
                                     formation__archivee_le__isnull=True)
        .filter(zone)
        .values("rome", "formation_id", "formation__intitule", "formation__organisme_nom", "formation__fictive",
                "formation__industrielle")
        .annotate(distance=Min("formation__actions__distance_km"))
        .order_by("rome", "distance", "formation__intitule")
    )
    resultat: dict[str, list[dict]] = defaultdict(list)
    for ligne in lignes:
        resultat[ligne["rome"]].append({
            "pk": ligne["formation_id"], "intitule": ligne["formation__intitule"],
            "organisme": ligne["formation__organisme_nom"], "fictive": ligne["formation__fictive"],
            "distance_km": ligne["distance"], "sur_le_territoire": ligne["distance"] == 0,
        })
    return resultat


def offres_par_rome(territoire, codes=None) -> dict[str, int]:
    qs = OffreEmploi.objects.du_territoire(territoire).ouvertes()
    if codes is not None:
        qs = qs.filter(rome__in=list(codes))
    return dict(qs.values("rome").annotate(n=Sum("nombre_postes")).values_list("rome", "n"))


def appariement(territoire, besoins_qs, rayon_km: float | None = RAYON_DEFAUT_KM) -> list[LigneRome]:
    """One line per ROME code of the given open needs, with trainings and open offers."""
    besoins = list(besoins_qs.select_related("organisation", "commune").order_by("rome", "-nombre", "pk"))
    codes = {b.rome for b in besoins}
    libelles = libelles_rome(codes)
    formations = formations_par_rome(territoire, codes, rayon_km)
    offres = offres_par_rome(territoire, codes)
    lignes: dict[str, LigneRome] = {}
    for b in besoins:
        ligne = lignes.get(b.rome)
        if ligne is None:
            libelle, tension = libelles.get(b.rome, ("", None))
            ligne = lignes[b.rome] = LigneRome(b.rome, libelle, tension, formations=formations.get(b.rome, []),
                                               offres=offres.get(b.rome, 0))
        ligne.besoins.append(b)
        ligne.postes += b.nombre
    return sorted(lignes.values(), key=lambda ligne: (ligne.formee_sur_le_territoire, -ligne.postes, ligne.rome))


def ecart(territoire, rayon_km: float | None = RAYON_DEFAUT_KM) -> dict:
    """The gap: needs with no training on the territory; trainings whose ROME codes no firm needs."""
    ouverts = BesoinRecrutement.objects.du_territoire(territoire).ouverts()
    lignes = appariement(territoire, ouverts, rayon_km)
    sans_formation = [ligne for ligne in lignes if not ligne.formee_sur_le_territoire]
    codes_besoins = {ligne.rome for ligne in lignes}
    codes_offres = set(offres_par_rome(territoire))
    sans_debouche = list(
        FormationRome.objects.filter(formation__territoire=territoire, formation__archivee_le__isnull=True,
                                     formation__actions__distance_km=0)
        .values("formation_id", "formation__intitule", "formation__organisme_nom", "formation__fictive",
                "formation__industrielle")
        .annotate(romes=Count("rome", distinct=True))
        .order_by("formation__intitule")
    )
    romes_par_formation: dict[int, set[str]] = defaultdict(set)
    for pk, rome in FormationRome.objects.filter(formation_id__in=[f["formation_id"] for f in sans_debouche]).values_list(
            "formation_id", "rome"):
        romes_par_formation[pk].add(rome)
    sans_debouche = [
        {**f, "codes": sorted(romes_par_formation[f["formation_id"]]),
         "offres": sorted(romes_par_formation[f["formation_id"]] & codes_offres)}
        for f in sans_debouche if not (romes_par_formation[f["formation_id"]] & codes_besoins)
    ]
    return {"besoins_sans_formation": sans_formation, "formations_sans_debouche": sans_debouche, "lignes": lignes}


def formations_pour_rome(territoire, rome: str, rayon_km: float | None = RAYON_DEFAUT_KM) -> list[dict]:
    return formations_par_rome(territoire, [rome], rayon_km).get(rome, [])
