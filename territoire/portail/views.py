"""Public pages: the list of territories and each territory's home page (key figures)."""

from __future__ import annotations

from functools import cache as une_fois

from django.shortcuts import redirect, render

from territoire.comptes.vues import vue_territoire
from territoire.etablissements.chiffres import definitions
from territoire.observatoire.cache import chiffres_cles_memorises
from territoire.referentiel.models import Territoire

# Geometry of the server-rendered bar charts (SVG user units).
HAUTEUR_BARRE = 26
LARGEUR_LIBELLES = 300
LARGEUR_BARRES = 270


def racine(request):
    territoires = list(Territoire.objects.all())
    if len(territoires) == 1:
        return redirect(territoires[0].get_absolute_url())
    return render(request, "portail/racine.html", {"territoires": territoires})


def graphique(ident: str, titre: str, description: str, valeurs: dict[str, int]) -> dict:
    """A horizontal bar chart drawn by the template as SVG, with the same data as a table."""
    maximum = max(valeurs.values(), default=0) or 1
    barres = []
    for i, (libelle, n) in enumerate(valeurs.items()):
        largeur = round(LARGEUR_BARRES * n / maximum, 1)
        y = i * HAUTEUR_BARRE
        barres.append({
            "libelle": libelle, "n": n, "largeur": largeur, "y": y, "y_texte": y + HAUTEUR_BARRE * 0.65,
            "x_valeur": LARGEUR_LIBELLES + 10 + largeur + 6,
        })
    total = sum(valeurs.values())
    return {
        "id": ident, "titre": titre, "description": description, "barres": barres, "total": total,
        "hauteur": max(len(barres), 1) * HAUTEUR_BARRE, "x_barres": LARGEUR_LIBELLES + 10,
        "x_libelles": LARGEUR_LIBELLES, "largeur": LARGEUR_LIBELLES + LARGEUR_BARRES + 70,
        "hauteur_barre": HAUTEUR_BARRE - 8,
    }


def _graphiques(chiffres: dict) -> list[dict]:
    return [
        graphique(
            "filiere", "Établissements industriels suivis par filière",
            "Nombre d'établissements industriels suivis dans chaque filière.", chiffres["par_filiere"],
        ),
        graphique(
            "zone", "Établissements industriels suivis par zone d'activité",
            "Nombre d'établissements industriels suivis dans chaque zone ; « Hors zone » compte les autres.",
            chiffres["par_zone"],
        ),
        graphique(
            "tranche", "Établissements industriels suivis par tranche d'effectifs",
            "Nombre d'établissements industriels suivis dans chaque tranche d'effectifs SIRENE.",
            chiffres["par_tranche"],
        ),
    ]


@vue_territoire()
def accueil(request):
    """The census's key figures and charts. The page's body is a `{% memoire %}` fragment: its
    data are passed lazily and read only when the fragment is not in the cache; the figures are
    the census's part alone (`etablissements`), which a desk submission or a plan update does
    not renew (docs/adr/0004)."""
    territoire = request.territoire
    chiffres = une_fois(lambda: chiffres_cles_memorises(territoire, ("etablissements",)))
    return render(request, "portail/accueil.html", {
        "territoire": territoire, "chiffres": chiffres, "definitions": une_fois(lambda: definitions(territoire)),
        "graphiques": une_fois(lambda: _graphiques(chiffres())),
    })


def _identite(territoire):
    from territoire.ui.models import Identite

    return Identite.objects.filter(territoire=territoire).first() or Identite(territoire=territoire)


@vue_territoire()
def mentions_legales(request):
    territoire = request.territoire
    return render(request, "portail/mentions_legales.html", {
        "territoire": territoire, "identite": _identite(territoire), "fil": [("Mentions légales", None)],
    })


@vue_territoire()
def accessibilite(request):
    territoire = request.territoire
    return render(request, "portail/accessibilite.html", {
        "territoire": territoire, "identite": _identite(territoire),
        "fil": [("Déclaration d'accessibilité", None)],
    })


@vue_territoire()
def donnees_personnelles(request):
    from territoire.ui.donnees_personnelles import registre

    territoire = request.territoire
    return render(request, "portail/donnees_personnelles.html", {
        "territoire": territoire, "identite": _identite(territoire), "traitements": registre(),
        "fil": [("Données personnelles", None)],
    })


@vue_territoire()
def plan_du_site(request):
    from territoire.comptes.acces import roles
    from territoire.ui.navigation import navigation_de

    territoire = request.territoire
    nav = navigation_de(territoire, roles(request.user, territoire), request.path)
    return render(request, "portail/plan_du_site.html", {
        "territoire": territoire, "plan": nav.groupes, "fil": [("Plan du site", None)],
    })
