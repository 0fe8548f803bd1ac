"""Pages of the plan and of one fiche-action, and the forms that change a fiche."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from territoire.comptes.models import Role
from territoire.comptes.vues import vue_territoire
from territoire.historique.actions import historique_de

from .. import actions, forms
from ..models import (
    Cofinancement,
    Decision,
    FicheAction,
    Jalon,
    LienFiche,
    LigneBudget,
    PieceJointe,
    Programme,
    ValeurIndicateur,
)
from ..queries import (
    fiches_suivies,
    fiches_visibles,
    lit_tout,
    peut_modifier,
    peut_suivre,
    programme_courant,
    voit_version_interne,
)
from ..tableau import charger_fiches, indicateurs_avec_valeurs, progression_indicateur
from ._commun import fiche_visible, page_formulaire, refuser


def _programme(request) -> Programme | None:
    return programme_courant(request.territoire, request.GET.get("phase"))


@vue_territoire()
def plan(request):
    """The action plan: every fiche the user may open (the public: published ones, as published)."""
    territoire = request.territoire
    programme = _programme(request)
    fiches = []
    if programme is not None:
        fiches = charger_fiches(
            programme, fiches_visibles(request.user, territoire).filter(programme=programme)
        )
    interne = lit_tout(request.user, territoire)
    lignes = []
    for f in fiches:
        if interne or voit_version_interne(request.user, f):
            lignes.append({"fiche": f, "publique": None})
        else:
            lignes.append({"fiche": f, "publique": f.version_publiee or {}})
    return render(
        request,
        "programme/plan.html",
        {
            "territoire": territoire,
            "programme": programme,
            "lignes": lignes,
            "programmes": territoire.programmes.all(),
            "interne": interne,
        },
    )


@vue_territoire(*Role.values)
def mes_fiches(request):
    territoire = request.territoire
    qs = fiches_suivies(request.user, territoire).select_related("programme")
    fiches = []
    for programme in Programme.objects.filter(fiches__in=qs).distinct():
        fiches += charger_fiches(programme, qs.filter(programme=programme))
    aujourdhui = timezone.localdate()
    return render(
        request,
        "programme/mes_fiches.html",
        {
            "territoire": territoire,
            "lignes": [{"fiche": f, "retard": f.raisons_retard(aujourdhui)} for f in fiches],
        },
    )


def _contexte_fiche(request, fiche: FicheAction) -> dict:
    territoire = request.territoire
    fiche = charger_fiches(fiche.programme, FicheAction.objects.filter(pk=fiche.pk))[0]
    aujourdhui = timezone.localdate()
    valeurs = ValeurIndicateur.objects.all()
    indicateurs = indicateurs_avec_valeurs(fiche.programme, valeurs)
    indicateurs = [progression_indicateur(i) for i in indicateurs if i.fiche_id == fiche.pk]
    sous_fiches = charger_fiches(fiche.programme, FicheAction.objects.filter(parent=fiche))
    return {
        "territoire": territoire,
        "fiche": fiche,
        "retard": fiche.raisons_retard(aujourdhui),
        "completude": fiche.completude(),
        "argent": fiche.argent(),
        "sous_fiches": sous_fiches,
        "indicateurs": indicateurs,
        "pieces": fiche.pieces_jointes.all(),
        "liens": LienFiche.objects.filter(source=fiche).select_related("cible"),
        "liens_entrants": LienFiche.objects.filter(cible=fiche).select_related("source"),
        "decisions": Decision.objects.filter(fiche=fiche).select_related("seance__instance"),
        "peut_modifier": peut_modifier(request.user, fiche),
        "peut_suivre": peut_suivre(request.user, fiche),
        "lit_tout": lit_tout(request.user, territoire),
        "form_maj": forms.MiseAJourForm(fiche=fiche) if peut_suivre(request.user, fiche) else None,
    }


@vue_territoire()
def fiche(request, pk: int):
    f = fiche_visible(request, pk)
    if not voit_version_interne(request.user, f):
        return _fiche_publique(request, f)
    return render(request, "programme/fiche.html", _contexte_fiche(request, f))


def _fiche_publique(request, f: FicheAction):
    if not f.version_publiee:
        raise Http404("Cette fiche n'a pas de version publiée.")
    indicateurs = indicateurs_avec_valeurs(
        f.programme, ValeurIndicateur.objects.filter(publiee=True)
    )
    indicateurs = [progression_indicateur(i) for i in indicateurs if i.fiche_id == f.pk]
    return render(
        request,
        "programme/fiche_publique.html",
        {
            "territoire": request.territoire,
            "fiche": f,
            "v": f.version_publiee,
            "indicateurs": indicateurs,
        },
    )


@vue_territoire(Role.EQUIPE)
def fiche_creer(request):
    programme = _programme(request)
    if programme is None:
        messages.error(request, "Créez d'abord une phase du programme (administration).")
        return redirect("programme:plan", territoire=request.territoire.slug)
    form = forms.FicheForm(request.POST or None, programme=programme)
    cree = {}

    def enregistrer(d):
        cree["fiche"] = actions.creer_fiche(programme, request.user, **d)

    reponse = page_formulaire(
        request,
        form,
        titre=f"Nouvelle fiche-action ({programme})",
        enregistrer=enregistrer,
        suite=reverse("programme:plan", kwargs={"territoire": request.territoire.slug}),
    )
    if "fiche" in cree:
        return redirect(cree["fiche"].get_absolute_url())
    return reponse


@vue_territoire(Role.EQUIPE)
def fiche_modifier(request, pk: int):
    f = fiche_visible(request, pk)
    form = forms.FicheForm(request.POST or None, instance=f, programme=f.programme)
    return page_formulaire(
        request,
        form,
        titre=f"Modifier la fiche {f.numero}",
        fiche=f,
        enregistrer=lambda d: actions.modifier_fiche(
            FicheAction.objects.get(pk=f.pk), request.user, **d
        ),
        suite=f.get_absolute_url(),
        intro="Le statut et l'avancement changent par une mise à jour datée et signée, sur la page de la fiche.",
    )


@require_POST
@vue_territoire(Role.EQUIPE)
def fiche_publier(request, pk: int):
    f = fiche_visible(request, pk)
    try:
        if request.POST.get("retirer"):
            actions.depublier_fiche(f, request.user)
            messages.success(request, "La fiche n'est plus publiée.")
        else:
            actions.publier_fiche(f, request.user)
            messages.success(request, "La fiche est publiée telle qu'elle est maintenant.")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(f.get_absolute_url())


def _fiche_suivie(request, pk):
    f = fiche_visible(request, pk)
    if not peut_suivre(request.user, f):
        return f, refuser(request)
    return f, None


@vue_territoire()
def maj_creer(request, pk: int):
    f, refus = _fiche_suivie(request, pk)
    if refus:
        return refus
    form = forms.MiseAJourForm(request.POST or None, fiche=f)
    return page_formulaire(
        request,
        form,
        titre=f"Mise à jour de la fiche {f.numero}",
        fiche=f,
        enregistrer=lambda d: actions.enregistrer_mise_a_jour(f, request.user, **d),
        suite=f.get_absolute_url(),
        intro="Datée et signée de votre nom : c'est la seule façon de changer le statut de la fiche.",
    )


@vue_territoire()
def jalon_creer(request, pk: int):
    f, refus = _fiche_suivie(request, pk)
    if refus:
        return refus
    form = forms.JalonForm(request.POST or None)
    return page_formulaire(
        request,
        form,
        titre=f"Nouveau jalon de la fiche {f.numero}",
        fiche=f,
        enregistrer=lambda d: actions.ajouter_jalon(f, request.user, **d),
        suite=f.get_absolute_url(),
    )


@vue_territoire()
def jalon_modifier(request, pk: int):
    jalon = get_object_or_404(
        Jalon.objects.filter(fiche__in=fiches_visibles(request.user, request.territoire)), pk=pk
    )
    f, refus = _fiche_suivie(request, jalon.fiche_id)
    if refus:
        return refus
    form = forms.JalonForm(request.POST or None, instance=jalon)
    return page_formulaire(
        request,
        form,
        titre=f"Jalon « {jalon.libelle} »",
        fiche=f,
        enregistrer=lambda d: actions.modifier_jalon(
            Jalon.objects.get(pk=jalon.pk), request.user, **d
        ),
        suite=f.get_absolute_url(),
    )


@vue_territoire(Role.EQUIPE)
def budget_creer(request, pk: int):
    f = fiche_visible(request, pk)
    form = forms.LigneBudgetForm(request.POST or None)
    return page_formulaire(
        request,
        form,
        titre=f"Ligne de budget de la fiche {f.numero}",
        fiche=f,
        enregistrer=lambda d: actions.ajouter_ligne_budget(f, request.user, **d),
        suite=f.get_absolute_url(),
    )


@require_POST
@vue_territoire(Role.EQUIPE)
def budget_supprimer(request, pk: int):
    ligne = get_object_or_404(LigneBudget, pk=pk, fiche__programme__territoire=request.territoire)
    url = ligne.fiche.get_absolute_url()
    actions.supprimer_ligne_budget(ligne, request.user)
    messages.success(request, "Ligne de budget supprimée.")
    return redirect(url)


@vue_territoire(Role.EQUIPE)
def cofinancement_creer(request, pk: int):
    f = fiche_visible(request, pk)
    form = forms.CofinancementForm(request.POST or None, territoire=request.territoire)
    return page_formulaire(
        request,
        form,
        titre=f"Cofinancement de la fiche {f.numero}",
        fiche=f,
        enregistrer=lambda d: actions.ajouter_cofinancement(f, request.user, **d),
        suite=f.get_absolute_url(),
    )


@vue_territoire(Role.EQUIPE)
def cofinancement_modifier(request, pk: int):
    cofi = get_object_or_404(Cofinancement, pk=pk, fiche__programme__territoire=request.territoire)
    form = forms.CofinancementForm(
        request.POST or None, instance=cofi, territoire=request.territoire
    )
    return page_formulaire(
        request,
        form,
        titre=f"Cofinancement « {cofi} »",
        fiche=cofi.fiche,
        enregistrer=lambda d: actions.modifier_cofinancement(
            Cofinancement.objects.get(pk=cofi.pk), request.user, **d
        ),
        suite=cofi.fiche.get_absolute_url(),
        intro="Passez l'étape à « Accordé » puis « Versé » au fil du dossier.",
    )


@vue_territoire(Role.EQUIPE)
def piece_creer(request, pk: int):
    f = fiche_visible(request, pk)
    form = forms.PieceJointeForm(request.POST or None, request.FILES or None)
    return page_formulaire(
        request,
        form,
        titre=f"Pièce jointe de la fiche {f.numero}",
        fiche=f,
        enregistrer=lambda d: actions.ajouter_piece_jointe(f, request.user, **d),
        suite=f.get_absolute_url(),
    )


@vue_territoire(*Role.values)
def piece_telecharger(request, pk: int):
    piece = get_object_or_404(
        PieceJointe.objects.select_related("fiche__programme__territoire"),
        pk=pk,
        fiche__in=fiches_visibles(request.user, request.territoire),
    )
    if not voit_version_interne(request.user, piece.fiche):
        raise Http404("Pièce introuvable.")
    try:
        fichier = piece.fichier.open("rb")
    except FileNotFoundError as exc:
        raise Http404("Le fichier de cette pièce n'est plus sur le serveur.") from exc
    return FileResponse(fichier, as_attachment=True, filename=piece.fichier.name.rsplit("/", 1)[-1])


@vue_territoire(Role.EQUIPE)
def lien_creer(request, pk: int):
    f = fiche_visible(request, pk)
    form = forms.LienForm(request.POST or None, fiche=f)
    form.instance.source = f
    return page_formulaire(
        request,
        form,
        titre=f"Lier la fiche {f.numero} à une autre",
        fiche=f,
        enregistrer=lambda d: actions.lier_fiches(f, d["cible"], d["type"], request.user),
        suite=f.get_absolute_url(),
    )


@vue_territoire(Role.EQUIPE)
def indicateur_creer(request, pk: int):
    f = fiche_visible(request, pk)
    form = forms.IndicateurForm(request.POST or None)
    form.instance.programme, form.instance.fiche = f.programme, f
    return page_formulaire(
        request,
        form,
        titre=f"Nouvel indicateur de la fiche {f.numero}",
        fiche=f,
        enregistrer=lambda d: actions.creer_indicateur(f.programme, request.user, fiche=f, **d),
        suite=f.get_absolute_url(),
    )


@vue_territoire(Role.EQUIPE, Role.PILOTAGE)
def historique(request, pk: int):
    f = fiche_visible(request, pk)
    entrees = historique_de(f)
    return render(
        request,
        "programme/historique.html",
        {
            "territoire": request.territoire,
            "fiche": f,
            "entrees": entrees,
        },
    )
