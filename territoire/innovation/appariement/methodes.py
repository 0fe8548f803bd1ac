"""Ranking methods: a need → competence holders, each with the parts of its score.

Every method has the same shape (`Methode`): built once from a `Corpus` (the index), then
asked for a `Requete`. They are swappable: `METHODES[nom]`, the default being `bm25`.

- `bm25`: lexical BM25 over the stems of each holder's document (its competences' labels and
  synonyms, its equipment and services, its description and register fields; the fields
  weighted), plus a vocabulary score (the need's competences found on the holder, or their
  parent or child entry, weighted by rarity), times a mild proximity factor.
- `tfidf`: the same, with a TF-IDF cosine instead of BM25 for the lexical part.
- `naif`: the baseline: the number of raw words (lower case, nothing else) the need shares with
  the holder's text. No stems, no vocabulary, no distance.
"""

from __future__ import annotations

import heapq
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from territoire.concertation.suggestion import jetons

from .corpus import Corpus, FicheDetenteur

# Field weights of a holder's document (BM25F-style: weighted term frequencies).
POIDS_CHAMPS = {"competences": 2.0, "principales": 1.0, "offres": 1.5, "texte": 1.0}
K1, B = 1.2, 0.75
# Weight of the vocabulary part against the lexical part (both brought to 0–1 per query).
POIDS_VOCABULAIRE = 1.0
# Credit for a holder that has the parent (more general) or a child (more specific) entry.
CREDIT_PARENT, CREDIT_ENFANT = 0.5, 0.6
BONUS_PRINCIPALE = 0.25
# Proximity: no effect within 20 km, then a factor 1 / (1 + (d − 20) / 200).
DISTANCE_NEUTRE_KM, DISTANCE_ECHELLE_KM = 20.0, 200.0
FACTEUR_DISTANCE_INCONNUE = 0.9
# The labels of the need's competences join the query's terms with this weight.
POIDS_TERMES_COMPETENCES = 0.5


@dataclass
class Requete:
    texte: str
    competences: dict[int, float] = field(default_factory=dict)  # competence id → weight (0–1)
    latitude: float | None = None
    longitude: float | None = None
    exclure: frozenset[int] = frozenset()  # holder ids left out (the firm itself)
    public_seulement: bool = False


@dataclass
class Candidat:
    detenteur_id: int
    score: float
    lexical: float = 0.0
    vocabulaire: float = 0.0
    proximite: float = 1.0
    distance_km: float | None = None
    termes: list[str] = field(default_factory=list)  # the query stems found in its document
    # (need competence id, holder competence id, relation: "meme", "parent", "enfant")
    competences: list[tuple[int, int, str]] = field(default_factory=list)


def distance_km(lat1, lon1, lat2, lon2) -> float | None:
    if None in (lat1, lon1, lat2, lon2):
        return None
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, a)))


def facteur_proximite(d: float | None) -> float:
    if d is None:
        return FACTEUR_DISTANCE_INCONNUE
    return 1.0 / (1.0 + max(0.0, d - DISTANCE_NEUTRE_KM) / DISTANCE_ECHELLE_KM)


def _champs(fiche: FicheDetenteur, corpus: Corpus, racines: dict[int, list[str]]) -> dict[str, list[str]]:
    """The stems of each field of a holder's document (`racines`: each competence's stems, computed once)."""
    competences, principales = [], []
    for cid, (principale, _source) in fiche.competences.items():
        termes = racines[cid]
        competences += termes
        if principale:
            principales += termes
    return {
        "competences": competences,
        "principales": principales,
        "offres": [t for o in fiche.offres for t in jetons(o.texte)],
        "texte": jetons(fiche.texte),
    }


class _Vocabulaire:
    """The vocabulary part, shared by the lexical methods."""

    def __init__(self, corpus: Corpus):
        self.parents = {c.id: c.parent_id for c in corpus.competences.values()}
        self.enfants = corpus.enfants()
        self.par_competence: dict[int, list[int]] = defaultdict(list)  # competence id → doc indexes
        for i, fiche in enumerate(corpus.detenteurs):
            for cid in fiche.competences:
                self.par_competence[cid].append(i)
        n = max(1, len(corpus.detenteurs))
        self.idf = {cid: math.log(1 + n / len(docs)) for cid, docs in self.par_competence.items()}
        self.principales = [
            {cid for cid, (p, _) in fiche.competences.items() if p} for fiche in corpus.detenteurs
        ]

    def scores(self, competences: dict[int, float]) -> dict[int, tuple[float, list[tuple[int, int, str]]]]:
        resultat: dict[int, list] = {}
        for cid, poids in competences.items():
            voisins = [(cid, "meme", 1.0)]
            if self.parents.get(cid) is not None:
                voisins.append((self.parents[cid], "parent", CREDIT_PARENT))
            voisins += [(e, "enfant", CREDIT_ENFANT) for e in sorted(self.enfants.get(cid, ()))]
            idf = self.idf.get(cid) or max(self.idf.get(v, 0.0) for v, _, _ in voisins) or 1.0
            meilleurs: dict[int, tuple[float, int, str]] = {}
            for autre, relation, credit in voisins:
                for doc in self.par_competence.get(autre, ()):
                    valeur = credit + (BONUS_PRINCIPALE if autre in self.principales[doc] else 0.0)
                    if doc not in meilleurs or valeur > meilleurs[doc][0]:
                        meilleurs[doc] = (valeur, autre, relation)
            for doc, (valeur, autre, relation) in meilleurs.items():
                entree = resultat.setdefault(doc, [0.0, []])
                entree[0] += poids * idf * valeur
                entree[1].append((cid, autre, relation))
        return {doc: (s, raisons) for doc, (s, raisons) in resultat.items()}


class Methode:
    nom = ""
    libelle = ""

    def __init__(self, corpus: Corpus):
        self.corpus = corpus
        self.ids = [f.id for f in corpus.detenteurs]
        self.publics = [f.public for f in corpus.detenteurs]

    def classer(self, requete: Requete, n: int = 10) -> list[Candidat]:
        raise NotImplementedError

    def _eligibles(self, requete: Requete) -> list[bool]:
        return [
            not (requete.public_seulement and not self.publics[i]) and self.ids[i] not in requete.exclure
            for i in range(len(self.ids))
        ]


class _Lexicale(Methode):
    """What BM25 and TF-IDF share: the documents' weighted term frequencies and the vocabulary."""

    def __init__(self, corpus: Corpus):
        super().__init__(corpus)
        self.tf: list[dict[str, float]] = []
        self.longueurs: list[float] = []
        racines = {cid: [t for terme in e.termes for t in jetons(terme)] for cid, e in corpus.competences.items()}
        for fiche in corpus.detenteurs:
            champs = _champs(fiche, corpus, racines)
            tf: dict[str, float] = defaultdict(float)
            for nom, termes in champs.items():
                for t in termes:
                    tf[t] += POIDS_CHAMPS[nom]
            self.tf.append(dict(tf))
            self.longueurs.append(sum(tf.values()))
        self.postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
        for i, tf in enumerate(self.tf):
            for t, v in tf.items():
                self.postings[t].append((i, v))
        n = len(self.tf)
        self.idf = {t: math.log(1 + (n - len(p) + 0.5) / (len(p) + 0.5)) for t, p in self.postings.items()}
        self.vocabulaire = _Vocabulaire(corpus)
        self.positions = [(f.latitude, f.longitude) for f in corpus.detenteurs]

    def _termes_requete(self, requete: Requete) -> dict[str, float]:
        poids: dict[str, float] = Counter()
        for t in jetons(requete.texte):
            poids[t] = min(poids[t] + 1.0, 2.0)
        for cid, w in requete.competences.items():
            entree = self.corpus.competences.get(cid)
            if entree is not None:
                for t in jetons(entree.libelle):
                    poids[t] = max(poids[t], POIDS_TERMES_COMPETENCES * w)
        return {t: p for t, p in poids.items() if t in self.postings}

    def _lexical(self, termes: dict[str, float]) -> dict[int, float]:
        """Each document's lexical score: the query weight times the posting's weight, precomputed
        by the method at build time (`self.poids`), summed over the query's terms."""
        scores: dict[int, float] = defaultdict(float)
        for t, q in termes.items():
            for doc, w in self.poids[t]:
                scores[doc] += q * w
        return scores

    def classer(self, requete: Requete, n: int = 10) -> list[Candidat]:
        """Every candidate's score in plain numbers, then the `n` best only become Candidates
        (their distance, words and reasons): the cost stays small with thousands of holders."""
        termes = self._termes_requete(requete)
        lexical = self._lexical(termes)
        vocabulaire = self.vocabulaire.scores(requete.competences)
        eligibles = self._eligibles(requete)
        max_l = max((v for d, v in lexical.items() if eligibles[d]), default=0.0) or 1.0
        max_v = max((v for d, (v, _) in vocabulaire.items() if eligibles[d]), default=0.0) or 1.0
        position = requete.latitude is not None and requete.longitude is not None
        scores = []
        for doc in set(lexical) | set(vocabulaire):
            if not eligibles[doc]:
                continue
            brut = lexical.get(doc, 0.0) / max_l + POIDS_VOCABULAIRE * vocabulaire.get(doc, (0.0,))[0] / max_v
            prox = facteur_proximite(self._distance(doc, requete)) if position else 1.0
            scores.append((brut * prox, -self.ids[doc], doc, prox))
        candidats = []
        for score, _, doc, prox in heapq.nlargest(n, scores):
            v, raisons = vocabulaire.get(doc, (0.0, []))
            candidats.append(Candidat(
                detenteur_id=self.ids[doc], score=score, lexical=lexical.get(doc, 0.0) / max_l, vocabulaire=v / max_v,
                proximite=prox, distance_km=self._distance(doc, requete) if position else None, competences=raisons,
                termes=sorted((t for t in termes if t in self.tf[doc]), key=lambda t: -self.idf[t])[:8],
            ))
        return candidats

    def _distance(self, doc: int, requete: Requete) -> float | None:
        lat, lon = self.positions[doc]
        return distance_km(requete.latitude, requete.longitude, lat, lon)


class Bm25(_Lexicale):
    nom = "bm25"
    libelle = "BM25 sur les racines françaises et vocabulaire contrôlé"

    def __init__(self, corpus: Corpus):
        super().__init__(corpus)
        moyenne = (sum(self.longueurs) / len(self.longueurs)) if self.longueurs else 1.0
        moyenne = moyenne or 1.0
        self.poids = {
            t: [(doc, self.idf[t] * tf * (K1 + 1) / (tf + K1 * (1 - B + B * self.longueurs[doc] / moyenne)))
                for doc, tf in postings]
            for t, postings in self.postings.items()
        }


class Tfidf(_Lexicale):
    nom = "tfidf"
    libelle = "TF-IDF (cosinus) sur les racines françaises et vocabulaire contrôlé"

    def __init__(self, corpus: Corpus):
        super().__init__(corpus)
        normes = [
            math.sqrt(sum(((1 + math.log(v)) * self.idf[t]) ** 2 for t, v in tf.items())) or 1.0
            for tf in self.tf
        ]
        self.poids = {
            t: [(doc, self.idf[t] * (1 + math.log(tf)) * self.idf[t] / normes[doc]) for doc, tf in postings]
            for t, postings in self.postings.items()
        }


_MOT_BRUT = re.compile(r"\w+", re.UNICODE)


def mots_bruts(texte: str) -> set[str]:
    return {m for m in _MOT_BRUT.findall((texte or "").lower()) if len(m) > 2}


class Naif(Methode):
    nom = "naif"
    libelle = "Référence naïve : mots bruts en commun"

    def __init__(self, corpus: Corpus):
        super().__init__(corpus)
        self.mots = []
        for fiche in corpus.detenteurs:
            textes = [fiche.texte, *(o.texte for o in fiche.offres)]
            textes += [t for cid in fiche.competences for t in corpus.competences[cid].termes]
            self.mots.append(mots_bruts(" ".join(textes)))

    def classer(self, requete: Requete, n: int = 10) -> list[Candidat]:
        mots = mots_bruts(requete.texte)
        eligibles = self._eligibles(requete)
        candidats = [
            Candidat(detenteur_id=self.ids[i], score=float(len(mots & m)), lexical=float(len(mots & m)),
                     termes=sorted(mots & m))
            for i, m in enumerate(self.mots) if eligibles[i] and mots & m
        ]
        candidats.sort(key=lambda c: (-c.score, c.detenteur_id))
        return candidats[:n]


METHODES: dict[str, type[Methode]] = {m.nom: m for m in (Bm25, Tfidf, Naif)}
METHODE_PAR_DEFAUT = "bm25"
