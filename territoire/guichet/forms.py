from __future__ import annotations

from django import forms

from territoire.etablissements.identifiants import siret_valide
from territoire.etablissements.models import Etablissement
from territoire.reseau.forms import SelectRapide

from .models import AideProposee, Conseiller, Demande, Dispositif, Sujet

MESSAGE_SIRET = "Le SIRET compte 14 chiffres (sans espaces ni lettres), par exemple 73282932000074."


class DepotPublicForm(forms.Form):
    """The public request form: works without JavaScript, keeps what was typed, one message per field."""

    entreprise = forms.CharField(label="Nom de l'entreprise", max_length=250)
    siret = forms.CharField(
        label="SIRET de l'établissement (facultatif)", required=False, max_length=20,
        help_text="14 chiffres ; il nous aide à retrouver votre établissement.",
    )
    commune = forms.ModelChoiceField(label="Commune de l'établissement", queryset=None,
                                     empty_label="Choisissez une commune", widget=SelectRapide)
    sujet = forms.ModelChoiceField(label="Votre besoin porte sur", queryset=Sujet.objects.all(), empty_label="Choisissez un sujet")
    description = forms.CharField(
        label="Décrivez votre besoin", widget=forms.Textarea, min_length=20, max_length=5000,
        help_text="Quelques phrases : ce que vous cherchez, pour quand. 20 caractères au moins.",
    )
    prenom = forms.CharField(label="Votre prénom", max_length=120)
    nom = forms.CharField(label="Votre nom", max_length=120)
    fonction = forms.CharField(label="Votre fonction (facultatif)", max_length=200, required=False)
    email = forms.EmailField(
        label="Votre courriel", help_text="Format : nom@domaine.fr",
        error_messages={"invalid": "Adresse de courriel attendue, par exemple nom@domaine.fr."},
    )
    telephone = forms.RegexField(
        label="Votre téléphone (facultatif)", required=False, max_length=30, regex=r"^\+?[0-9 .()-]{6,25}$",
        error_messages={"invalid": "Numéro de téléphone attendu : chiffres, espaces ou points, par exemple 03 21 00 00 00."},
    )
    consentement = forms.BooleanField(
        label="J'accepte que mes coordonnées soient transmises aux conseillers qui traiteront ma demande.",
        error_messages={"required": "Sans votre accord, nous ne pouvons pas transmettre votre demande aux conseillers."},
    )
    # Honeypot: hidden from people (CSS and aria-hidden), filled by robots.
    site_internet = forms.CharField(label="Laissez ce champ vide", required=False)

    def __init__(self, *args, territoire, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = territoire.communes.order_by("nom")
        self.fields["commune"].error_messages["invalid_choice"] = "Choisissez une commune du territoire dans la liste."
        self.fields["site_internet"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})
        self.territoire = territoire
        self.etablissement = None

    def est_un_robot(self) -> bool:
        return bool(self.data.get("site_internet"))

    def clean_siret(self):
        siret = "".join(self.cleaned_data["siret"].split())
        if not siret:
            return ""
        if not siret_valide(siret):
            raise forms.ValidationError(MESSAGE_SIRET + " Ce numéro n'est pas un SIRET valide.")
        self.etablissement = Etablissement.objects.filter(siret=siret, commune__territoires=self.territoire).first()
        return siret


class DemandeCompteForm(forms.ModelForm):
    """A request filed by a firm user (for its organisation) or by the team (for any firm)."""

    class Meta:
        model = Demande
        fields = ["organisation", "sujet", "description", "commune"]
        widgets = {"description": forms.Textarea, "commune": SelectRapide, "organisation": SelectRapide}

    def __init__(self, *args, organisations, territoire, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["commune"].queryset = territoire.communes.order_by("nom")
        self.fields["commune"].help_text = "Par défaut, la commune de l'organisation."


class OrientationForm(forms.Form):
    conseillers = forms.ModelMultipleChoiceField(
        label="Conseillers", queryset=None, widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choisissez au moins un conseiller."},
    )

    def __init__(self, *args, demande, proposes, **kwargs):
        super().__init__(*args, **kwargs)
        qs = Conseiller.objects.filter(actif=True, antenne__institution__territoire=demande.territoire).select_related(
            "antenne__institution"
        )
        self.fields["conseillers"].queryset = qs
        ids = {c.pk for c in proposes}
        self.fields["conseillers"].label_from_instance = (
            lambda c: f"{c.prenom} {c.nom} — {c.antenne}" + (" (proposé : sujet, commune et profil conviennent)" if c.pk in ids else "")
        )
        self.initial.setdefault("conseillers", list(ids))


class StatutForm(forms.Form):
    vers = forms.ChoiceField(label="Nouveau statut", choices=())
    note = forms.CharField(label="Note (facultative)", required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)

    def __init__(self, *args, demande, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["vers"].choices = demande.statuts_suivants()


class SatisfactionForm(forms.Form):
    note = forms.TypedChoiceField(
        label="Êtes-vous satisfait de l'aide reçue ?", coerce=int, widget=forms.RadioSelect,
        choices=[(5, "Très satisfait"), (4, "Satisfait"), (3, "Moyennement"), (2, "Peu satisfait"), (1, "Pas du tout satisfait")],
        error_messages={"required": "Choisissez une réponse."},
    )
    commentaire = forms.CharField(label="Un commentaire ? (facultatif)", required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class AideForm(forms.Form):
    dispositif = forms.ModelChoiceField(label="Dispositif", queryset=None)

    def __init__(self, *args, territoire, eligibles=(), **kwargs):
        super().__init__(*args, **kwargs)
        from django.db.models import Q

        self.fields["dispositif"].queryset = Dispositif.objects.filter(
            Q(territoires=territoire) | Q(territoires__isnull=True)
        ).distinct()
        ids = {d.pk for d in eligibles}
        self.fields["dispositif"].label_from_instance = lambda d: d.nom + (" — éligible (sujet, profil, dates)" if d.pk in ids else "")


class IssueAideForm(forms.ModelForm):
    class Meta:
        model = AideProposee
        fields = ["issue", "montant"]
