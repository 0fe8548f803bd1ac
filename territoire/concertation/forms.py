"""Forms of the consultation's pages. Views never read request.POST by hand."""

from __future__ import annotations

from django import forms

from territoire.programme.models import FicheAction
from territoire.reseau.models import Contact, Organisation
from territoire.ui.formulaires import ChoixVidesLisibles

from .importation import FORMATS_ACCEPTES, TAILLE_MAX
from .models import Participation, ReponseConstat, Theme


class ContributionForm(ChoixVidesLisibles, forms.Form):
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


class ImportParticipantsForm(ChoixVidesLisibles, forms.Form):
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


class ReponseForm(ChoixVidesLisibles, forms.Form):
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


# --- The team's forms: consultations, meetings, participants, findings --------------------


class ConsultationForm(ChoixVidesLisibles, forms.ModelForm):
    class Meta:
        from .models import Consultation

        model = Consultation
        fields = ["titre", "debut", "fin", "description", "programme"]
        widgets = {
            "debut": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "fin": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 4}),
        }
        labels = {"titre": "Titre", "description": "Description (publique)", "programme": "Programme (facultatif)"}
        error_messages = {
            "titre": {"required": "Donnez un titre à la concertation, par exemple « Concertation des industriels 2025 »."},
            "debut": {"required": "Indiquez la date de début de la concertation.",
                      "invalid": "Date de début illisible : utilisez le format JJ/MM/AAAA."},
        }

    def __init__(self, *args, territoire, **kwargs):
        from territoire.programme.models import Programme

        super().__init__(*args, **kwargs)
        self.instance.territoire = territoire
        self.fields["programme"].queryset = Programme.objects.filter(territoire=territoire)
        self.fields["fin"].error_messages["invalid"] = "Date de fin illisible : utilisez le format JJ/MM/AAAA."


def _organisations(territoire):
    return Organisation.objects.filter(territoires=territoire).distinct().order_by("nom")


ORGANISATION_AUTRE_TERRITOIRE = (
    "Cette organisation n'est pas connue sur ce territoire : choisissez-la dans la liste "
    "ou créez-la d'abord dans le réseau."
)


class ReunionForm(ChoixVidesLisibles, forms.ModelForm):
    class Meta:
        from .models import Reunion

        model = Reunion
        fields = ["type", "titre", "date", "lieu", "commune", "theme", "ordre_du_jour", "organisateur", "confidentielle"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ordre_du_jour": forms.Textarea(attrs={"rows": 4}),
        }
        labels = {"titre": "Titre", "lieu": "Lieu (adresse, salle)", "commune": "Commune (facultatif)",
                  "organisateur": "Organisateur (facultatif)",
                  "confidentielle": "Confidentielle (équipe seulement)"}
        error_messages = {
            "titre": {"required": "Donnez un titre à la réunion, par exemple « Atelier recrutement »."},
            "date": {"required": "Indiquez la date de la réunion.",
                     "invalid": "Date illisible : utilisez le format JJ/MM/AAAA."},
        }

    def __init__(self, *args, consultation, **kwargs):
        from territoire.referentiel.models import Commune

        super().__init__(*args, **kwargs)
        self.instance.consultation = consultation
        territoire = consultation.territoire
        self.fields["organisateur"].queryset = _organisations(territoire)
        self.fields["organisateur"].error_messages["invalid_choice"] = ORGANISATION_AUTRE_TERRITOIRE
        self.fields["commune"].queryset = Commune.objects.filter(pk__in=territoire.communes.values("pk")).order_by("nom")
        self.fields["theme"].queryset = Theme.objects.filter(actif=True)
        self.fields["confidentielle"].help_text = (
            "Un entretien individuel est toujours confidentiel ; une réunion collective peut l'être aussi."
        )

    def clean(self):
        donnees = super().clean()
        consultation = self.instance.consultation
        date = donnees.get("date")
        if date and date < consultation.debut:
            self.add_error("date", f"La réunion précède le début de la concertation ({consultation.debut:%d/%m/%Y}) : "
                                   "corrigez la date ou celle de la concertation.")
        elif date and consultation.fin and date > consultation.fin:
            self.add_error("date", f"La réunion suit la fin de la concertation ({consultation.fin:%d/%m/%Y}) : "
                                   "corrigez la date ou celle de la concertation.")
        if donnees.get("type") == "individuelle":
            donnees["confidentielle"] = True
        return donnees


class ParticipantForm(ChoixVidesLisibles, forms.Form):
    organisation = forms.ModelChoiceField(label="Organisation", queryset=Organisation.objects.none(), required=False)
    contact = forms.ModelChoiceField(label="Personne (facultatif)", queryset=Contact.objects.none(), required=False)
    presence = forms.ChoiceField(label="Présence", choices=Participation.Presence.choices,
                                 initial=Participation.Presence.PRESENT)

    def __init__(self, *args, territoire, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = _organisations(territoire)
        self.fields["organisation"].error_messages["invalid_choice"] = ORGANISATION_AUTRE_TERRITOIRE
        self.fields["contact"].queryset = Contact.objects.filter(
            organisation__territoires=territoire, efface_le__isnull=True
        ).distinct().select_related("organisation")
        self.fields["contact"].error_messages["invalid_choice"] = (
            "Cette personne n'est pas connue sur ce territoire : choisissez-la dans la liste."
        )

    def clean(self):
        donnees = super().clean()
        contact, organisation = donnees.get("contact"), donnees.get("organisation")
        if not contact and not organisation and not self.errors:
            self.add_error("organisation", "Choisissez l'organisation (ou la personne) qui participe.")
        if contact and organisation and contact.organisation_id not in (None, organisation.pk):
            self.add_error("contact", "Cette personne appartient à une autre organisation : choisissez la bonne.")
        return donnees


class RetirerParticipantForm(ChoixVidesLisibles, forms.Form):
    participation = forms.ModelChoiceField(queryset=Participation.objects.none())

    def __init__(self, *args, reunion, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participation"].queryset = reunion.participations.all()
        self.fields["participation"].error_messages["invalid_choice"] = (
            "Ce participant n'est pas (ou plus) inscrit à cette réunion : rechargez la page."
        )


class ConstatForm(ChoixVidesLisibles, forms.ModelForm):
    class Meta:
        from .models import Constat

        model = Constat
        fields = ["titre", "description", "themes", "contributions"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "themes": forms.CheckboxSelectMultiple,
            "contributions": forms.CheckboxSelectMultiple,
        }
        labels = {"titre": "Énoncé", "contributions": "Contributions qui le soutiennent"}
        help_texts = {
            "titre": "Une phrase, publique : ce que les entreprises ont dit, sans nommer personne.",
            "contributions": "Les contributions de cette concertation qui soutiennent le constat : son soutien "
                             "(entreprises, réunions, filières, tailles) en est compté.",
        }
        error_messages = {
            "titre": {"required": "Écrivez l'énoncé du constat, par exemple « Les industriels peinent à recruter »."},
        }

    def __init__(self, *args, consultation, **kwargs):
        from .models import Contribution

        super().__init__(*args, **kwargs)
        self.instance.consultation = consultation
        self.fields["themes"].queryset = Theme.objects.filter(actif=True)
        self.fields["themes"].required = False
        champ = self.fields["contributions"]
        champ.required = False
        champ.queryset = Contribution.objects.filter(reunion__consultation=consultation).select_related(
            "organisation", "reunion"
        ).order_by("reunion__date", "pk")
        champ.label_from_instance = lambda c: f"{c.organisation.nom}, {c.reunion.titre} ({c.reunion.date:%d/%m/%Y}) : {c.texte[:120]}"
        champ.error_messages["invalid_choice"] = (
            "Une contribution choisie n'appartient pas à cette concertation : choisissez-les dans la liste."
        )
