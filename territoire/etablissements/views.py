"""Pages of the census: directory (with CSV export), establishment, map, import runs."""

from __future__ import annotations

from functools import cache as une_fois

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from territoire.comptes.acces import est_interne
from territoire.comptes.vues import vue_territoire
from territoire.referentiel.geo import arrondir
from territoire.referentiel.models import Commune
from territoire.ui.listes import Colonne, Liste, repondre

from . import naf
from .chiffres import industriels_suivis
from .exports import adresse_montrable, lignes_csv
from .forms import ChangementsForm, RechercheForm
from .models import Etablissement
from .queries import (
    changements_de,
    etablissement_visible,
    etablissements_visibles,
    imports_du_territoire,
    ordonner,
    selectionner,
    statistiques_par_commune,
    statistiques_par_zone,
)

PAR_PAGE = 50


def _recherche(request):
    """The validated search form, the filtered establishments the user may see (unsorted:
    cheap to count) and the same sorted for display."""
    territoire = request.territoire
    form = RechercheForm(request.GET or None, territoire=territoire)
    interne = est_interne(request.user, territoire)
    criteres = form.criteres()
    choisis = selectionner(etablissements_visibles(request.user, territoire), criteres, interne)
    return form, choisis, ordonner(choisis, criteres.get("tri") or "nom", interne), interne


COLONNES_ANNUAIRE = [
    Colonne("nom", "Nom"),
    Colonne("", "SIRET"),
    Colonne("", "Activité"),
    Colonne("taille", "Effectif"),
    Colonne("commune", "Commune"),
    Colonne("", "Zone"),
]


@vue_territoire()
def liste(request):
    """The directory: RechercheForm's filters (shared with the CSV export and the API), the
    shared list component for the count, the sort links and the pagination."""
    territoire = request.territoire
    form = RechercheForm(request.GET or None, territoire=territoire)
    interne = est_interne(request.user, territoire)
    for erreur in form.erreurs_lisibles():
        messages.error(request, f"{erreur} Ce filtre n'a pas été appliqué.")

    # The list and its rows are built only when the page's `{% memoire %}` fragment for these
    # parameters and this kind of viewer is not in the cache (or has gone stale).
    @une_fois
    def resultats():
        criteres = form.criteres()
        tri = criteres.get("tri") or "nom"
        return Liste(
            request, selectionner(etablissements_visibles(request.user, territoire), criteres, interne),
            colonnes=COLONNES_ANNUAIRE, tri_defaut="nom", par_page=PAR_PAGE,
            noms=("établissement", "établissements"), ident="annuaire",
            ordonner=lambda qs, _tri: ordonner(qs, tri, interne),
        )

    lignes = une_fois(lambda: [
        {"etablissement": e, "nom": e.nom_affiche(public=not interne), "libelle_naf": naf.libelle(e.naf)}
        for e in resultats().lignes
    ])
    parametres = request.GET.copy()
    parametres.pop("page", None)
    return repondre(
        request,
        "etablissements/liste.html",
        {
            "territoire": territoire, "form": form, "liste": resultats, "lignes": lignes, "interne": interne,
            "parametres": parametres.urlencode(), "fil": [("Annuaire des établissements", None)],
        },
        ident="annuaire",
    )


@vue_territoire()
def export_csv(request):
    territoire = request.territoire
    form, _, qs, interne = _recherche(request)
    reponse = StreamingHttpResponse(
        lignes_csv(qs.iterator(chunk_size=2000), public=not interne), content_type="text/csv; charset=utf-8"
    )
    nom = f"etablissements-{territoire.slug}-{timezone.localdate():%Y%m%d}.csv"
    reponse["Content-Disposition"] = f'attachment; filename="{nom}"'
    return reponse


@vue_territoire()
def detail(request, siret: str):
    territoire = request.territoire
    interne = est_interne(request.user, territoire)
    etab = etablissement_visible(
        # The outlines (GeoJSON) of the commune and the zone are not drawn here: not read.
        request.user, territoire, siret,
        Etablissement.objects.select_related("unite_legale", "commune", "zone", "filiere").defer("commune__contour"),
    )
    if etab is None:
        raise Http404("Aucun établissement visible de ce territoire n'a ce SIRET.")
    public = not interne
    siege = None
    ul = etab.unite_legale
    if ul and ul.nic_siege and not etab.siege:
        siege = etablissement_visible(request.user, territoire, f"{ul.siren}{ul.nic_siege}",
                                      Etablissement.objects.only("siret", "commune_id", "statut_diffusion"))
    montrer_adresse = adresse_montrable(etab, public)
    carte = None
    if etab.latitude is not None and etab.longitude is not None and montrer_adresse:
        carte = {
            "point": [etab.latitude, etab.longitude],
            "zone": arrondir(etab.zone.geometrie) if etab.zone_id else None,
        }
    changements = etab.changements.select_related("import_sirene").order_by("-import_sirene__debut", "type")
    return render(
        request,
        "etablissements/detail.html",
        {
            "territoire": territoire,
            "etablissement": etab,
            "nom": etab.nom_affiche(public=public),
            "nom_unite_legale": ul.nom_affiche(public=public) if ul else "",
            "libelle_naf": naf.libelle(etab.naf),
            "siege": siege,
            "montrer_adresse": montrer_adresse,
            "carte": carte,
            "changements": changements,
        },
    )


@vue_territoire()
def carte(request):
    territoire = request.territoire
    interne = est_interne(request.user, territoire)
    vide = {"n": 0, "bas": 0, "central": 0, "haut": 0}
    # The tables are read only when the page's `{% memoire %}` fragment for this kind of viewer
    # is not in the cache (or has gone stale).
    zones = une_fois(lambda: list(territoire.zones.defer("contour").order_by("nom").prefetch_related(
        Prefetch("communes", queryset=Commune.objects.only("pk", "nom"))
    )))

    def lignes_zones():
        par_zone = statistiques_par_zone(industriels_suivis(territoire))
        return [{**par_zone.get(z.pk, vide), "zone": z} for z in zones()]

    def lignes_communes():
        par_commune = statistiques_par_commune(industriels_suivis(territoire))
        actifs_par_commune = statistiques_par_commune(
            etablissements_visibles(request.user, territoire).filter(etat="A")
        )
        return [
            {"commune": c, "suivis": par_commune.get(c.pk, vide)["n"], "actifs": actifs_par_commune.get(c.pk, vide)["n"]}
            for c in territoire.communes.defer("contour").order_by("nom")
        ]

    api = {
        "communes": reverse("api:communes_geojson", kwargs={"slug": territoire.slug}),
        "zones": reverse("api:zones_geojson", kwargs={"slug": territoire.slug}),
        "etablissements": reverse("api:etablissements_geojson", kwargs={"slug": territoire.slug}),
    }
    return render(
        request,
        "etablissements/carte.html",
        {
            "territoire": territoire,
            "interne": interne,
            "lignes_zones": une_fois(lignes_zones),
            "lignes_communes": une_fois(lignes_communes),
            "contours_illustratifs": lambda: any(z.contour_illustratif for z in zones()),
            "config_carte": {"api": api},
        },
    )


@vue_territoire("equipe")
def imports(request):
    territoire = request.territoire
    page = Paginator(imports_du_territoire(territoire), PAR_PAGE).get_page(request.GET.get("page"))
    return render(request, "etablissements/imports.html", {
        "territoire": territoire, "page": page, "fil": [("Imports SIRENE", None)],
    })


@vue_territoire("equipe")
def import_detail(request, pk: int):
    territoire = request.territoire
    run = imports_du_territoire(territoire).filter(pk=pk).first()
    if run is None:
        raise Http404("Cet import n'existe pas sur ce territoire.")
    form = ChangementsForm(request.GET or None)
    type_ = ""
    if form.is_bound and form.is_valid():
        type_ = form.cleaned_data["type"]
    elif form.is_bound:
        for message in form.errors.get("type", []):
            messages.error(request, f"Type de changement : {message}")
    page = Paginator(changements_de(run, type_), 100).get_page(request.GET.get("page"))
    parametres = request.GET.copy()
    parametres.pop("page", None)
    return render(
        request,
        "etablissements/import_detail.html",
        {
            "territoire": territoire, "run": run, "form": form, "page": page, "parametres": parametres.urlencode(),
            "fil": [("Imports SIRENE", reverse("etablissements:imports", kwargs={"territoire": territoire.slug})),
                    (f"Import du {run.debut:%d/%m/%Y}", None)],
        },
    )
