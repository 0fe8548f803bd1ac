"""Forms of the programme. They validate; the writes go through actions.py."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from territoire.referentiel.models import ZoneActivite
from territoire.reseau.models import Contact, Organisation
from territoire.ui.formulaires import ChoixVidesLisibles

from .models import (
    ActionSuivi,
    Axe,
    Cofinancement,
    Decision,
    FicheAction,
    Indicateur,
    Jalon,
    LienFiche,
    LigneBudget,
    MiseAJour,
    PieceJointe,
    Seance,
    StatutFiche,
    ValeurIndicateur,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXTE = forms.Textarea(attrs={"rows": 4})

# Largest amount accepted in a form (€): beyond it the value is almost surely a typing error.
MONTANT_MAX = 10**11
TAILLE_MAX_PIECE = 20 * 1024 * 1024


def organisations_du_territoire(territoire):
    return Organisation.objects.filter(territoires=territoire).distinct()


class FicheForm(ChoixVidesLisibles, forms.ModelForm):
    class Meta:
        model = FicheAction
        fields = [
            "numero",
            "titre",
            "parent",
            "axes",
            "description",
            "contexte",
            "objectifs",
            "resultats_attendus",
            "pilote_organisation",
            "pilote_contact",
            "referent",
            "partenaires",
            "beneficiaires",
            "zones",
            "date_debut",
            "date_fin",
            "priorite",
            "confidentiel",
            "methode_avancement",
            "poids",
        ]
        widgets = {
            "date_debut": DATE,
            "date_fin": DATE,
            "description": TEXTE,
            "contexte": TEXTE,
            "objectifs": TEXTE,
            "resultats_attendus": TEXTE,
            "beneficiaires": forms.Textarea(attrs={"rows": 2}),
            "axes": forms.CheckboxSelectMultiple,
            "partenaires": forms.SelectMultiple(attrs={"size": 8}),
            "zones": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.programme = programme
        territoire = programme.territoire
        orgs = organisations_du_territoire(territoire)
        self.fields["axes"].queryset = Axe.objects.filter(programme=programme)
        self.fields["parent"].queryset = FicheAction.objects.filter(programme=programme).exclude(
            pk=self.instance.pk
        )
        self.fields["pilote_organisation"].queryset = orgs
        self.fields["partenaires"].queryset = orgs
        self.fields["pilote_contact"].queryset = Contact.objects.filter(organisation__in=orgs)
        self.fields["zones"].queryset = ZoneActivite.objects.filter(territoire=territoire)
        from django.contrib.auth import get_user_model

        self.fields["referent"].queryset = (
            get_user_model().objects.filter(adhesions__territoire=territoire).distinct()
        )

    def clean_numero(self):
        numero = self.cleaned_data["numero"].strip()
        if not numero:
            raise forms.ValidationError("Donnez un numéro à la fiche (par ex. 1.2).")
        return numero


class MiseAJourForm(ChoixVidesLisibles, forms.ModelForm):
    avancement = forms.IntegerField(
        label="Avancement (%)",
        min_value=0,
        max_value=100,
        required=False,
        help_text="De 0 à 100 ; laissez vide s'il n'est pas connu.",
    )

    class Meta:
        model = MiseAJour
        fields = ["date", "statut", "avancement", "note", "publiee"]
        widgets = {"date": DATE, "note": TEXTE}
        help_texts = {
            "publiee": "Cochée, la note apparaît sur la page publique de la fiche à sa prochaine publication."
        }

    def __init__(self, *args, fiche, **kwargs):
        super().__init__(*args, **kwargs)
        self.fiche = fiche
        self.fields["statut"].queryset = StatutFiche.objects.filter(
            territoire=fiche.programme.territoire
        )
        self.fields["statut"].initial = fiche.statut_id
        self.fields["date"].initial = timezone.localdate()
        if fiche.sous_fiches.exists():
            del self.fields["avancement"]

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date > timezone.localdate():
            raise forms.ValidationError(
                "Une mise à jour rend compte du passé : la date ne peut pas être future."
            )
        return date

    def _post_clean(self):
        # The author, signature and previous status are set by actions.enregistrer_mise_a_jour.
        pass


class JalonForm(ChoixVidesLisibles, forms.ModelForm):
    class Meta:
        model = Jalon
        fields = ["libelle", "date_prevue", "fait", "date_realisation"]
        widgets = {"date_prevue": DATE, "date_realisation": DATE}


class LigneBudgetForm(ChoixVidesLisibles, forms.ModelForm):
    class Meta:
        model = LigneBudget
        fields = ["annee", "nature", "type", "montant", "libelle"]

    def clean_montant(self):
        montant = self.cleaned_data["montant"]
        if montant < 0:
            raise forms.ValidationError(
                "Le montant est négatif : saisissez une dépense positive en euros."
            )
        if montant > MONTANT_MAX:
            raise forms.ValidationError(
                "Montant démesuré (plus de 100 milliards d'euros) : vérifiez la saisie."
            )
        return montant


class CofinancementForm(ChoixVidesLisibles, forms.ModelForm):
    class Meta:
        model = Cofinancement
        fields = ["financeur", "dispositif", "montant", "etape", "date"]
        widgets = {"date": DATE}

    clean_montant = LigneBudgetForm.clean_montant

    def __init__(self, *args, territoire, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["financeur"].queryset = organisations_du_territoire(territoire)


class PieceJointeForm(ChoixVidesLisibles, forms.ModelForm):
    class Meta:
        model = PieceJointe
        fields = ["titre", "fichier"]

    def clean_fichier(self):
        f = self.cleaned_data["fichier"]
        if f.size > TAILLE_MAX_PIECE:
            raise forms.ValidationError(
                "Fichier trop lourd (plus de 20 Mo) : déposez une version compressée."
            )
        return f


class LienForm(ChoixVidesLisibles, forms.ModelForm):
    class Meta:
        model = LienFiche
        fields = ["type", "cible"]

    def __init__(self, *args, fiche, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cible"].queryset = FicheAction.objects.filter(
            programme__territoire=fiche.programme.territoire
        ).exclude(pk=fiche.pk)
        self.fields["cible"].label = "Fiche liée"


class IndicateurForm(ChoixVidesLisibles, forms.ModelForm):
    class Meta:
        model = Indicateur
        fields = ["libelle", "definition", "unite", "direction", "source", "mode", "calcul"]
        widgets = {"definition": TEXTE}


class ValeurForm(ChoixVidesLisibles, forms.ModelForm):
    class Meta:
        model = ValeurIndicateur
        fields = ["date", "type", "valeur", "source", "publiee"]
        widgets = {"date": DATE}

    def _post_clean(self):
        # A value for the same date and type replaces the former one (actions.saisir_valeur).
        pass

    def clean_valeur(self):
        valeur = self.cleaned_data["valeur"]
        if abs(valeur) > MONTANT_MAX:
            raise forms.ValidationError("Valeur démesurée : vérifiez l'unité et la saisie.")
        return valeur


class SeanceForm(ChoixVidesLisibles, forms.ModelForm):
    fiches = forms.ModelMultipleChoiceField(
        queryset=FicheAction.objects.none(),
        required=False,
        label="Fiches revues",
        widget=forms.SelectMultiple(attrs={"size": 10}),
        help_text="Chaque fiche choisie devient un point de l'ordre du jour.",
    )

    class Meta:
        model = Seance
        fields = ["date", "lieu", "compte_rendu"]
        widgets = {"date": DATE, "compte_rendu": TEXTE}

    def __init__(self, *args, territoire, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fiches"].queryset = FicheAction.objects.filter(
            programme__territoire=territoire
        )


class PointForm(ChoixVidesLisibles, forms.Form):
    titre = forms.CharField(max_length=250)
    fiche = forms.ModelChoiceField(queryset=FicheAction.objects.none(), required=False)

    def __init__(self, *args, territoire, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fiche"].queryset = FicheAction.objects.filter(programme__territoire=territoire)


class DecisionForm(ChoixVidesLisibles, forms.ModelForm):
    class Meta:
        model = Decision
        fields = ["fiche", "texte"]
        widgets = {"texte": TEXTE}
        help_texts = {
            "fiche": "La décision garde l'état de la fiche à ce jour (statut, avancement, argent)."
        }

    def __init__(self, *args, seance, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fiche"].queryset = FicheAction.objects.filter(
            programme__territoire=seance.instance.territoire
        )


class ActionSuiviForm(ChoixVidesLisibles, forms.ModelForm):
    class Meta:
        model = ActionSuivi
        fields = ["libelle", "decision", "responsable", "echeance"]
        widgets = {"echeance": DATE}

    def __init__(self, *args, seance, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].queryset = Decision.objects.filter(seance=seance)
        self.fields["responsable"].queryset = organisations_du_territoire(
            seance.instance.territoire
        )


class PeriodeForm(ChoixVidesLisibles, forms.Form):
    debut = forms.DateField(label="Du", widget=DATE)
    fin = forms.DateField(label="Au", widget=DATE)

    def clean(self):
        donnees = super().clean()
        if donnees.get("debut") and donnees.get("fin") and donnees["fin"] < donnees["debut"]:
            raise forms.ValidationError(
                "La fin de la période précède son début : corrigez l'une des deux dates."
            )
        return donnees


class ImportPlanForm(ChoixVidesLisibles, forms.Form):
    fichier = forms.FileField(
        label="Plan d'action (XLSX)",
        help_text="Les colonnes exactes de l'export du plan ; 5 Mo au plus.",
    )

    def clean_fichier(self):
        f = self.cleaned_data["fichier"]
        if f.size > 5 * 1024 * 1024:
            raise forms.ValidationError(
                "Fichier trop lourd (plus de 5 Mo) pour un plan d'action : vérifiez le fichier."
            )
        if not f.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(
                "Le fichier doit être un classeur Excel .xlsx (celui de l'export du plan)."
            )
        return f
