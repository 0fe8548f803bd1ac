"""Forms that launch background jobs from the web."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone


class ImportSireneForm(forms.Form):
    fichier_etablissements = forms.FileField(
        label="Stock des établissements (StockEtablissement)",
        help_text="CSV, CSV compressé gzip, ZIP officiel de l'INSEE ou Parquet ; le format est reconnu au contenu.",
        error_messages={"required": "Choisissez le fichier du stock des établissements.",
                        "empty": "Le fichier envoyé est vide : choisissez le stock des établissements."},
    )
    fichier_unites_legales = forms.FileField(
        label="Stock des unités légales (StockUniteLegale, facultatif)", required=False,
        help_text="Mêmes formats : noms, catégories juridiques et d'entreprise des unités légales.",
        error_messages={"empty": "Le fichier des unités légales envoyé est vide."},
    )
    force = forms.BooleanField(
        label="Accepter un import qui fermerait ou ferait disparaître plus de 5 % des établissements actifs",
        required=False,
    )


class SireneMensuelForm(forms.Form):
    unites_legales = forms.BooleanField(
        label="Télécharger aussi le stock des unités légales (noms, catégories)", required=False, initial=True,
    )
    force = forms.BooleanField(
        label="Accepter un import qui fermerait ou ferait disparaître plus de 5 % des établissements actifs",
        required=False,
    )


class RapportForm(forms.Form):
    debut = forms.DateField(label="Du", widget=forms.DateInput(attrs={"type": "date"}),
                            error_messages={"required": "Indiquez le premier jour de la période.",
                                            "invalid": "Date illisible : format JJ/MM/AAAA."})
    fin = forms.DateField(label="Au", widget=forms.DateInput(attrs={"type": "date"}),
                          error_messages={"required": "Indiquez le dernier jour de la période.",
                                          "invalid": "Date illisible : format JJ/MM/AAAA."})
    format = forms.ChoiceField(label="Format", choices=[("pdf", "PDF"), ("docx", "Word (DOCX)")], initial="pdf")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        aujourdhui = timezone.localdate()
        self.fields["fin"].initial = aujourdhui
        self.fields["debut"].initial = aujourdhui - dt.timedelta(days=180)

    def clean(self):
        donnees = super().clean()
        if donnees.get("debut") and donnees.get("fin") and donnees["fin"] < donnees["debut"]:
            raise forms.ValidationError("La fin de la période précède son début.")
        return donnees
