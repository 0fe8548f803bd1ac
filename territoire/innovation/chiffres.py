"""The `innovation` object of `territoire chiffres --json` (definitions in docs/innovation.md).

- `detenteurs_competences`: competence holders linked to the territory;
- `competences`: size of the controlled vocabulary (active entries);
- `besoins`: open innovation needs (open, or introduced and not closed);
- `mises_en_relation`: introductions made for the territory's needs;
- `projets`: innovation projects by stage (every stage, zeros included);
- `diagnostics`: firms with at least one industry-of-the-future diagnostic;
- `maturite_moyenne`: by dimension of the active questionnaire, the average score (0–5) over
  each diagnosed firm's latest diagnostic, unanswered dimensions left out; null below
  `SEUIL_COMPARAISON` answers (an individual result would show).
"""

from __future__ import annotations

from django.db.models import Count

from territoire.observatoire.chiffres_observatoire import memoriser_dans_une_part

from .diagnostic import derniers_diagnostics, moyennes, questionnaire_actif
from .models import (
    BesoinInnovation,
    Competence,
    DetenteurCompetences,
    Diagnostic,
    MiseEnRelation,
    ProjetInnovation,
)


def _hors_reseau(territoire) -> dict:
    """The figures that read the innovation tables only (no organisation's row)."""
    par_etape = dict(
        ProjetInnovation.objects.filter(territoire=territoire).values_list("etape").annotate(n=Count("pk")).values_list("etape", "n")
    )
    questionnaire = questionnaire_actif()
    maturite: dict[str, float | None] = {}
    if questionnaire is not None:
        dimensions = list(questionnaire.dimensions.all())
        calculees = moyennes(derniers_diagnostics(territoire, questionnaire))
        maturite = {d.code: calculees.get(d.pk) for d in dimensions}
    return {
        "competences": Competence.objects.filter(actif=True).count(),
        "besoins": BesoinInnovation.objects.filter(
            territoire=territoire, statut__in=BesoinInnovation.STATUTS_OUVERTS
        ).count(),
        "mises_en_relation": MiseEnRelation.objects.filter(besoin__territoire=territoire).count(),
        "projets": {e.value: par_etape.get(e.value, 0) for e in ProjetInnovation.Etape},
        "diagnostics": Diagnostic.objects.filter(territoire=territoire).values("organisation").distinct().count(),
        "maturite_moyenne": maturite,
    }


def chiffres_innovation(territoire) -> dict:
    # Kept apart on the innovation tables' tokens: a desk filing renews the network's, which
    # only the competence holders' count reads (their organisation's territories).
    hors_reseau = memoriser_dans_une_part(
        territoire, "innovation:hors-reseau", lambda: _hors_reseau(territoire), ("innovation",)
    )
    return {
        "innovation": {
            "detenteurs_competences": DetenteurCompetences.objects.filter(organisation__territoires=territoire).count(),
            **hors_reseau,
        }
    }
