"""Form helpers of the design system: French empty choices, one error summary.

Django's forms offer "---------" as the empty choice of a select; `libeller_choix_vides()`
replaces it with words ("Choisissez…" in a form, "Tous" in a filter panel). Every form of the
product mixes in `ChoixVidesLisibles` (or calls the function), and the lists' filter sets do it
through `territoire.ui.listes.FiltresListe`.
"""

from __future__ import annotations

from django import forms
from django.db.models.fields import BLANK_CHOICE_DASH

TIRETS = BLANK_CHOICE_DASH[0][1]  # "---------"
VIDE_FORMULAIRE = "Choisissez dans la liste"
VIDE_FACULTATIF = "Aucun choix"
VIDE_FILTRE = "Tous"


def _libelle(champ: forms.Field, filtre: bool) -> str:
    if filtre:
        return VIDE_FILTRE
    return VIDE_FORMULAIRE if champ.required else VIDE_FACULTATIF


def libeller_choix_vides(form: forms.BaseForm, filtre: bool = False) -> None:
    """Give every select of `form` a French empty choice instead of "---------"."""
    for champ in form.fields.values():
        libelle = _libelle(champ, filtre)
        if isinstance(champ, forms.ModelChoiceField) and not isinstance(champ, forms.ModelMultipleChoiceField):
            if champ.empty_label is not None and champ.empty_label in (TIRETS, ""):
                champ.empty_label = libelle
        elif isinstance(champ, forms.ChoiceField) and not isinstance(champ, forms.MultipleChoiceField):
            choix = list(champ.choices)
            if any(valeur in ("", None) and texte == TIRETS for valeur, texte in choix):
                champ.choices = [(v, libelle if (v in ("", None) and t == TIRETS) else t) for v, t in choix]


class ChoixVidesLisibles:
    """Mixin for forms: French empty choices (see the module's docstring)."""

    choix_vides_filtre = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        libeller_choix_vides(self, filtre=self.choix_vides_filtre)
