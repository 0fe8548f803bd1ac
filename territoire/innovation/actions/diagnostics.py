"""Writes of the industry-of-the-future diagnostic: record one (answers checked, missing kept missing)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from territoire.reseau.actions import enregistrer_historique

from ..diagnostic import valider_reponses
from ..models import Diagnostic, Reponse


@transaction.atomic
def enregistrer_diagnostic(territoire, organisation, questionnaire, *, date, mode: str, reponses: dict[str, tuple],
                           interaction=None, notes: str = "", par=None, fictif: bool = False) -> Diagnostic:
    """Record a diagnostic. `reponses` maps a dimension code to (score 0–5 or None, evidence).

    A dimension left out or with no score is kept as unanswered (never 0). A score outside 0–5,
    or a code not in the questionnaire, refuses the whole diagnostic with one message per problem.
    The firm's filière and headcount band of the day are kept for the comparisons.
    """
    if mode not in Diagnostic.Mode.values:
        raise ValidationError({"mode": "Mode inconnu : pendant une visite ou rempli par l'entreprise."})
    dimensions = list(questionnaire.dimensions.all())
    propres = valider_reponses(dimensions, reponses)
    if all(score is None for score, _ in propres.values()):
        raise ValidationError("Aucune dimension n'a de niveau : un diagnostic vide n'est pas enregistré.")
    etablissement = organisation.etablissement if organisation.etablissement_id else None
    diagnostic = Diagnostic.objects.create(
        territoire=territoire, organisation=organisation, questionnaire=questionnaire, date=date, mode=mode,
        interaction=interaction, notes=notes, filiere=etablissement.filiere if etablissement else None,
        tranche_effectifs=(etablissement.tranche_effectifs if etablissement else "") or organisation.tranche_effectifs,
        realise_par=par if getattr(par, "is_authenticated", False) else None, fictif=fictif,
    )
    Reponse.objects.bulk_create([
        Reponse(diagnostic=diagnostic, dimension=d, score=propres[d.code][0], preuve=propres[d.code][1])
        for d in dimensions
    ])
    manquantes = sum(1 for score, _ in propres.values() if score is None)
    enregistrer_historique(
        organisation, par, f"Diagnostic industrie du futur du {date:%d/%m/%Y} ({diagnostic.get_mode_display().lower()})"
        + (f", {manquantes} dimension(s) sans réponse" if manquantes else ""), territoire=territoire,
    )
    return diagnostic
