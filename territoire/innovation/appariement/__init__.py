"""Matching a firm's innovation need to competence holders, offline and explained.

`Index(corpus)` is built once per version of the data (see territoire/innovation/index.py for
the cache); `index.classer(texte, competences, …)` ranks the holders with the chosen method
(`METHODES`, default `bm25`). Pure Python over plain data: tests and the bench use it without
a database.

The need's competences are those the team tagged (weight 1), plus the vocabulary terms found
in its text (weight `POIDS_DETECTEES`): a need typed in its own words still meets the
vocabulary.
"""

from __future__ import annotations

from dataclasses import dataclass

from .corpus import Corpus, Detecteur, charger_corpus
from .methodes import METHODE_PAR_DEFAUT, METHODES, Candidat, Methode, Requete, distance_km

POIDS_DETECTEES = 0.8

__all__ = [
    "METHODES", "METHODE_PAR_DEFAUT", "POIDS_DETECTEES", "Candidat", "Corpus", "Index", "Requete",
    "charger_corpus", "distance_km", "evaluer",
]


class Index:
    """The vocabulary detector and one built method per name, over one corpus."""

    def __init__(self, corpus: Corpus, methodes: tuple[str, ...] = (METHODE_PAR_DEFAUT,)):
        self.corpus = corpus
        self.detecteur = Detecteur(corpus.competences)
        self._methodes: dict[str, Methode] = {}
        for nom in methodes:
            self.methode(nom)

    def methode(self, nom: str) -> Methode:
        if nom not in METHODES:
            raise ValueError(f"Méthode d'appariement inconnue « {nom} » ; connues : {', '.join(sorted(METHODES))}.")
        if nom not in self._methodes:
            self._methodes[nom] = METHODES[nom](self.corpus)
        return self._methodes[nom]

    def competences_de_la_requete(self, texte: str, etiquetees: dict[int, float] | None = None) -> dict[int, float]:
        competences = {cid: POIDS_DETECTEES for cid in self.detecteur.trouver(texte)}
        competences.update(etiquetees or {})
        return competences

    def classer(self, texte: str, etiquetees: dict[int, float] | None = None, *, latitude=None, longitude=None,
                exclure=frozenset(), public_seulement: bool = False, n: int = 10,
                methode: str = METHODE_PAR_DEFAUT) -> list[Candidat]:
        requete = Requete(
            texte=texte, competences=self.competences_de_la_requete(texte, etiquetees), latitude=latitude,
            longitude=longitude, exclure=frozenset(exclure), public_seulement=public_seulement,
        )
        return self.methode(methode).classer(requete, n=n)


@dataclass(frozen=True)
class Mesure:
    methode: str
    besoins: int
    precision_3: float
    rappel_5: float
    premier_juste: float  # share of needs whose first holder is right


def evaluer(index: Index, besoins: list[tuple[str, set[int]]], methode: str) -> Mesure:
    """precision@3 (right holders among the first 3, over 3), recall@5 (right holders found in
    the first 5, over the number of right holders), averaged over the needs."""
    p3 = r5 = p1 = 0.0
    for texte, attendus in besoins:
        classes = [c.detenteur_id for c in index.classer(texte, methode=methode, n=5)]
        p3 += len(set(classes[:3]) & attendus) / 3
        r5 += len(set(classes[:5]) & attendus) / len(attendus)
        p1 += bool(classes) and classes[0] in attendus
    n = len(besoins) or 1
    return Mesure(methode, len(besoins), p3 / n, r5 / n, p1 / n)
