"""Ranked competence holders for a need, with the reasons shown to the team.

The index ranks (lexical + vocabulary + distance, see appariement/); this module adds what
only the database knows — past projects of each candidate with firms of the same filière as
the firm asking — and turns each candidate's parts into sentences: which competences (and
their source), which equipment and services, which past projects, how far.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from territoire.concertation.suggestion import jetons, mots, racine

from .appariement import METHODE_PAR_DEFAUT, Candidat
from .index import index_du_territoire
from .models import DetenteurCompetences, ProjetInnovation

BONUS_PROJET = 0.15
# An equipment or service is named as a reason when it serves one of the need's competences,
# or when its words meet at least this many of the need's (stems).
TERMES_COMMUNS_OFFRE = 2
PROJETS_COMPTES_MAX = 2
RELATIONS = {"meme": "", "parent": "plus générale", "enfant": "plus précise"}


@dataclass
class Proposition:
    detenteur: DetenteurCompetences
    rang: int
    score: float
    candidat: Candidat
    competences: list[dict] = field(default_factory=list)  # {besoin, detenteur, relation, source}
    equipements: list[str] = field(default_factory=list)
    services: list[str] = field(default_factory=list)
    projets: list[str] = field(default_factory=list)
    termes: list[str] = field(default_factory=list)  # stems
    mots: list[str] = field(default_factory=list)  # the need's own words for those stems

    @property
    def distance_km(self) -> float | None:
        return self.candidat.distance_km

    def raisons(self) -> list[str]:
        """The reasons, one sentence each (kept with an introduction when it is sent)."""
        phrases = []
        for c in self.competences:
            precision = f" ({c['relation']} que « {c['besoin']} »)" if c["relation"] else ""
            phrases.append(f"Compétence : {c['detenteur']}{precision} — source : {c['source']}")
        phrases += [f"Équipement : {e}" for e in self.equipements]
        phrases += [f"Service : {s}" for s in self.services]
        phrases += [f"Projet passé avec une entreprise de la même filière : {p}" for p in self.projets]
        if self.mots:
            phrases.append("Mots du besoin retrouvés : " + ", ".join(self.mots))
        if self.distance_km is not None:
            phrases.append(f"Distance : {self.distance_km:.0f} km")
        return phrases


def _position(entreprise) -> tuple[float | None, float | None]:
    if entreprise is None:
        return None, None
    if entreprise.latitude is not None:
        return entreprise.latitude, entreprise.longitude
    commune = entreprise.commune if entreprise.commune_id else None
    return (commune.latitude, commune.longitude) if commune else (None, None)


def _filiere(entreprise):
    if entreprise is None or not entreprise.etablissement_id:
        return None
    return entreprise.etablissement.filiere_id


def _projets_similaires(territoire, ids: list[int], entreprise) -> dict[int, list[str]]:
    """holder id → titles of its past projects with a firm of the same filière (one query)."""
    filiere = _filiere(entreprise)
    if filiere is None or not ids:
        return {}
    resultat: dict[int, list[str]] = {}
    lignes = (
        ProjetInnovation.objects.filter(territoire=territoire, detenteurs__in=ids, entreprises__etablissement__filiere_id=filiere)
        .exclude(etape=ProjetInnovation.Etape.ABANDONNE)
        .values_list("detenteurs", "titre").distinct().order_by("titre")
    )
    for did, titre in lignes:
        if did in ids and titre not in resultat.setdefault(did, []):
            resultat[did].append(titre)
    return resultat


def _utile(offre, competences: dict[int, float], termes: set[str]) -> bool:
    """An equipment or service worth naming (see TERMES_COMMUNS_OFFRE)."""
    return bool(offre.competences & set(competences)) or len(set(jetons(offre.texte)) & termes) >= TERMES_COMMUNS_OFFRE


def proposer(territoire, texte: str, etiquetees: dict[int, float] | None = None, *, entreprise=None, n: int = 5,
             methode: str = METHODE_PAR_DEFAUT, public_seulement: bool = False) -> list[Proposition]:
    """The `n` best holders for a need, best first, each with its reasons."""
    index = index_du_territoire(territoire, methode)
    lat, lon = _position(entreprise)
    exclure = {f.id for f in index.corpus.detenteurs if entreprise is not None and f.organisation_id == entreprise.pk}
    competences = index.competences_de_la_requete(texte, etiquetees)
    candidats = index.classer(texte, etiquetees, latitude=lat, longitude=lon, exclure=exclure,
                              public_seulement=public_seulement, n=max(n * 2, 10), methode=methode)
    projets = _projets_similaires(territoire, [c.detenteur_id for c in candidats], entreprise)
    for c in candidats:  # a past project lifts a relevant holder; it does not make an irrelevant one relevant
        c.score *= 1 + BONUS_PROJET * min(len(projets.get(c.detenteur_id, [])), PROJETS_COMPTES_MAX)
    candidats.sort(key=lambda c: (-c.score, c.detenteur_id))
    candidats = [c for c in candidats if c.score > 0][:n]
    fiches = {f.id: f for f in index.corpus.detenteurs}
    ecrits: dict[str, str] = {}
    for mot in mots(texte):  # each stem → the first word of the need that gives it
        ecrits.setdefault(racine(mot), mot)
    detenteurs = DetenteurCompetences.objects.select_related("organisation", "commune").in_bulk([c.detenteur_id for c in candidats])
    propositions = []
    for rang, c in enumerate((c for c in candidats if c.detenteur_id in detenteurs), start=1):
        fiche = fiches[c.detenteur_id]
        vues = []
        for cid_besoin, cid_detenteur, relation in c.competences:
            principale, source = fiche.competences[cid_detenteur]
            vues.append({
                "besoin": index.corpus.competences[cid_besoin].libelle,
                "detenteur": index.corpus.competences[cid_detenteur].libelle + (" (point fort)" if principale else ""),
                "relation": RELATIONS[relation], "source": source,
            })
        termes = set(c.termes)
        propositions.append(Proposition(
            detenteur=detenteurs[c.detenteur_id], rang=rang, score=round(c.score, 3), candidat=c, competences=vues,
            equipements=[o.nom for o in fiche.offres if o.nature == "equipement" and _utile(o, competences, termes)],
            services=[o.nom for o in fiche.offres if o.nature == "service" and _utile(o, competences, termes)],
            projets=projets.get(c.detenteur_id, []), termes=c.termes,
            mots=[ecrits[t] for t in c.termes if t in ecrits][:6],
        ))
    return propositions
