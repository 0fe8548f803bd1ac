"""Hiring potential: which firms of the territory are likely to recruit for a ROME code.

Method (shown on the page and in docs/recrutement.md):

1. For each NAF sub-class, the ROME × NAF hirings table (France Travail, as La Bonne Boîte
   publishes it) gives the share `p` of the sector's hirings that go to this ROME code.
2. An active employer establishment of the census in that sector has a headcount band
   [low, high] (SIRENE, with its vintage).
3. Its yearly hires for the code are estimated as `p × headcount × rate`, with the yearly
   hiring rate taken between `TAUX_BAS` and `TAUX_HAUT` (an order of magnitude, stated as an
   assumption): the low end uses the band's low bound and the low rate, the high end the high
   bound and the high rate. The result is a range, never a single number.

Firms that refused (`PreferencePotentiel.refuse`) never appear; the public sees only those
that accepted; establishments without an Organisation appear to the team only.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Sum

from territoire.etablissements import tranches

from .models import EmbaucheRomeNaf, PreferencePotentiel

TAUX_BAS = 0.05
TAUX_HAUT = 0.25
LIMITE = 50


@dataclass
class Potentiel:
    etablissement: object
    organisation_id: int | None
    part: float
    bas: float
    haut: float

    @property
    def fourchette(self) -> str:
        return f"{self.bas:.1f} à {self.haut:.1f}".replace(".", ",")


def parts_par_naf(rome: str) -> dict[str, float]:
    """NAF (5 characters, no dot) → share of that sector's hirings going to `rome`."""
    lignes = dict(EmbaucheRomeNaf.objects.filter(rome=rome).values_list("naf", "embauches"))
    if not lignes:
        return {}
    totaux = dict(EmbaucheRomeNaf.objects.filter(naf__in=list(lignes)).values("naf").annotate(t=Sum("embauches"))
                  .values_list("naf", "t"))
    return {naf: n / totaux[naf] for naf, n in lignes.items() if totaux.get(naf)}


def potentiel(territoire, rome: str, *, public: bool) -> list[Potentiel]:
    from territoire.etablissements.models import Etablissement

    parts = parts_par_naf(rome)
    if not parts:
        return []
    formes = {naf[:2] + "." + naf[2:]: p for naf, p in parts.items()}
    etablissements = list(
        Etablissement.objects.filter(commune__territoires=territoire, etat="A", naf__in=list(formes))
        .exclude(tranche_effectifs__in=["", "NN", "00"]).select_related("unite_legale", "commune")
        .prefetch_related("organisations")
    )
    choix = dict(PreferencePotentiel.objects.filter(organisation__etablissement__in=etablissements)
                 .values_list("organisation__etablissement_id", "choix"))
    resultat = []
    for e in etablissements:
        decision = choix.get(e.pk)
        if decision == PreferencePotentiel.Choix.REFUSE:
            continue
        if public and (decision != PreferencePotentiel.Choix.ACCEPTE or not e.diffusible):
            continue
        bas, _, haut = tranches.emplois(e.tranche_effectifs)
        p = formes[e.naf]
        orga = next(iter(e.organisations.all()), None)
        resultat.append(Potentiel(e, orga.pk if orga else None, p, p * bas * TAUX_BAS, p * haut * TAUX_HAUT))
    resultat.sort(key=lambda x: (-x.haut, x.etablissement.siret))
    return resultat[:LIMITE]
