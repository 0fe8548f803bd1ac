"""Forms of the observatory: events, the watch list's weights, the visit survey, labels, filters."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from territoire.ui.formulaires import ChoixVidesLisibles

from .models import Evenement, LabelOrganisation, RegleSignal

EXTENSIONS_SOURCE = (".pdf", ".png", ".jpg", ".jpeg", ".odt", ".docx")
TAILLE_SOURCE_MAX = 10 << 20


class EvenementForm(ChoixVidesLisibles, forms.ModelForm):
    source_url = forms.URLField(label="Source (lien)", max_length=500, required=False, assume_scheme="https",
                                help_text="Adresse de l'article, du communiqué ou de la page officielle (https://…).")
    class Meta:
        model = Evenement
        fields = [
            "type", "titre", "description", "date", "precision_date", "date_annonce", "organisation", "siret",
            "filiere", "zone", "emplois_min", "emplois_max", "emplois_source", "source_url", "source_libelle",
            "source_document", "visibilite", "fiches", "demandes",
        ]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "date_annonce": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "fiches": "Les fiches-actions du plan que cet événement concerne.",
            "demandes": "Les demandes au guichet liées à cet événement.",
        }

    def __init__(self, *args, territoire, **kwargs):
        super().__init__(*args, **kwargs)
        from territoire.guichet.models import Demande
        from territoire.programme.models import FicheAction
        from territoire.reseau.models import Organisation

        self.fields["organisation"].queryset = Organisation.objects.du_territoire(territoire).order_by("nom")
        self.fields["zone"].queryset = territoire.zones.order_by("nom")
        self.fields["fiches"].queryset = FicheAction.objects.filter(programme__territoire=territoire).order_by(
            "programme", "numero"
        )
        demandes = Demande.objects.filter(territoire=territoire).select_related("organisation", "sujet")
        if self.instance.organisation_id:
            demandes = demandes.filter(organisation=self.instance.organisation)
        self.fields["demandes"].queryset = demandes.order_by("-deposee_le")
        self.fields["demandes"].required = False
        self.fields["fiches"].required = False

    def clean_source_document(self):
        fichier = self.cleaned_data.get("source_document")
        if fichier and hasattr(fichier, "size"):
            nom = fichier.name.lower()
            if not nom.endswith(EXTENSIONS_SOURCE):
                raise ValidationError(
                    f"Document de type non accepté : donnez un fichier {', '.join(e[1:] for e in EXTENSIONS_SOURCE)}."
                )
            if fichier.size > TAILLE_SOURCE_MAX:
                raise ValidationError("Document de plus de 10 Mo : donnez plutôt le lien de la source.")
        return fichier


class FiltresEvenementsForm(ChoixVidesLisibles, forms.Form):
    choix_vides_filtre = True
    filiere = forms.ModelChoiceField(label="Filière", queryset=None, required=False)
    zone = forms.ModelChoiceField(label="Zone", queryset=None, required=False)
    type = forms.ChoiceField(label="Type", choices=[("", "---------"), *Evenement.Type.choices], required=False)

    def __init__(self, *args, territoire, **kwargs):
        from territoire.etablissements.models import Filiere

        super().__init__(*args, **kwargs)
        self.fields["filiere"].queryset = Filiere.objects.filter(famille=Filiere.Famille.INDUSTRIE, actif=True)
        self.fields["zone"].queryset = territoire.zones.order_by("nom")
        from territoire.ui.formulaires import libeller_choix_vides

        libeller_choix_vides(self, filtre=True)

    def filtres(self) -> dict:
        if not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v}


class RegleForm(forms.ModelForm):
    class Meta:
        model = RegleSignal
        fields = ["poids", "actif"]
        widgets = {"poids": forms.NumberInput(attrs={"min": 0, "max": 100})}

    def clean_poids(self):
        poids = self.cleaned_data["poids"]
        if poids is not None and poids > 100:
            raise ValidationError("Un poids va de 0 à 100 points.")
        return poids


ReglesFormSet = forms.modelformset_factory(RegleSignal, form=RegleForm, extra=0)


class VisiteForm(forms.Form):
    """The visit form built from the questionnaire version's questions (one field each)."""

    date = forms.DateField(label="Date de la visite", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    objet = forms.CharField(label="Objet", max_length=250, initial="Visite d'entreprise (questionnaire de suivi)")

    def __init__(self, *args, questionnaire, **kwargs):
        super().__init__(*args, **kwargs)
        self.questionnaire = questionnaire
        for q in questionnaire.questions:
            if q.get("texte"):
                self.fields[f"q_{q['code']}"] = forms.CharField(
                    label=q["libelle"], required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3}),
                )
            else:
                self.fields[f"q_{q['code']}"] = forms.ChoiceField(
                    label=q["libelle"], required=False, widget=forms.RadioSelect,
                    choices=[(c["code"], c["libelle"]) for c in q["choix"]],
                )

    def reponses(self) -> dict:
        return {nom[2:]: v for nom, v in self.cleaned_data.items() if nom.startswith("q_") and v}


class LabelForm(ChoixVidesLisibles, forms.ModelForm):
    source_url = forms.URLField(label="Source (lien)", max_length=500, assume_scheme="https",
                                help_text="Page qui atteste le label (organisme qui le décerne, presse).")
    class Meta:
        model = LabelOrganisation
        fields = ["label", "date", "precision_date", "jusqu_au", "source_url", "source_libelle"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "jusqu_au": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
