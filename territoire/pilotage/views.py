"""Pages of the Region's and the State's view: their territories side by side, on a map and in a
table, exports and comparisons (docs/territoires.md)."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify

from territoire.referentiel.territoires_industrie import liste as liste_ti
from territoire.ui.listes import repondre

from . import carte, exports
from .indicateurs import INDICATEURS, PAR_CLE, tableau_memorise, totaux
from .perimetres import perimetres_de, peut_ouvrir, resoudre
from .tableau import CARTOGRAPHIABLES, Entetes, colonnes, trier

COMPARAISON_MAX = 12


def vue_perimetre(view):
    """Resolve the ``perimetre`` slug and check that the person may open it."""

    @wraps(view)
    def enveloppe(request, *args, perimetre: str, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        request.perimetre = resoudre(perimetre)
        if not peut_ouvrir(request.user, request.perimetre):
            raise PermissionDenied(
                "Cette page est réservée aux membres du pilotage de ce périmètre (Région, État)."
            )
        return view(request, *args, **kwargs)

    return enveloppe


def _phase(request) -> str:
    phase = request.GET.get("phase", liste_ti.PHASE_COURANTE)
    return phase if phase in liste_ti.PHASES else liste_ti.PHASE_COURANTE


def sources(phase: str, lignes) -> list[str]:
    liste = liste_ti.charger(verifier=False)
    imports = [ligne.v("dernier_import") for ligne in lignes if ligne.v("dernier_import")]
    millesimes = sorted({ligne.v("millesime") for ligne in lignes if ligne.v("millesime")})
    texte_imports = (
        f"du {min(imports):%d/%m/%Y} au {max(imports):%d/%m/%Y}" if imports else "aucun import"
    )
    return [
        f"Territoires : ANCT, liste des Territoires d'industrie {phase} ({liste.meta['licence']}).",
        f"Communes et populations : INSEE, Code officiel géographique {liste.cog['millesime']}.",
        f"Établissements : INSEE, stock SIRENE (Licence Ouverte 2.0), imports {texte_imports} ; "
        f"millésime des tranches d'effectifs : {', '.join(millesimes) or 'inconnu'}.",
    ]


def accueil(request):
    """The perimeters of the signed-in person (one: straight to it)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    mes = perimetres_de(request.user)
    if len(mes) == 1:
        return redirect("pilotage:perimetre", perimetre=mes[0].code)
    return render(request, "pilotage/accueil.html", {"perimetres": mes, "fil": [("Pilotage", None)]})


def _non_crees(perimetre, phase: str, lignes) -> list:
    """Territories of the ANCT's list in the perimeter that this instance does not hold."""
    liste = liste_ti.charger(verifier=False)
    ici = {ligne.territoire.id_ti for ligne in lignes}
    return [
        t for t in liste.territoires(phase)
        if t.id_ti not in ici and (perimetre.region is None or t.region == perimetre.region.code)
    ]


@vue_perimetre
def perimetre(request):
    p = request.perimetre
    phase = _phase(request)
    lignes = tableau_memorise(p.territoires(phase))
    tri = request.GET.get("tri", "id_ti")
    indicateur = request.GET.get("indicateur", "emplois_industriels")
    if indicateur not in CARTOGRAPHIABLES:
        indicateur = "emplois_industriels"
    cols = colonnes(pilotage=True)
    lignes_triees = trier(lignes, tri)
    parametres = {"phase": phase, "indicateur": indicateur}
    contexte = {
        "perimetre": p,
        "phase": phase,
        "phases": liste_ti.PHASES,
        "lignes": lignes_triees,
        "colonnes": cols,
        "liste": Entetes(cols, tri, parametres),
        "totaux": totaux(lignes),
        "indicateur": PAR_CLE.get(indicateur),
        "indicateur_cle": indicateur,
        "cartographiables": [PAR_CLE[c] for c in CARTOGRAPHIABLES],
        "par_valeur": trier(lignes, f"-{indicateur}"),
        "definitions": INDICATEURS,
        "non_crees": _non_crees(p, phase, lignes),
        "sources": sources(phase, lignes),
        "config_carte": {
            "geojson": reverse("pilotage:carte", kwargs={"perimetre": p.code}) + f"?phase={phase}",
            "indicateur": indicateur,
            "libelle": PAR_CLE[indicateur].libelle,
            "unite": PAR_CLE[indicateur].unite,
        },
        "fil": [("Pilotage", reverse("pilotage:accueil")), (p.libelle, None)],
        "sans_cote": True,
    }
    return repondre(request, "pilotage/perimetre.html", contexte)


@vue_perimetre
def carte_geojson(request):
    p = request.perimetre
    phase = _phase(request)
    lignes = tableau_memorise(p.territoires(phase))
    return HttpResponse(carte.collection_texte(lignes, pilotage=True), content_type="application/geo+json")


def _nom_fichier(perimetre, phase: str, extension: str) -> str:
    return f"territoires-industrie-{slugify(perimetre.libelle)}-{phase}.{extension}"


@vue_perimetre
def export(request, format: str):
    p = request.perimetre
    phase = _phase(request)
    lignes = trier(tableau_memorise(p.territoires(phase)), request.GET.get("tri", "id_ti"))
    cols = colonnes(pilotage=True)
    if format == "csv":
        reponse = HttpResponse(exports.csv_territoires(lignes, cols), content_type="text/csv; charset=utf-8")
    else:
        titre = f"Territoires d'industrie {phase} — {p.libelle}"
        reponse = HttpResponse(
            exports.xlsx_territoires(lignes, cols, titre, sources(phase, lignes)),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    reponse["Content-Disposition"] = f'attachment; filename="{_nom_fichier(p, phase, format)}"'
    return reponse


def choisir(slugs: list[str], disponibles) -> tuple[list, list[str]]:
    """The territories named in the address (in their order, once each) and the unknown names."""
    par_slug = {t.slug: t for t in disponibles}
    choisis, inconnus = [], []
    for slug in dict.fromkeys(s.strip() for s in slugs if s.strip()):
        (choisis.append(par_slug[slug]) if slug in par_slug else inconnus.append(slug[:80]))
    return choisis, inconnus


@vue_perimetre
def comparer(request):
    p = request.perimetre
    phase = request.GET.get("phase", "")
    disponibles = list(p.territoires(None))
    choisis, inconnus = choisir(request.GET.getlist("t"), disponibles)
    erreur = ""
    if inconnus:
        erreur = (f"Territoire(s) inconnu(s) dans ce périmètre, ignoré(s) : {', '.join(inconnus)}.")
    if len(choisis) > COMPARAISON_MAX:
        erreur = f"Au plus {COMPARAISON_MAX} territoires à la fois : les {COMPARAISON_MAX} premiers sont comparés."
        choisis = choisis[:COMPARAISON_MAX]
    lignes = tableau_memorise(choisis) if len(choisis) >= 2 else []
    return render(request, "pilotage/comparer.html", {
        "perimetre": p, "phase": phase, "lignes": lignes, "choisis": choisis, "erreur": erreur,
        "disponibles": disponibles, "indicateurs": INDICATEURS,
        "fil": [("Pilotage", reverse("pilotage:accueil")),
                (p.libelle, reverse("pilotage:perimetre", kwargs={"perimetre": p.code})), ("Comparer", None)],
        "sans_cote": True,
    })
