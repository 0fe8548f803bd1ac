"""The plan's dashboard and the indicators' pages."""

from __future__ import annotations

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from territoire.comptes.acces import a_un_role
from territoire.comptes.models import Role
from territoire.comptes.vues import vue_territoire

from .. import actions, forms, graphiques
from ..models import Indicateur
from ..queries import (
    indicateurs_visibles,
    lit_tout,
    peut_suivre,
    programme_courant,
    valeurs_lisibles,
    valeurs_visibles,
)
from ..tableau import progression_indicateur, tableau_de_bord
from ._commun import page_formulaire, refuser


@vue_territoire(Role.EQUIPE, Role.PILOTAGE)
def tableau(request):
    territoire = request.territoire
    programme = programme_courant(territoire, request.GET.get("phase"))
    contexte = {
        "territoire": territoire,
        "programme": programme,
        "programmes": territoire.programmes.all(),
    }
    if programme is not None:
        contexte["t"] = tableau_de_bord(programme, timezone.localdate())
    return render(request, "programme/tableau.html", contexte)


def _graphique(valeurs) -> dict | None:
    return graphiques.courbe([(v.date, v.type, v.valeur) for v in valeurs])


@vue_territoire()
def indicateurs(request):
    territoire = request.territoire
    programme = programme_courant(territoire, request.GET.get("phase"))
    lignes = []
    if programme is not None:
        qs = (
            indicateurs_visibles(request.user, territoire)
            .filter(programme=programme)
            .select_related("fiche")
            .prefetch_related(
                Prefetch(
                    "valeurs",
                    queryset=valeurs_lisibles(request.user, territoire).order_by("date", "type"),
                )
            )
        )
        for ind in qs:
            valeurs = list(ind.valeurs.all())
            lignes.append(
                {
                    **progression_indicateur(ind),
                    "valeurs": valeurs,
                    "graphique": _graphique(valeurs),
                }
            )
    return render(
        request,
        "programme/indicateurs.html",
        {
            "territoire": territoire,
            "programme": programme,
            "lignes": lignes,
            "programmes": territoire.programmes.all(),
        },
    )


def _indicateur_visible(request, pk):
    return get_object_or_404(
        indicateurs_visibles(request.user, request.territoire).select_related(
            "fiche", "programme__territoire"
        ),
        pk=pk,
    )


def _peut_saisir(user, ind: Indicateur) -> bool:
    if ind.fiche_id:
        return peut_suivre(user, ind.fiche)
    return a_un_role(user, ind.programme.territoire, Role.EQUIPE)


@vue_territoire()
def indicateur(request, pk: int):
    ind = _indicateur_visible(request, pk)
    valeurs = list(valeurs_visibles(request.user, ind).order_by("date", "type"))
    ind._prefetched_objects_cache = {"valeurs": valeurs}
    return render(
        request,
        "programme/indicateur.html",
        {
            "territoire": request.territoire,
            "ind": ind,
            "valeurs": valeurs,
            "p": progression_indicateur(ind),
            "graphique": _graphique(valeurs),
            "peut_saisir": _peut_saisir(request.user, ind),
            "publics_seulement": not lit_tout(request.user, request.territoire)
            and not (ind.fiche_id and peut_suivre(request.user, ind.fiche)),
        },
    )


@vue_territoire()
def valeur_creer(request, pk: int):
    ind = _indicateur_visible(request, pk)
    if not _peut_saisir(request.user, ind):
        return refuser(request)
    form = forms.ValeurForm(request.POST or None)

    return page_formulaire(
        request,
        form,
        titre=f"Valeur de l'indicateur « {ind.libelle} » ({ind.unite})",
        fiche=ind.fiche,
        enregistrer=lambda d: actions.saisir_valeur(ind, request.user, **d),
        suite=reverse(
            "programme:indicateur", kwargs={"territoire": request.territoire.slug, "pk": ind.pk}
        ),
        intro="Une valeur de même date et de même type remplace la précédente. Le public ne voit que les valeurs publiées.",
    )
