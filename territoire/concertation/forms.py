"""Forms of the consultation's pages. Views never read request.POST by hand."""

from __future__ import annotations

from django import forms

from territoire.programme.models import FicheAction
from territoire.reseau.models import Contact, Organisation

from .importation import FORMATS_ACCEPTES, TAILLE_MAX
from .models import Participation, ReponseConstat, Theme


class ContributionForm(forms.Form):
    ACTIONS = [("suggerer", "Suggérer des thèmes"), ("enregistrer", "Enregistrer la contribution")]

    organisation = forms.ModelChoiceField(
        label="Organisation", queryset=Organisation.objects.none(),
        help_text="L'entreprise ou le partenaire qui s'est exprimé (participants de la réunion en premier).",
    )
    contact = forms.ModelChoiceField(
        label="Personne (facultatif)", queryset=Contact.objects.none(), required=False,
    )
    texte = forms.CharField(
        label="Ce qui a été dit", widget=forms.Textarea(attrs={"rows": 6}), max_length=10000,
        help_text="Quelques phrases, dans les mots de l'entreprise. 10 000 caractères au plus.",
    )
    themes = forms.ModelMultipleChoiceField(
        label="Thèmes", queryset=Theme.objects.filter(actif=True), required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="« Suggérer des thèmes » coche des propositions : vérifiez-les et corrigez-les avant d'enregistrer.",
    )
    confidentielle = forms.BooleanField(
        label="Confidentielle (équipe seulement)", required=False,
        help_text="Cochée par défaut pour un entretien individuel.",
    )
    themes_suggeres = forms.CharField(required=False, widget=forms.HiddenInput, max_length=500)
    action = forms.ChoiceField(choices=ACTIONS, required=False)

    def __init__(self, *args, reunion, **kwargs):
        super().__init__(*args, **kwargs)
        territoire = reunion.consultation.territoire
        participants = reunion.participations.values("organisation_id")
        orgs = Organisation.objects.filter(territoires=territoire).distinct()
        self.fields["organisation"].queryset = orgs
        self.fields["organisation"].choices = [("", "—")] + [
            (o.pk, o.nom) for o in orgs.filter(pk__in=participants).order_by("nom")
        ] + [(o.pk, o.nom) for o in orgs.exclude(pk__in=participants).order_by("nom")]
        self.fields["contact"].queryset = Contact.objects.filter(
            organisation__territoires=territoire, efface_le__isnull=True
        ).distinct()
        self.fields["organisation"].error_messages["invalid_choice"] = (
            "Cette organisation n'est pas connue sur ce territoire : choisissez-la dans la liste "
            "ou créez-la d'abord dans le réseau."
        )
        if not self.is_bound:
            self.initial.setdefault("confidentielle", reunion.confidentielle or reunion.est_individuelle)

    def codes_suggeres(self) -> list[str]:
        return [c for c in (self.cleaned_data.get("themes_suggeres") or "").split(",") if c]

    def clean(self):
        donnees = super().clean()
        contact, organisation = donnees.get("contact"), donnees.get("organisation")
        if contact and organisation and contact.organisation_id not in (None, organisation.pk):
            self.add_error("contact", "Cette personne appartient à une autre organisation : choisissez la bonne.")
        return donnees


class ImportParticipantsForm(forms.Form):
    fichier = forms.FileField(
        label="Liste d'inscription ou d'émargement",
        help_text=(
            "Tableur CSV (séparateur ; ou ,) ou XLSX, une ligne par participant, avec une ligne d'en-tête. "
            "Colonnes reconnues : siret, entreprise (ou organisation, raison sociale), présence, prénom, nom. "
            f"{TAILLE_MAX // 1_000_000} Mo au plus."
        ),
    )
    presence = forms.ChoiceField(
        label="Présence par défaut", choices=Participation.Presence.choices, initial=Participation.Presence.PRESENT,
        help_text="Appliquée aux lignes dont la colonne présence est vide ou absente.",
    )
    confirmer = forms.BooleanField(
        label="Enregistrer les participants reconnus", required=False,
        help_text="Sans cette case, la plateforme montre seulement ce qu'elle ferait (rien n'est enregistré).",
    )

    def clean_fichier(self):
        fichier = self.cleaned_data["fichier"]
        nom = (fichier.name or "").lower()
        if not nom.endswith(FORMATS_ACCEPTES):
            raise forms.ValidationError(
                f"« {fichier.name} » n'est ni un CSV ni un XLSX : enregistrez la liste au format .csv ou .xlsx."
            )
        if fichier.size > TAILLE_MAX:
            raise forms.ValidationError(
                f"Le fichier pèse {fichier.size / 1_000_000:.1f} Mo, au-delà de la limite de "
                f"{TAILLE_MAX // 1_000_000} Mo : découpez la liste."
            )
        return fichier


class ReponseForm(forms.Form):
    fiche = forms.ModelChoiceField(label="Fiche-action", queryset=FicheAction.objects.none())
    type = forms.ChoiceField(label="Type de réponse", choices=ReponseConstat.Type.choices)
    commentaire = forms.CharField(
        label="Commentaire", required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=2000,
        help_text="En quoi cette fiche répond au constat.",
    )

    def __init__(self, *args, territoire, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fiche"].queryset = FicheAction.objects.filter(programme__territoire=territoire).select_related(
            "programme"
        ).order_by("programme__debut", "numero")
        self.fields["fiche"].label_from_instance = lambda f: f"{f.programme.code} · {f.numero} — {f.titre}"
