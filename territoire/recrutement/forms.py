"""Forms of Recruter: they only validate; writes go through actions.py."""

from __future__ import annotations

import re

from django import forms

from territoire.etablissements.models import Filiere

from .models import ActionFormation, BesoinRecrutement, Campus, OffreEmploi, RegleClassement
from .models.besoins import Niveau, TypeContrat

ROME = re.compile(r"^[A-N][0-9]{4}$")
TAILLE_MAX_WEB = 200 * 1024 * 1024  # larger files: `territoire formations import` on the server


def _rome(valeur: str) -> str:
    valeur = (valeur or "").strip().upper()
    if valeur and not ROME.match(valeur):
        raise forms.ValidationError("Code ROME attendu : une lettre de A à N puis quatre chiffres, par exemple H2903.")
    return valeur


def _rome_connu(valeur: str) -> str:
    """A code to record (a need, an offer): well formed and, when a répertoire is loaded, in it."""
    from .referentiels import repertoire_rome

    valeur = _rome(valeur)
    if not valeur:
        raise forms.ValidationError("Donnez le code ROME du métier, par exemple H2903.")
    repertoire = repertoire_rome()
    if repertoire and valeur not in repertoire:
        raise forms.ValidationError(f"Code ROME « {valeur} » inconnu du répertoire ROME : vérifiez-le (par exemple "
                                    "H2903 pour la conduite d'équipement d'usinage).")
    return valeur


class FiltresFormationsForm(forms.Form):
    q = forms.CharField(label="Recherche", required=False, max_length=100, help_text="Intitulé ou organisme.")
    filiere = forms.ModelChoiceField(label="Filière", required=False, empty_label="Toutes",
                                     queryset=Filiere.objects.filter(famille="industrie", actif=True))
    rome = forms.CharField(label="Métier (code ROME)", required=False, max_length=5, help_text="Par exemple H2903.")
    niveau = forms.ChoiceField(label="Niveau à la sortie", required=False,
                               choices=[("", "Tous")] + [(c, lib) for c, lib in Niveau.choices if c])
    commune = forms.ChoiceField(label="Commune", required=False)
    modalite = forms.ChoiceField(label="Modalité", required=False,
                                 choices=[("", "Toutes"), *ActionFormation.Modalite.choices, ("alternance", "En alternance")])
    industrielles = forms.BooleanField(label="Formations industrielles seulement", required=False)

    def __init__(self, *args, territoire=None, **kwargs):
        super().__init__(*args, **kwargs)
        communes = territoire.communes.order_by("nom").values_list("code_insee", "nom") if territoire else []
        self.fields["commune"].choices = [("", "Toutes")] + list(communes)

    def clean_rome(self):
        return _rome(self.cleaned_data["rome"])

    def filtrer(self, qs):
        if not self.is_valid():
            return qs
        d = self.cleaned_data
        if d["q"]:
            qs = qs.filter(models_q(d["q"]))
        if d["filiere"]:
            qs = qs.filter(filiere=d["filiere"])
        if d["rome"]:
            qs = qs.filter(codes_rome__rome=d["rome"])
        if d["niveau"]:
            qs = qs.filter(niveau_sortie=d["niveau"])
        if d["commune"]:
            qs = qs.filter(actions__code_commune=d["commune"])
        if d["modalite"] == "alternance":
            qs = qs.filter(actions__alternance=True)
        elif d["modalite"]:
            qs = qs.filter(actions__modalite=d["modalite"])
        if d["industrielles"]:
            qs = qs.filter(industrielle=True)
        return qs.distinct()


def models_q(texte: str):
    from django.db.models import Q

    return Q(intitule__icontains=texte) | Q(organisme_nom__icontains=texte)


class ImportForm(forms.Form):
    class Nature:
        LHEO = "lheo"
        OFFRES = "offres"

    nature = forms.ChoiceField(label="Type de fichier", widget=forms.RadioSelect, choices=[
        ("lheo", "Offres de formation au format LHEO 2.2 ou 2.3 (XML)"),
        ("offres", "Offres d'emploi France Travail « Offres d'emploi v2 » (JSON)"),
    ])
    fichier = forms.FileField(label="Fichier", help_text="200 Mo au plus par le navigateur ; au-delà, la commande "
                                                         "« territoire formations import » sur le serveur.")
    tout = forms.BooleanField(label="Formations : garder aussi les offres éloignées du territoire", required=False)
    partiel = forms.BooleanField(label="Offres d'emploi : ce fichier n'est qu'un extrait (ne pas clore les autres)",
                                 required=False)

    def clean_fichier(self):
        fichier = self.cleaned_data["fichier"]
        if fichier.size > TAILLE_MAX_WEB:
            raise forms.ValidationError(
                f"Fichier de {fichier.size / 1e6:.0f} Mo : au-delà de 200 Mo, importez-le par la commande "
                "« territoire formations import FICHIER » (lecture en flux, sans limite de taille)."
            )
        return fichier


class BesoinForm(forms.ModelForm):
    class Meta:
        model = BesoinRecrutement
        fields = ["organisation", "rome", "intitule", "nombre", "type_contrat", "date_debut", "niveau", "difficulte",
                  "origine", "publiable", "commentaire"]
        widgets = {"date_debut": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
        help_texts = {"rome": "Par exemple H2903 (conduite d'équipement d'usinage)."}

    def __init__(self, *args, territoire=None, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["type_contrat"].choices = TypeContrat.choices
        if organisations is not None and organisations.count() == 1:
            self.fields["organisation"].initial = organisations.first()

    def clean_rome(self):
        return _rome_connu(self.cleaned_data["rome"])


class RegleForm(forms.ModelForm):
    class Meta:
        model = RegleClassement
        fields = ["critere", "prefixe", "filiere", "industriel", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["filiere"].queryset = Filiere.objects.filter(famille="industrie")
        self.fields["filiere"].required = False

    def clean_prefixe(self):
        valeur = " ".join(self.cleaned_data["prefixe"].split())
        if not valeur:
            raise forms.ValidationError("Donnez le début du code que la règle reconnaît (« H29 », « 251 »…).")
        critere = self.cleaned_data.get("critere")
        if critere == "rome":
            valeur = valeur.upper()
            if not re.match(r"^[A-N][0-9]{0,4}$", valeur):
                raise forms.ValidationError("Un préfixe ROME est une lettre de A à N suivie de 0 à 4 chiffres.")
        elif critere in {"nsf", "formacode", "rncp"} and not valeur.isdigit():
            raise forms.ValidationError("Ce critère attend des chiffres (début du code).")
        return valeur


class ApparitionForm(forms.Form):
    choix = forms.ChoiceField(label="Apparaître dans le potentiel d'embauche", widget=forms.RadioSelect, choices=[
        ("accepte", "Oui, y compris sur le portail public"), ("refuse", "Non, nulle part")])


class OffreForm(forms.ModelForm):
    """A job offer entered by hand for a firm (the team): never closed by an import."""

    class Meta:
        model = OffreEmploi
        fields = ["organisation", "intitule", "rome", "type_contrat", "nombre_postes", "alternance", "description", "url"]
        labels = {"organisation": "Entreprise", "nombre_postes": "Nombre de postes", "alternance": "En alternance"}
        help_texts = {"rome": "Par exemple H2903 (conduite d'équipement d'usinage).",
                      "url": "Page de l'offre chez l'entreprise ou chez France Travail, si elle existe."}

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["organisation"].required = True
        self.fields["type_contrat"] = forms.ChoiceField(label="Type de contrat", choices=TypeContrat.choices)

    def clean_rome(self):
        return _rome_connu(self.cleaned_data["rome"])

    def clean_nombre_postes(self):
        valeur = self.cleaned_data["nombre_postes"]
        if not valeur:
            raise forms.ValidationError("Au moins un poste.")
        return valeur


class CampusForm(forms.ModelForm):
    class Meta:
        model = Campus
        fields = ["nom", "thematique", "label", "description", "fiche_action", "formations"]
        widgets = {"formations": forms.CheckboxSelectMultiple}

    def __init__(self, *args, territoire=None, **kwargs):
        super().__init__(*args, **kwargs)
        from territoire.programme.models import FicheAction

        self.fields["fiche_action"].queryset = FicheAction.objects.filter(programme__territoire=territoire).order_by("numero") \
            if territoire is not None else FicheAction.objects.none()
        self.fields["fiche_action"].required = False
        from .models import Formation

        self.fields["formations"].queryset = (
            Formation.objects.filter(territoire=territoire, archivee_le__isnull=True, industrielle=True).order_by("intitule")
            if territoire is not None else Formation.objects.none())
        self.fields["formations"].help_text = "Les formations industrielles actives du territoire."
