"""The team's accounts page: members and their roles, invitations, locks, second factors."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from .. import actions, connexion
from ..forms import DeverrouillageForm, InvitationForm
from ..models import Adhesion, Invitation
from ..vues import vue_territoire


def _url_gestion(request) -> str:
    return reverse("comptes:gestion", kwargs={"territoire": request.territoire.slug})


def _membres(territoire):
    adhesions = list(
        Adhesion.objects.filter(territoire=territoire)
        .select_related("utilisateur", "organisation")
        .order_by("utilisateur__username", "role")
    )
    par_personne: dict[int, dict] = {}
    for a in adhesions:
        ligne = par_personne.setdefault(a.utilisateur_id, {"utilisateur": a.utilisateur, "adhesions": []})
        ligne["adhesions"].append(a)
    return par_personne


def _identifiants(par_personne) -> set[str]:
    return {ligne["utilisateur"].get_username().strip().lower() for ligne in par_personne.values()}


@vue_territoire("equipe")
def gestion(request):
    t = request.territoire
    par_personne = _membres(t)
    avec_code = set(
        TOTPDevice.objects.filter(user__in=list(par_personne), confirmed=True).values_list("user_id", flat=True)
    )
    verrous = connexion.verrous_actifs(_identifiants(par_personne))
    comptes_bloques = {v.valeur for v in verrous if v.type == "compte"}
    membres = []
    for user_id, ligne in sorted(par_personne.items(), key=lambda kv: kv[1]["utilisateur"].get_username().lower()):
        u = ligne["utilisateur"]
        membres.append(
            {**ligne, "double_facteur": user_id in avec_code, "bloque": u.get_username().lower() in comptes_bloques}
        )
    invitations = list(
        Invitation.objects.du_territoire(t).select_related("organisation", "invitee_par", "utilisateur")[:50]
    )
    return render(
        request,
        "comptes/gestion.html",
        {"territoire": t, "membres": membres, "invitations": invitations,
         "verrous": [v for v in verrous if v.type == "adresse"], "comptes_bloques": comptes_bloques},
    )


@require_http_methods(["GET", "POST"])
@vue_territoire("equipe")
def inviter(request):
    t = request.territoire
    form = InvitationForm(request.POST or None, territoire=t)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            invitation, _jeton = actions.inviter(
                t, d["courriel"], d["role"], par=request.user, organisation=d["organisation"],
                conseiller=d["conseiller"], prenom=d["prenom"], nom=d["nom"],
                lien_de=lambda jeton: request.build_absolute_uri(reverse("comptes:invitation", kwargs={"jeton": jeton})),
            )
        except ValidationError as exc:
            for champ, liste in exc.message_dict.items():
                for message in liste:
                    form.add_error(champ if champ in form.fields else None, message)
        else:
            if invitation.compte_existant_id:
                messages.success(request, f"{invitation.courriel} a déjà un compte : le lien envoyé lui ajoutera le rôle une fois connecté.")
            else:
                messages.success(request, f"Invitation envoyée à {invitation.courriel} (valable jusqu'au {invitation.expire_le:%d/%m/%Y}).")
            return redirect(_url_gestion(request))
    return render(request, "comptes/inviter.html", {"territoire": t, "form": form})


@require_POST
@vue_territoire("equipe")
def invitation_revoquer(request, pk: int):
    invitation = get_object_or_404(Invitation, pk=pk, territoire=request.territoire)
    actions.revoquer_invitation(invitation, request.user)
    messages.success(request, f"Invitation de {invitation.courriel} révoquée : son lien ne sert plus.")
    return redirect(_url_gestion(request))


@require_POST
@vue_territoire("equipe")
def deverrouiller(request):
    form = DeverrouillageForm(request.POST)
    if not form.is_valid():
        raise Http404("Blocage inconnu.")
    type_, valeur = form.cleaned_data["type"], form.cleaned_data["valeur"].strip()
    # Only what concerns this territory's members: another territory's locks are not ours to lift.
    visibles = connexion.verrous_actifs(_identifiants(_membres(request.territoire)))
    cle = valeur.lower() if type_ == "compte" else valeur
    if not any(v.type == type_ and v.valeur == cle for v in visibles):
        raise Http404("Aucun blocage de ce type ne concerne les membres de ce territoire.")
    try:
        actions.deverrouiller(request.territoire, type_, valeur, request.user)
    except ValidationError as exc:
        raise Http404(" ".join(exc.messages)) from exc
    messages.success(request, f"{'Compte' if type_ == 'compte' else 'Adresse'} « {valeur} » débloqué : la connexion est de nouveau possible.")
    return redirect(_url_gestion(request))


@require_POST
@vue_territoire("equipe")
def double_facteur_reinitialiser(request, pk: int):
    if not Adhesion.objects.filter(territoire=request.territoire, utilisateur_id=pk).exists():
        raise Http404("Cette personne n'est pas membre de ce territoire.")
    user = get_object_or_404(get_user_model(), pk=pk)
    if user.is_superuser and not request.user.is_superuser:
        messages.error(request, "La double authentification d'un administrateur ne se réinitialise que par un administrateur.")
        return redirect(_url_gestion(request))
    actions.reinitialiser_double_facteur(request.territoire, user, request.user)
    messages.success(request, f"Double authentification de {user.get_username()} réinitialisée.")
    return redirect(_url_gestion(request))

