"""Offline text classification over French stems, shared by the consultation and innovation.

The consultation suggests themes for a contribution; innovation suggests competences for a
firm's need and ranks competence holders with the same French text handling (`jetons`).

Method (measured in docs/concertation-suggestion.md, checked by tests/concertation/test_suggestion.py):
1. text → tokens: lower case, apostrophes split (« l'usine » → « usine »), French stop words
   dropped, each word reduced to its Snowball French stem, then stripped of accents;
2. each example contribution (and each theme's label and description, as one more example) → TF-IDF vector (sublinear tf, smoothed idf), L2-normalised;
3. each theme → the normalised sum of its examples' vectors (a centroid);
4. a new text → cosine similarity with each centroid; the best themes are suggested.

The examples are the labelled corpus shipped in data/contributions_etiquetees.csv plus the
territory's own contributions already tagged by the team: the suggestion learns as the team
tags. Pure functions, no database: the view hands the examples in.

Models and indexes are built once per version of their data, not on every suggestion: the
process-wide `CACHE` keeps them by (use, version). A version is whatever changes with the
data: `modele_avec` fingerprints the examples it is handed (the consultation's view keeps
its shape); innovation passes a version token kept in its database (see
territoire/innovation/index.py). Stems are memoised per word, one stemmer per thread.
"""

from __future__ import annotations

import csv
import hashlib
import math
import re
import threading
import unicodedata
from collections import Counter, OrderedDict, defaultdict
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

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
# A Snowball stemmer keeps state while it works: one per thread (web servers run threads).
_local = threading.local()


def _stemmer():
    stemmer = getattr(_local, "stemmer", None)
    if stemmer is None:
        stemmer = _local.stemmer = snowballstemmer.stemmer("french")
    return stemmer


def _sans_accents(mot: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", mot) if unicodedata.category(c) != "Mn")


@lru_cache(maxsize=200_000)
def racine(mot: str) -> str:
    """The Snowball French stem of one lower-case word, without accents (memoised)."""
    return _sans_accents(_stemmer().stemWord(mot))


def mots(texte: str) -> list[str]:
    """The meaningful lower-case words of `texte`: apostrophes split, stop words dropped."""
    texte = unicodedata.normalize("NFKC", texte or "").lower().replace("’", "'")
    return [m for m in _MOT.findall(texte.replace("'", " ")) if len(m) > 1 and m not in MOTS_VIDES]


def jetons(texte: str) -> list[str]:
    """The stems of the meaningful words of `texte` (see the module's method)."""
    return [racine(m) for m in mots(texte)]


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


T = TypeVar("T")


class CacheDeModeles:
    """Built models and indexes, kept by (use, version), the least recently used dropped first.

    `obtenir(usage, version, fabrique)` returns the object built for that version of the data,
    building it (once, even when several threads ask at the same time) when it is missing.
    With `remplace` (a use with one live version, such as a territory's index under a token
    of its database), building a new version drops the older ones of that use at once;
    otherwise (versions that are content fingerprints, several of them live, one per
    territory) older entries leave as newer ones come in.
    """

    def __init__(self, taille: int = 32):
        self.taille = taille
        self._entrees: OrderedDict[tuple[str, Hashable], object] = OrderedDict()
        self._verrou = threading.Lock()
        self._verrous_construction: dict[tuple[str, Hashable], threading.Lock] = {}
        self.constructions = 0  # how many builds happened (tests and the bench read it)

    def obtenir(self, usage: str, version: Hashable, fabrique: Callable[[], T], remplace: bool = False) -> T:
        cle = (usage, version)
        with self._verrou:
            if cle in self._entrees:
                self._entrees.move_to_end(cle)
                return self._entrees[cle]  # type: ignore[return-value]
            verrou = self._verrous_construction.setdefault(cle, threading.Lock())
        with verrou:
            with self._verrou:
                if cle in self._entrees:
                    return self._entrees[cle]  # type: ignore[return-value]
            try:
                objet = fabrique()
            finally:
                with self._verrou:
                    self._verrous_construction.pop(cle, None)
            with self._verrou:
                self.constructions += 1
                self._entrees[cle] = objet
                if remplace:  # older versions of this use are unreachable: drop them at once
                    for ancienne in [c for c in self._entrees if c[0] == usage and c != cle]:
                        del self._entrees[ancienne]
                while len(self._entrees) > self.taille:
                    self._entrees.popitem(last=False)
            return objet

    def vider(self) -> None:
        with self._verrou:
            self._entrees.clear()


CACHE = CacheDeModeles()


def empreinte(exemples: Iterable[tuple[str, Iterable[str]]]) -> str:
    """A version of a list of (text, codes) examples: the same examples give the same value."""
    h = hashlib.blake2b(digest_size=16)
    for texte, codes in exemples:
        h.update(texte.encode("utf-8", "surrogatepass"))
        h.update(b"\x00")
        h.update("|".join(codes).encode("utf-8", "surrogatepass"))
        h.update(b"\x01")
    return h.hexdigest()


def modele_avec(
    exemples_locaux: Iterable[tuple[str, Iterable[str]]], themes: Iterable[tuple[str, str, str]],
    usage: str = "concertation.themes",
) -> Modele:
    """The shipped corpus, the themes' descriptions and the territory's own tagged contributions.

    Built once per version of these examples (their fingerprint), then served from `CACHE`.
    """
    exemples = [(t, tuple(c)) for t, c in [*exemples_des_themes(themes), *exemples_locaux]]
    return CACHE.obtenir(usage, empreinte(exemples), lambda: Modele.entrainer([*corpus(), *exemples]))
