"""Sample data of the living catalogue (ui/catalogue.html): each component drawn by its own
partial, so the catalogue shows what the pages show."""

from __future__ import annotations

import datetime as dt

from django import forms

from . import graphiques
from .formulaires import ChoixVidesLisibles
from .listes import Colonne, Liste
from .statuts import TONS_POSSIBLES


class FormulaireExemple(ChoixVidesLisibles, forms.Form):
    nom = forms.CharField(label="Nom de l'organisation", max_length=100, help_text="Tel qu'il figure au registre.")
    courriel = forms.EmailField(label="Courriel", required=False)
    sujet = forms.ChoiceField(label="Sujet", choices=[("", "---------"), ("recrutement", "Recrutement"), ("foncier", "Foncier")])
    effectif = forms.IntegerField(label="Effectif", min_value=0, required=False)
    consentement = forms.BooleanField(label="J'accepte d'être recontacté", required=False)
    canal = forms.ChoiceField(
        label="Canal préféré", widget=forms.RadioSelect, choices=[("courriel", "Courriel"), ("telephone", "Téléphone")],
        required=False,
    )



def contexte(request, aujourdhui: dt.date) -> dict:
    form = FormulaireExemple({"nom": "", "courriel": "pas-un-courriel", "sujet": "", "effectif": "-3"})
    form.is_valid()
    from territoire.referentiel.models import Commune

    liste = Liste(
        request,
        Commune.objects.filter(territoires=request.territoire).defer("contour"),
        colonnes=[
            Colonne("nom", "Commune", tri=("nom", "pk")),
            Colonne("code", "Code INSEE", tri=("code_insee", "pk")),
            Colonne("population", "Population", tri=("population", "pk"), nombre=True),
        ],
        tri_defaut="nom", noms=("commune", "communes"), feminin=True, par_page=5, ident="liste-exemple",
    )
    return {
        "form_exemple": form,
        "form_vierge": FormulaireExemple(),
        "tons": TONS_POSSIBLES,
        "liste_exemple": liste,
        "onglets_exemple": [("Résumé", "#onglets", True), ("Historique", "#onglets-historique", False), ("Pièces", "#onglets-pieces", False)],
        "g_barres": graphiques.barres(
            "exemple-barres", "Établissements par filière (exemple)",
            {"Mécanique, machines": 42, "Métallurgie, travail des métaux": 35, "Agroalimentaire": 17, "Plasturgie, caoutchouc": 9},
            colonne="Filière", unite="Établissements", description="Données d'exemple.",
        ),
        "g_courbes": graphiques.courbes(
            "exemple-courbes", "Emplois créés (exemple)",
            [
                ("Réalisé", [(dt.date(2023, 1, 1), 120), (dt.date(2024, 1, 1), 180), (dt.date(2025, 1, 1), 260)]),
                ("Cible", [(dt.date(2023, 1, 1), 100), (dt.date(2025, 1, 1), 300), (dt.date(2027, 1, 1), 500)]),
            ],
            unite="emplois", description="Données d'exemple.",
        ),
        "g_radar": graphiques.radar(
            "exemple-radar", "Diagnostic industrie du futur (exemple)",
            ["Numérique", "Automatisation", "Énergie", "Compétences", "Organisation", "Données"],
            [("Entreprise", [3, 2, 4, 3, None, 1]), ("Moyenne de la filière", [2.5, 2.5, 3, 3.5, 3, 2])],
            maximum=5, description="Données d'exemple.",
        ),
        "aujourdhui": aujourdhui,
    }
