"""The census's part of the JSON API (/api/v1/): territories, key figures, establishments
and the map's GeoJSON layers.

Session authentication is optional: an anonymous caller gets what the public pages show
(diffusible establishments only, no sole trader's name or address); a signed-in member gets
what the pages show them. Every read of establishments goes through `etablissements_visibles`.
"""

from __future__ import annotations

import hashlib

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Query, Router, Schema
from ninja.errors import HttpError

from territoire.comptes.acces import est_interne
from territoire.observatoire.cache import Etat, chiffres_cles_memorises, memoriser
from territoire.observatoire.couches import reponse_couche
from territoire.referentiel.geo import arrondir
from territoire.referentiel.models import Territoire

from . import naf
from .chiffres import industriels_suivis
from .exports import adresse_montrable
from .forms import RechercheForm
from .models import Etablissement
from .queries import etablissement_visible, etablissements_visibles, ordonner, selectionner

router = Router(tags=["établissements"])

TAILLE_MAX = 200
# 200 per page × 1,000,000 pages covers the national stock; beyond, a page number is a mistake
# (and an offset the database cannot take: ?page=9223372036854775807 answered 500).
PAGE_MAX = 1_000_000


def _bornes(parametre, minimum: int, maximum: int):
    """The limits of a parameter, written in the OpenAPI document; the view checks them itself
    and answers 400 with a French message beyond them."""
    parametre.json_schema_extra = {**(parametre.json_schema_extra or {}), "minimum": minimum, "maximum": maximum}
    return parametre


class TerritoireOut(Schema):
    slug: str
    nom: str
    id_ti: str
    donnees_fictives: bool
    url: str
    phase: str | None = None
    region: str | None = None
    # Public figures with their vintages (territoire/pilotage/donnees_ouvertes.py, docs/territoires.md).
    chiffres: dict | None = None


class ChangementOut(Schema):
    date_import: str
    type: str
    libelle: str
    avant: str
    apres: str


class EtablissementOut(Schema):
    siret: str
    siren: str
    nom: str
    naf: str
    libelle_naf: str
    naf25: str
    filiere: str | None
    tranche_effectifs: str
    libelle_tranche: str
    millesime_effectifs: str
    emplois_bas: int
    emplois_central: float
    emplois_haut: int
    etat: str
    siege: bool
    code_commune: str
    commune: str
    zone: str | None
    adresse: str | None
    latitude: float | None
    longitude: float | None
    fictif: bool
    url: str


class EtablissementDetailOut(EtablissementOut):
    unite_legale: str
    categorie_juridique: str
    libelle_categorie_juridique: str
    categorie_entreprise: str
    effectif_connu: int | None
    effectif_connu_source: str
    effectif_connu_date: str | None
    changements: list[ChangementOut]


class PageEtablissements(Schema):
    count: int
    page: int
    taille: int
    next: str | None
    previous: str | None
    results: list[EtablissementOut]


class FeatureCollection(Schema):
    type: str
    features: list[dict]


def _territoire(slug: str) -> Territoire:
    return get_object_or_404(Territoire, slug=slug)


def _etablissement(etab, territoire, public: bool) -> dict:
    montrable = adresse_montrable(etab, public)
    return {
        "siret": etab.siret,
        "siren": etab.siren,
        "nom": etab.nom_affiche(public=public),
        "naf": etab.naf,
        "libelle_naf": naf.libelle(etab.naf),
        "naf25": etab.naf25,
        "filiere": etab.filiere.libelle if etab.filiere_id else None,
        "tranche_effectifs": etab.tranche_effectifs,
        "libelle_tranche": etab.libelle_tranche(),
        "millesime_effectifs": etab.annee_effectifs,
        "emplois_bas": etab.emplois_bas,
        "emplois_central": etab.emplois_central,
        "emplois_haut": etab.emplois_haut,
        "etat": etab.etat,
        "siege": etab.siege,
        "code_commune": etab.code_commune,
        "commune": etab.commune.nom if etab.commune_id else etab.libelle_commune,
        "zone": etab.zone.nom if etab.zone_id else None,
        "adresse": etab.adresse() if montrable else None,
        "latitude": etab.latitude if montrable else None,
        "longitude": etab.longitude if montrable else None,
        "fictif": etab.fictif,
        "url": etab.url(territoire),
    }


@router.get("/territoires", response=list[TerritoireOut], url_name="territoires", summary="Territoires servis")
def territoires(request):
    """Every territory with its key figures (constant number of queries, Licence Ouverte 2.0)."""
    from territoire.pilotage.donnees_ouvertes import objet, territoires_publics

    lignes = sorted(territoires_publics(), key=lambda ligne: (ligne.territoire.nom, ligne.territoire.pk))
    return [
        {"slug": t.slug, "nom": t.nom, "id_ti": t.id_ti, "donnees_fictives": t.donnees_fictives,
         "url": t.get_absolute_url(), "phase": t.phase or None, "region": t.region.code if t.region_id else None,
         "chiffres": objet(ligne)}
        for ligne in lignes for t in [ligne.territoire]
    ]


@router.get("/territoires/{slug}/chiffres", response=dict, url_name="chiffres", summary="Chiffres clés d'un territoire")
def chiffres(request, slug: str):
    """Key figures, computed from the registry (the same as `territoire chiffres --json`)."""
    return chiffres_cles_memorises(_territoire(slug))


@router.get(
    "/territoires/{slug}/etablissements", response=PageEtablissements, url_name="etablissements",
    summary="Annuaire des établissements (paginé, mêmes filtres que l'annuaire)",
)
def etablissements(
    request, slug: str, q: str = "", filiere: str = "", zone: str = "", commune: str = "",
    tranche_min: str = "", etat: str = "actifs", industriels: bool = False, tri: str = "nom",
    page: int = _bornes(Query(1), 1, PAGE_MAX),
    taille: int = _bornes(Query(50), 1, TAILLE_MAX),
):
    """`filiere` is a filière code, `zone` a zone slug, `commune` an INSEE code, `tranche_min`
    a SIRENE band code (11 = 10 salariés ou plus), `etat` actifs, fermes or tous."""
    territoire = _territoire(slug)
    if not 1 <= taille <= TAILLE_MAX:
        raise HttpError(400, f"taille : entre 1 et {TAILLE_MAX} établissements par page (reçu {taille}).")
    if not 1 <= page <= PAGE_MAX:
        raise HttpError(400, f"page : entre 1 et {PAGE_MAX} (reçu {page}).")
    donnees = {
        "q": q, "filiere": filiere, "zone": zone, "commune": commune, "tranche_min": tranche_min,
        "etat": etat, "industriels": "on" if industriels else "", "tri": tri,
    }
    form = RechercheForm(donnees, territoire=territoire)
    if not form.is_valid():
        raise HttpError(400, " ".join(form.erreurs_lisibles()))
    interne = est_interne(request.user, territoire)
    debut = (page - 1) * taille

    def calculer() -> tuple[int, list[dict]]:
        choisis = selectionner(etablissements_visibles(request.user, territoire), form.cleaned_data, interne)
        qs = ordonner(choisis, form.cleaned_data.get("tri") or "nom")
        return choisis.count(), [_etablissement(e, territoire, public=not interne) for e in qs[debut : debut + taille]]

    # A page depends on the filters, its number and size and the viewer's kind only (every
    # read goes through `etablissements_visibles`, which depends on `interne` alone): kept
    # while the census and the registry are unchanged (docs/adr/0004).
    parametres = repr((sorted(donnees.items()), page, taille)).encode("utf-8")
    cle = f"api:etablissements:{'interne' if interne else 'public'}:{hashlib.blake2b(parametres, digest_size=16).hexdigest()}"
    total, resultats = memoriser(territoire, cle, calculer, lit=("etablissements", "referentiel"),
                                 etat=Etat.de_la_requete(request, territoire))
    base = request.build_absolute_uri(reverse("api:etablissements", kwargs={"slug": slug}))
    autres = request.GET.copy()

    def lien(numero: int) -> str:
        autres["page"] = str(numero)
        autres["taille"] = str(taille)
        return f"{base}?{autres.urlencode()}"

    return {
        "count": total,
        "page": page,
        "taille": taille,
        "next": lien(page + 1) if debut + taille < total else None,
        "previous": lien(page - 1) if page > 1 else None,
        "results": resultats,
    }


@router.get(
    "/territoires/{slug}/etablissements/{siret}", response=EtablissementDetailOut, url_name="etablissement",
    summary="Un établissement et l'historique de ses changements",
)
def etablissement(request, slug: str, siret: str):
    territoire = _territoire(slug)
    public = not est_interne(request.user, territoire)
    etab = etablissement_visible(
        request.user, territoire, siret,
        Etablissement.objects.select_related("unite_legale", "commune", "zone", "filiere")
        .defer("commune__contour", "zone__contour"),
    )
    if etab is None:
        raise Http404("Aucun établissement visible de ce territoire n'a ce SIRET.")
    ul = etab.unite_legale
    return {
        **_etablissement(etab, territoire, public),
        "unite_legale": ul.nom_affiche(public=public) if ul else "",
        "categorie_juridique": ul.categorie_juridique if ul else "",
        "libelle_categorie_juridique": ul.libelle_categorie_juridique() if ul else "",
        "categorie_entreprise": ul.categorie_entreprise if ul else "",
        "effectif_connu": etab.effectif_connu,
        "effectif_connu_source": etab.effectif_connu_source,
        "effectif_connu_date": etab.effectif_connu_date.isoformat() if etab.effectif_connu_date else None,
        "changements": [
            {"date_import": c.import_sirene.debut.isoformat(), "type": c.type, "libelle": c.get_type_display(),
             "avant": c.avant, "apres": c.apres}
            for c in etab.changements.select_related("import_sirene").order_by("-import_sirene__debut", "type")
        ],
    }


@router.get(
    "/territoires/{slug}/communes.geojson", response=FeatureCollection, url_name="communes_geojson",
    summary="Contours des communes (GeoJSON)",
)
def communes_geojson(request, slug: str):
    territoire = _territoire(slug)

    def calculer() -> list[dict]:
        return [
            {
                "type": "Feature",
                "geometry": arrondir(c.geometrie),
                "properties": {"code_insee": c.code_insee, "nom": c.nom, "population": c.population},
            }
            for c in territoire.communes.order_by("nom") if c.contour
        ]

    return reponse_couche(request, territoire, "communes", "public", calculer)


@router.get(
    "/territoires/{slug}/zones.geojson", response=FeatureCollection, url_name="zones_geojson",
    summary="Zones d'activité (GeoJSON)",
)
def zones_geojson(request, slug: str):
    territoire = _territoire(slug)
    return reponse_couche(request, territoire, "zones", "public", lambda: [
        {
            "type": "Feature",
            "geometry": arrondir(z.geometrie),
            "properties": {
                "slug": z.slug, "nom": z.nom, "type": z.get_type_display(),
                "surface_ha": float(z.surface_ha) if z.surface_ha is not None else None,
                "gestionnaire": z.gestionnaire, "contour_illustratif": z.contour_illustratif,
            },
        }
        for z in territoire.zones.order_by("nom")
    ])


@router.get(
    "/territoires/{slug}/etablissements.geojson", response=FeatureCollection, url_name="etablissements_geojson",
    summary="Établissements localisés (GeoJSON) : industriels suivis, ou tous avec tous=true",
)
def etablissements_geojson(request, slug: str, tous: bool = False):
    """Points of located establishments. Non-diffusible (P) establishments never appear as points;
    for the public, neither do sole traders (their address is often their home)."""
    territoire = _territoire(slug)
    public = not est_interne(request.user, territoire)
    variante = f"{'public' if public else 'interne'}:{'tous' if tous else 'suivis'}"
    return reponse_couche(request, territoire, "etablissements", variante,
                          lambda: _points(request, territoire, public, tous))


def _points(request, territoire, public: bool, tous: bool) -> list[dict]:
    qs = etablissements_visibles(request.user, territoire).filter(
        statut_diffusion="O", latitude__isnull=False, longitude__isnull=False
    )
    if tous:
        qs = qs.filter(etat="A", present=True)
    else:
        qs = qs.filter(pk__in=industriels_suivis(territoire).values("pk"))
    if public:
        qs = qs.exclude(unite_legale__categorie_juridique="1000")
    qs = qs.select_related("unite_legale", "filiere").only(
        "siret", "siren", "enseigne", "denomination_usuelle", "statut_diffusion", "latitude", "longitude",
        "naf", "tranche_effectifs", "fictif", "filiere__libelle", "unite_legale__denomination",
        "unite_legale__sigle", "unite_legale__nom", "unite_legale__prenom", "unite_legale__categorie_juridique",
        "unite_legale__statut_diffusion", "unite_legale__siren",
    )
    return [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [round(e.longitude, 5), round(e.latitude, 5)]},
            "properties": {
                "siret": e.siret, "nom": e.nom_affiche(public=public), "naf": e.naf,
                "filiere": e.filiere.libelle if e.filiere_id else None,
                "tranche": e.libelle_tranche(), "fictif": e.fictif, "url": e.url(territoire),
            },
        }
        for e in qs.iterator(chunk_size=2000)
    ]
