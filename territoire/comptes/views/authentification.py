"""Sign-in, the second factor, enrolment, passwords (reset by email, change)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.views.decorators.http import require_http_methods

from .. import connexion, double_facteur
from ..forms import CodeForm, ConnexionForm
from ._commun import destination_apres_connexion, suite_sure


def _avec_suite(nom: str, suite: str) -> str:
    url = reverse(nom)
    return f"{url}?{urlencode({'next': suite})}" if suite else url


class Connexion(auth_views.LoginView):
    template_name = "comptes/connexion.html"
    authentication_form = ConnexionForm

    def get_context_data(self, **kwargs):
        contexte = super().get_context_data(**kwargs)
        contexte["expire"] = self.request.GET.get("expire") == "1"
        return contexte

    def form_valid(self, form):
        auth_login(self.request, form.get_user())
        suite = suite_sure(self.request, self.get_redirect_url())
        etat = double_facteur.etat_en_attente(self.request)
        if etat == double_facteur.A_VERIFIER:
            return redirect(_avec_suite("comptes:verification", suite))
        if etat == double_facteur.A_ACTIVER:
            return redirect(_avec_suite("comptes:double_facteur", suite))
        return redirect(suite or destination_apres_connexion(self.request.user))


@require_http_methods(["GET", "POST"])
def verification(request):
    """The code after the password, for an account with a confirmed TOTP device."""
    if not request.user.is_authenticated:
        return redirect("comptes:connexion")
    suite = suite_sure(request, request.POST.get("next") or request.GET.get("next"))
    if double_facteur.etat_en_attente(request) != double_facteur.A_VERIFIER:
        # Nothing owed (already verified, or no device): say so rather than guess a destination.
        return render(request, "comptes/verification_inutile.html", {"suite": suite or destination_apres_connexion(request.user)})
    appareil = double_facteur.appareil_confirme(request.user)
    if appareil is None:  # the team removed the device meanwhile: sign in again
        double_facteur.noter_exigence(None, request, request.user)
        return redirect(_avec_suite("comptes:double_facteur", suite) if double_facteur.etat_en_attente(request)
                        else (suite or destination_apres_connexion(request.user)))
    form = CodeForm(request.POST or None)
    attente = double_facteur.attente_restante(appareil)
    if request.method == "POST" and form.is_valid():
        if attente:
            form.add_error("code", f"Trop de codes erronés : attendez {attente} secondes avant de réessayer.")
        elif double_facteur.verifier_code(request.user, appareil, form.cleaned_data["code"]):
            double_facteur.marquer_verifie(request)
            return redirect(suite or destination_apres_connexion(request.user))
        else:
            appareil.refresh_from_db()
            attente = double_facteur.attente_restante(appareil)
            message = "Code incorrect ou déjà utilisé : saisissez le code affiché maintenant par votre application."
            if attente:
                message += f" Prochain essai possible dans {attente} secondes."
            form.add_error("code", message)
    return render(request, "comptes/verification.html", {"form": form, "suite": suite, "attente": attente})


@login_required
@require_http_methods(["GET", "POST"])
def gestion_double_facteur(request):
    """Enrol a TOTP app (QR code drawn locally), or remove it with a current code."""
    user = request.user
    suite = suite_sure(request, request.POST.get("next") or request.GET.get("next"))
    confirme = double_facteur.appareil_confirme(user)
    obligatoire = double_facteur.doit_avoir_double_facteur(user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        action = request.POST.get("action")
        if action == "activer" and confirme is None:
            appareil = double_facteur.appareil_en_cours(user)
            if double_facteur.attente_restante(appareil):
                form.add_error("code", "Trop de codes erronés : attendez un peu avant de réessayer.")
            elif double_facteur.confirmer_appareil(request, appareil, form.cleaned_data["code"]):
                messages.success(request, "Double authentification activée : chaque connexion demandera un code.")
                return redirect(suite or reverse("comptes:double_facteur"))
            else:
                form.add_error("code", "Code incorrect : vérifiez l'heure du téléphone et saisissez le code affiché maintenant.")
        elif action == "desactiver" and confirme is not None:
            if obligatoire:
                form.add_error("code", "La double authentification est obligatoire pour votre rôle : elle ne peut pas être retirée.")
            elif double_facteur.attente_restante(confirme):
                form.add_error("code", "Trop de codes erronés : attendez un peu avant de réessayer.")
            elif double_facteur.verifier_code(user, confirme, form.cleaned_data["code"]):
                double_facteur.retirer_appareils(user)
                messages.success(request, "Double authentification retirée de votre compte.")
                return redirect("comptes:double_facteur")
            else:
                form.add_error("code", "Code incorrect : la double authentification reste active.")
    contexte = {"form": form, "confirme": confirme, "obligatoire": obligatoire, "suite": suite,
                "a_activer": double_facteur.etat_en_attente(request) == double_facteur.A_ACTIVER}
    if confirme is None:
        appareil = double_facteur.appareil_en_cours(user)
        contexte |= {"qr": double_facteur.qr_svg(appareil), "secret": double_facteur.secret_lisible(appareil)}
    return render(request, "comptes/double_facteur.html", contexte)


class Oubli(auth_views.PasswordResetView):
    template_name = "comptes/mot_de_passe_oubli.html"
    email_template_name = "comptes/courriels/reinitialisation.txt"
    subject_template_name = "comptes/courriels/reinitialisation_sujet.txt"
    success_url = reverse_lazy("comptes:oubli_envoye")


class OubliEnvoye(auth_views.PasswordResetDoneView):
    template_name = "comptes/mot_de_passe_oubli_envoye.html"


class Reinitialisation(auth_views.PasswordResetConfirmView):
    template_name = "comptes/reinitialisation.html"
    success_url = reverse_lazy("comptes:reinitialisation_terminee")

    def form_valid(self, form):
        reponse = super().form_valid(form)
        # Proving control of the address also lifts a lock on the account (not on addresses).
        connexion.deverrouiller_compte(form.user.get_username())
        return reponse


class ReinitialisationTerminee(auth_views.PasswordResetCompleteView):
    template_name = "comptes/reinitialisation_terminee.html"


class Changement(auth_views.PasswordChangeView):
    template_name = "comptes/mot_de_passe.html"
    success_url = reverse_lazy("comptes:mot_de_passe_change")


class ChangementFait(auth_views.PasswordChangeDoneView):
    template_name = "comptes/mot_de_passe_change.html"

