"""Theme suggestion for a contribution, offline: TF-IDF over French stems, one centroid per theme.

Method (measured in docs/concertation-suggestion.md, checked by tests/concertation/test_suggestion.py):
1. text → tokens: lower case, apostrophes split (« l'usine » → « usine »), French stop words
   dropped, each word reduced to its Snowball French stem, then stripped of accents;
2. each example contribution (and each theme's label and description, as one more example) → TF-IDF vector (sublinear tf, smoothed idf), L2-normalised;
3. each theme → the normalised sum of its examples' vectors (a centroid);
4. a new text → cosine similarity with each centroid; the best themes are suggested.

The examples are the labelled corpus shipped in data/contributions_etiquetees.csv plus the
territory's own contributions already tagged by the team: the suggestion learns as the team
tags. Pure functions, no database: the view hands the examples in.
"""

from __future__ import annotations

import csv
import math
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import snowballstemmer

CORPUS = Path(__file__).parent / "data" / "contributions_etiquetees.csv"

# French function words and words that carry no theme in a firm's statement.
MOTS_VIDES = frozenset(
    """
    a à afin ai aie aient aies ait alors as au aucun aucune aupres auprès aussi autre autres aux avait avant
    avec avoir avons ayant beaucoup bien c ça car ce ceci cela celle celles celui cependant ces cet cette ceux
    chaque chez ci comme comment d dans de des deux donc dont du elle elles en encore entre es est et était
    étaient été être eu eux fait faire faut il ils j je jamais l la le les leur leurs lui m ma mais me même
    mêmes mes moi moins mon n ne ni nos notre nous on ont or ou où par parce pas peu peut peuvent plus plusieurs
    pour pourquoi pourrait pourraient qu quand que quel quelle quelles quels qui quoi s sa sans se selon ses si
    sien soit son sont sous sur ta te tes toi ton toujours tous tout toute toutes très trop tu un une vers vos
    votre vous y il faudrait serait seraient avons depuis déjà ici là lors où dès nos chez cela ceux celles
    également ainsi avoir sommes suis sera seront fois
    """.split()
)

_MOT = re.compile(r"[^\W\d_]+", re.UNICODE)
_stemmer = snowballstemmer.stemmer("french")


def _sans_accents(mot: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", mot) if unicodedata.category(c) != "Mn")


def jetons(texte: str) -> list[str]:
    """The stems of the meaningful words of `texte` (see the module's method)."""
    texte = unicodedata.normalize("NFKC", texte or "").lower().replace("’", "'")
    mots = [m for m in _MOT.findall(texte.replace("'", " ")) if len(m) > 1 and m not in MOTS_VIDES]
    return [_sans_accents(s) for s in _stemmer.stemWords(mots)]


def _normaliser(vecteur: dict[str, float]) -> dict[str, float]:
    norme = math.sqrt(sum(v * v for v in vecteur.values()))
    return {k: v / norme for k, v in vecteur.items()} if norme else {}


@dataclass(frozen=True)
class Modele:
    idf: dict[str, float]
    centroides: dict[str, dict[str, float]]

    @classmethod
    def entrainer(cls, exemples: Iterable[tuple[str, Iterable[str]]]) -> Modele:
        """Learn from (text, theme codes) pairs. A text with several themes feeds each of them."""
        docs = [(Counter(jetons(texte)), list(codes)) for texte, codes in exemples]
        docs = [(tf, codes) for tf, codes in docs if tf and codes]
        n = len(docs)
        df = Counter(t for tf, _ in docs for t in tf)
        idf = {t: math.log((1 + n) / (1 + d)) + 1 for t, d in df.items()}
        sommes: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
        for tf, codes in docs:
            vecteur = _normaliser({t: (1 + math.log(c)) * idf[t] for t, c in tf.items()})
            for code in codes:
                for t, v in vecteur.items():
                    sommes[code][t] += v
        return cls(idf=idf, centroides={code: _normaliser(dict(v)) for code, v in sommes.items()})

    def scores(self, texte: str) -> list[tuple[str, float]]:
        """Every known theme with its cosine similarity to `texte`, best first."""
        tf = Counter(t for t in jetons(texte) if t in self.idf)
        vecteur = _normaliser({t: (1 + math.log(c)) * self.idf[t] for t, c in tf.items()})
        resultats = [
            (code, sum(v * centroide.get(t, 0.0) for t, v in vecteur.items()))
            for code, centroide in self.centroides.items()
        ]
        return sorted(resultats, key=lambda cs: (-cs[1], cs[0]))

    def suggerer(self, texte: str, n: int = 2, seuil: float = 0.05, ecart: float = 0.6) -> list[str]:
        """Up to `n` theme codes: the best one, and the next ones when they score close to it
        (at least `ecart` of the best). Nothing when the text shares (almost) no word with any theme."""
        classes = self.scores(texte)
        if not classes or classes[0][1] < seuil:
            return []
        meilleur = classes[0][1]
        return [code for code, s in classes[:n] if s >= seuil and s >= ecart * meilleur]


def lire_corpus(chemin: Path = CORPUS) -> list[tuple[str, list[str]]]:
    """The labelled corpus: (text, [theme code]) pairs, in file order."""
    with chemin.open(encoding="utf-8", newline="") as f:
        return [(ligne["texte"], [c for c in ligne["theme"].split("|") if c]) for ligne in csv.DictReader(f, delimiter=";")]


def separer(exemples: list, tous_les: int = 4) -> tuple[list, list]:
    """The fixed split of the measure: every `tous_les`-th example (4th, 8th…) is held out."""
    apprentissage = [e for i, e in enumerate(exemples, start=1) if i % tous_les]
    test = [e for i, e in enumerate(exemples, start=1) if not i % tous_les]
    return apprentissage, test


def exemples_des_themes(themes: Iterable[tuple[str, str, str]]) -> list[tuple[str, list[str]]]:
    """Each theme's label and description, as one more example of it (helps the rare themes)."""
    return [(f"{libelle}. {description}", [code]) for code, libelle, description in themes]


def themes_livres() -> list[tuple[str, str, str]]:
    from .themes_defaut import THEMES

    return [(code, libelle, description) for code, libelle, _, description in THEMES]


def evaluer(apprentissage: list, test: list, themes: Iterable[tuple[str, str, str]] = ()) -> dict:
    """Accuracy of the best suggestion (top 1) and of the two best (top 2) on `test`.

    The model learns from `apprentissage` and the themes' own descriptions, as at run time.
    """
    modele = Modele.entrainer([*apprentissage, *exemples_des_themes(themes)])
    top1 = top2 = 0
    for texte, codes in test:
        classes = [code for code, _ in modele.scores(texte)[:2]]
        top1 += bool(classes) and classes[0] in codes
        top2 += bool(set(classes) & set(codes))
    n = len(test)
    return {"exemples_test": n, "exemples_apprentissage": len(apprentissage),
            "exactitude_top1": top1 / n, "exactitude_top2": top2 / n}


@lru_cache(maxsize=1)
def corpus() -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple((t, tuple(c)) for t, c in lire_corpus())


def modele_avec(
    exemples_locaux: Iterable[tuple[str, Iterable[str]]], themes: Iterable[tuple[str, str, str]]
) -> Modele:
    """The shipped corpus, the themes' descriptions and the territory's own tagged contributions."""
    return Modele.entrainer([*corpus(), *exemples_des_themes(themes), *exemples_locaux])
