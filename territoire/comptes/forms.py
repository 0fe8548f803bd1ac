"""Forms of the accounts app; every write goes through actions.py."""

from __future__ import annotations

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm

from territoire.guichet.models import Conseiller
from territoire.reseau.models import Organisation

from .models import Role


class ConnexionForm(AuthenticationForm):
    error_messages = {
        "invalid_login": (
            "Identifiant ou mot de passe incorrect. Les deux champs tiennent compte des majuscules. "
            "Après plusieurs échecs, la connexion est suspendue un moment."
        ),
        "inactive": "Ce compte est désactivé : adressez-vous à l'équipe du territoire.",
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = "Identifiant"
        self.fields["username"].help_text = "Pour un compte créé sur invitation : votre adresse électronique."
        self.fields["password"].label = "Mot de passe"


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code à 6 chiffres", max_length=12, help_text="Le code affiché par votre application d'authentification.",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class MotDePasseNouveauForm(forms.Form):
    """Choose a password (invitation): Django's password rules, their messages in French."""

    prenom = forms.CharField(label="Prénom", max_length=150)
    nom = forms.CharField(label="Nom", max_length=150)
    mot_de_passe = forms.CharField(
        label="Mot de passe", strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    confirmation = forms.CharField(
        label="Confirmation du mot de passe", strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        donnees = super().clean()
        if donnees.get("mot_de_passe") and donnees.get("confirmation") != donnees.get("mot_de_passe"):
            self.add_error("confirmation", "Les deux mots de passe ne sont pas identiques.")
        return donnees


class InvitationForm(forms.Form):
    courriel = forms.EmailField(label="Adresse électronique", max_length=254)
    prenom = forms.CharField(label="Prénom", max_length=150, required=False)
    nom = forms.CharField(label="Nom", max_length=150, required=False)
    role = forms.ChoiceField(label="Rôle", choices=Role.choices)
    organisation = forms.ModelChoiceField(
        label="Organisation représentée", queryset=Organisation.objects.none(), required=False,
        empty_label="Aucune (équipe, pilotage)",
        help_text="Obligatoire pour un partenaire ou une entreprise.",
    )
    conseiller = forms.ModelChoiceField(
        label="Fiche de conseiller", queryset=Conseiller.objects.none(), required=False,
        empty_label="Aucune", help_text="Pour un conseiller partenaire : sa fiche dans l'annuaire du guichet.",
    )

    def __init__(self, *args, territoire, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.du_territoire(territoire).order_by("nom")
        self.fields["conseiller"].queryset = Conseiller.objects.filter(
            antenne__institution__territoire=territoire, utilisateur__isnull=True
        ).select_related("antenne__institution")


class DeverrouillageForm(forms.Form):
    type = forms.ChoiceField(choices=[("compte", "compte"), ("adresse", "adresse")])
    valeur = forms.CharField(max_length=255)
