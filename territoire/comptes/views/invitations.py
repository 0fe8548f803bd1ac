"""Invitations: the team sends them (accounts page), the invited person follows the link."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from .. import actions
from ..forms import MotDePasseNouveauForm

BACKEND = "django.contrib.auth.backends.ModelBackend"

RAISONS = {
    "inconnue": "Ce lien d'invitation n'est pas valable : vérifiez qu'il a été copié en entier.",
    "expiree": "Ce lien d'invitation a expiré : demandez à l'équipe du territoire de vous en envoyer un nouveau.",
    "revoquee": "Cette invitation a été annulée par l'équipe du territoire.",
    "utilisee": "Cette invitation a déjà servi : connectez-vous avec le compte créé, ou demandez une nouvelle invitation.",
}


def _erreurs(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for champ, liste in exc.error_dict.items():
            for e in liste:
                form.add_error(champ if champ in form.fields else None, e)
    else:
        for message in exc.messages:
            form.add_error("mot_de_passe" if "mot de passe" in message.lower() else None, message)


@never_cache
@sensitive_post_parameters("mot_de_passe", "confirmation")
@require_http_methods(["GET", "POST"])
def invitation(request, jeton: str):
    try:
        inv = actions.invitation_par_jeton(jeton)
    except actions.InvitationInvalide as exc:
        return render(request, "comptes/invitation_invalide.html", {"raison": RAISONS[exc.raison]}, status=410 if exc.raison != "inconnue" else 404)
    espace = reverse("comptes:espace", kwargs={"territoire": inv.territoire.slug})
    # The page is drawn in the inviting territory's layout (its name, accent, navigation for
    # whoever is signed in, footer pages), as every page of that territory.
    request.territoire = inv.territoire
    if inv.compte_existant_id:
        return _rattacher(request, jeton, inv, espace)
    form = MotDePasseNouveauForm(request.POST or None, initial={"prenom": inv.prenom, "nom": inv.nom})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            user, _inv = actions.accepter_invitation(jeton, prenom=d["prenom"], nom=d["nom"], mot_de_passe=d["mot_de_passe"])
        except actions.InvitationInvalide as exc:
            return render(request, "comptes/invitation_invalide.html", {"raison": RAISONS[exc.raison]}, status=410)
        except ValidationError as exc:
            _erreurs(form, exc)
        else:
            auth_login(request, user, backend=BACKEND)
            messages.success(request, f"Bienvenue : votre compte est créé, votre identifiant est {user.get_username()}.")
            return redirect(espace)
    return render(request, "comptes/invitation.html", {"invitation": inv, "form": form, "territoire": inv.territoire})


def _rattacher(request, jeton, inv, espace):
    connecte_au_bon = request.user.is_authenticated and request.user.pk == inv.compte_existant_id
    erreur = ""
    if request.method == "POST" and connecte_au_bon:
        try:
            actions.rattacher_invitation(jeton, request.user)
        except actions.InvitationInvalide as exc:
            return render(request, "comptes/invitation_invalide.html", {"raison": RAISONS[exc.raison]}, status=410)
        except ValidationError as exc:
            erreur = " ".join(exc.messages)
        else:
            messages.success(request, f"Le rôle « {inv.get_role_display()} » est ajouté à votre compte.")
            return redirect(espace)
    return render(
        request,
        "comptes/invitation_compte_existant.html",
        {"invitation": inv, "territoire": inv.territoire, "connecte_au_bon": connecte_au_bon, "erreur": erreur,
         "connexion": f"{reverse('comptes:connexion')}?next={request.path}"},
    )
