"""Exchanges logged from a firm's page, their attachments and follow-ups; the portfolio of
firms nobody met in 12 months."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from territoire.comptes.vues import vue_territoire
from territoire.ui.collation import CleFrancaise
from territoire.ui.listes import Colonne, Liste, trier_sur

from .. import actions
from ..forms import InteractionForm
from ..models import Interaction, Organisation, PieceJointe, Suivi
from ..queries import douze_mois_avant
from ._commun import INTERNES, fil_organisations, url


@require_POST
@vue_territoire("equipe", "partenaire")
def interaction_nouvelle(request, pk: int):
    territoire = request.territoire
    orga = get_object_or_404(Organisation.objects.for_user(request.user, territoire), pk=pk)
    form = InteractionForm(request.POST, request.FILES, organisation=orga, territoire=territoire)
    if not form.is_valid():
        return render(request, "reseau/interaction_form.html", {
            "territoire": territoire, "organisation": orga, "form": form,
            "fil": fil_organisations(territoire, (orga.nom, url("organisation", territoire, pk=orga.pk)),
                                     ("Nouvel échange", None)),
        }, status=400)
    d = form.cleaned_data
    actions.enregistrer_interaction(
        territoire, orga, type=d["type"], date=d["date"], objet=d["objet"], notes=d["notes"],
        contacts=d["contacts"], etiquettes=d["etiquettes"], auteur=request.user, fichier=d["fichier"],
        suivi={"action": d["suite"], "echeance": d["echeance"], "responsable": d["responsable"]},
    )
    messages.success(request, "Échange enregistré.")
    return redirect(url("organisation", territoire, pk=orga.pk) + "#echanges")


@vue_territoire(*INTERNES)
def piece_jointe(request, pk: int):
    """Attachments are served through this check, never from a public media folder."""
    piece = get_object_or_404(
        PieceJointe.objects.filter(interaction__in=Interaction.objects.for_user(request.user, request.territoire)), pk=pk
    )
    return FileResponse(piece.fichier.open("rb"), as_attachment=True, filename=piece.nom)


@require_POST
@vue_territoire("equipe", "partenaire")
def suivi_fait(request, pk: int):
    territoire = request.territoire
    suivi = get_object_or_404(Suivi.objects.filter(organisation__territoires=territoire), pk=pk)
    actions.marquer_suivi_fait(suivi, request.user)
    messages.success(request, "Suite marquée comme faite.")
    return redirect(url("organisation", territoire, pk=suivi.organisation_id) + "#suites")


COLONNES_PORTEFEUILLE = [
    Colonne("nom", "Entreprise", tri=(CleFrancaise("nom"), "pk")),
    Colonne("commune", "Commune", tri=(CleFrancaise("commune__nom"), CleFrancaise("nom"), "pk")),
    Colonne("", "Taille"),
    Colonne("rencontre", "Dernière rencontre", tri=(trier_sur("derniere_rencontre"), "pk")),
    Colonne("echange", "Dernier échange, courriel compris", tri=(trier_sur("derniere_interaction"), "pk")),
]


@vue_territoire(*INTERNES)
def non_rencontrees(request):
    territoire = request.territoire
    depuis = douze_mois_avant()
    qs = (Organisation.objects.non_rencontrees(territoire, depuis).avec_derniere_rencontre(territoire)
          .avec_derniere_interaction().select_related("commune"))
    liste = Liste(request, qs, colonnes=COLONNES_PORTEFEUILLE, tri_defaut="nom", noms=("entreprise", "entreprises"), feminin=True)
    return render(request, "reseau/non_rencontrees.html", {
        "territoire": territoire, "liste": liste, "depuis": depuis,
        "fil": fil_organisations(territoire, ("Entreprises non rencontrées", None)),
    })
