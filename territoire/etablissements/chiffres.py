"""The census's key figures, computed from the registry (never typed in)."""

from __future__ import annotations

from collections import Counter

from django.db.models import Count, Max, Q, Sum

from territoire.referentiel.models import ZoneActivite

from . import tranches
from .models import Etablissement, Filiere
from .queries import du_territoire


def _actifs(territoire):
    return du_territoire(territoire).filter(etat=Etablissement.Etat.ACTIF, present=True)


def industriels_suivis(territoire):
    """The industrial establishments followed, per the territory's (configurable) definition."""
    d = territoire.definition()
    qs = _actifs(territoire).filter(
        est_industriel=True, tranche_effectifs__in=tranches.codes_au_moins(d["tranche_min"])
    ).exclude(naf__in=d["naf_exclus"])
    if d["employeur_requis"]:
        qs = qs.filter(employeur="O")
    return qs


def services_industrie(territoire):
    d = territoire.definition()
    qs = _actifs(territoire).filter(
        filiere__famille=Filiere.Famille.SERVICE,
        filiere__actif=True,
        tranche_effectifs__in=tranches.codes_au_moins(d["services_tranche_min"]),
    )
    if d["employeur_requis"]:
        qs = qs.filter(employeur="O")
    return qs


def definitions(territoire) -> dict[str, str]:
    """How each figure is defined, in words, for the page that shows it."""
    d = territoire.definition()
    seuil = tranches.TRANCHES[d["tranche_min"]][1]
    seuil_services = tranches.TRANCHES[d["services_tranche_min"]][1]
    employeur = ", employeurs" if d["employeur_requis"] else ""
    return {
        "communes": "Communes membres des EPCI du territoire (Code officiel géographique de l'INSEE).",
        "population": "Population municipale, somme des communes du territoire (INSEE).",
        "etablissements_industriels": (
            f"Établissements actifs des sections B à E de la NAF rév. 2 (divisions "
            f"{d['divisions_min']:02d} à {d['divisions_max']}){employeur}, de {seuil} salariés ou plus "
            f"selon la tranche d'effectifs SIRENE, hors {', '.join(d['naf_exclus'])} "
            "(artisanat commercial alimentaire)."
        ),
        "emplois_industriels": (
            "Somme, sur ces établissements, des bornes basse et haute de leur tranche d'effectifs "
            "et de son milieu (estimation centrale) ; un effectif connu de l'équipe remplace la tranche. "
            "Millésime : année de la tranche la plus récente."
        ),
        "zones_industrielles": "Zones d'activité du territoire de type industriel, logistique ou technopôle.",
        "entreprises_services_industrie": (
            f"Établissements actifs{employeur} de {seuil_services} salariés ou plus dont l'activité "
            "relève d'une famille de services à l'industrie active (numérique, ingénierie, logistique)."
        ),
    }


def chiffres_recensement(territoire) -> dict:
    suivis = industriels_suivis(territoire)
    emplois = suivis.aggregate(
        bas=Sum("emplois_bas"), central=Sum("emplois_central"), haut=Sum("emplois_haut"),
        millesime=Max("annee_effectifs"), n=Count("id"),
    )
    population = territoire.communes.aggregate(p=Sum("population"))["p"] or 0
    zones = territoire.zones.all()
    par_filiere = Counter(
        dict(
            suivis.values_list("filiere__libelle").annotate(n=Count("id")).values_list("filiere__libelle", "n")
        )
    )
    par_zone_qs = dict(suivis.filter(zone__isnull=False).values_list("zone__nom").annotate(n=Count("id")))
    par_zone = {z.nom: par_zone_qs.get(z.nom, 0) for z in zones}
    hors_zone = suivis.filter(zone__isnull=True).count()
    if hors_zone:
        par_zone["Hors zone"] = hors_zone
    par_tranche_qs = dict(suivis.values_list("tranche_effectifs").annotate(n=Count("id")))
    par_tranche = {
        tranches.libelle(code): par_tranche_qs[code] for code in tranches.ORDRE if code in par_tranche_qs
    }
    return {
        "communes": territoire.communes.count(),
        "population": population,
        "etablissements_industriels": emplois["n"],
        "emplois_industriels": {
            "bas": emplois["bas"] or 0,
            "central": round(emplois["central"] or 0),
            "haut": emplois["haut"] or 0,
            "millesime": emplois["millesime"] or None,
        },
        "zones_industrielles": zones.filter(
            type__in=[ZoneActivite.Type.INDUSTRIELLE, ZoneActivite.Type.LOGISTIQUE, ZoneActivite.Type.TECHNOPOLE]
        ).count(),
        "entreprises_services_industrie": services_industrie(territoire).count(),
        "par_filiere": {(k or "Non classé"): v for k, v in par_filiere.most_common()},
        "par_zone": par_zone,
        "par_tranche": par_tranche,
        "donnees_fictives": territoire.donnees_fictives,
        "etablissements_actifs": _actifs(territoire).count(),
        "etablissements_non_diffusibles": _actifs(territoire).filter(~Q(statut_diffusion="O")).count(),
    }
