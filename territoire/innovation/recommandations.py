"""Next steps for a diagnostic's weakest dimensions: the questionnaire's advice, the aid
catalogue's schemes that answer them (real `guichet.Dispositif` rows: subject, territory,
dates and the firm's profile checked) and the fiches-actions of the plan that answer them
(their title and objectives hold one of the dimension's keywords, compared on French stems)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

from territoire.concertation.suggestion import jetons

from .diagnostic import Ligne


@dataclass
class Recommandation:
    ligne: Ligne
    etape: str
    dispositifs: list = field(default_factory=list)
    fiches: list = field(default_factory=list)


def _contient(texte_jetons: list[str], phrase: list[str]) -> bool:
    n = len(phrase)
    return n > 0 and any(texte_jetons[i:i + n] == phrase for i in range(len(texte_jetons) - n + 1))


def recommander(faibles: list[Ligne], organisation, territoire, fiches_visibles) -> list[Recommandation]:
    """One recommendation per weak dimension, in two queries (schemes, fiches)."""
    from territoire.guichet.models import Dispositif

    jour = timezone.localdate()
    sujets = {s for ligne in faibles for s in ligne.dimension.sujets}
    dispositifs = list(
        Dispositif.objects.actifs().filter(sujets__code__in=sujets)
        .filter(Q(territoires=territoire) | Q(territoires__isnull=True))
        .filter(Q(debut__isnull=True) | Q(debut__lte=jour)).filter(Q(fin__isnull=True) | Q(fin__gte=jour))
        .select_related("financeur").prefetch_related("sujets").distinct().order_by("nom")
    ) if sujets else []
    dispositifs = [d for d in dispositifs if d.accepte_profil(organisation.naf, organisation.tranche_effectifs)]
    fiches = [(f, jetons(" ".join([f.titre, f.objectifs or "", f.description or ""])))
              for f in fiches_visibles.order_by("numero")]
    resultat = []
    for ligne in faibles:
        d = ligne.dimension
        phrases = [jetons(m) for m in d.mots_cles]
        resultat.append(Recommandation(
            ligne=ligne, etape=d.prochaine_etape(ligne.score),
            dispositifs=[x for x in dispositifs if {s.code for s in x.sujets.all()} & set(d.sujets)],
            fiches=[f for f, t in fiches if any(_contient(t, p) for p in phrases)],
        ))
    return resultat
