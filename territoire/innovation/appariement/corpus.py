"""What the matching reads, as plain data (no database): the vocabulary and the holders.

`charger_corpus(territoire)` builds it from the database in a constant number of queries;
tests and the bench build it directly. Every text is turned into stems by the same French
handling as the consultation's suggestion (`territoire.concertation.suggestion.jetons`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from territoire.concertation.suggestion import jetons, mots, racine


@dataclass(frozen=True)
class EntreeCompetence:
    id: int
    code: str
    libelle: str
    parent_id: int | None
    termes: tuple[str, ...]  # label and synonyms, as written


@dataclass
class Offre:
    """An equipment or a service of a holder, for the reasons shown beside a match."""

    nature: str  # "equipement" or "service"
    nom: str
    texte: str
    competences: frozenset[int] = frozenset()


@dataclass
class FicheDetenteur:
    id: int
    nom: str
    type: str
    latitude: float | None = None
    longitude: float | None = None
    public: bool = True
    organisation_id: int | None = None
    # competence id → (principale, source)
    competences: dict[int, tuple[bool, str]] = field(default_factory=dict)
    offres: list[Offre] = field(default_factory=list)
    texte: str = ""  # description, register fields (name, domains, ERC panels)


@dataclass
class Corpus:
    competences: dict[int, EntreeCompetence]
    detenteurs: list[FicheDetenteur]

    def enfants(self) -> dict[int, set[int]]:
        resultat: dict[int, set[int]] = defaultdict(set)
        for c in self.competences.values():
            if c.parent_id is not None:
                resultat[c.parent_id].add(c.id)
        return resultat


class Detecteur:
    """Finds the vocabulary's terms (labels, synonyms) in a text, on stems: « peintures à l'eau »
    finds « peinture à l'eau ». Each hit names the competence and the words of the text (stop words left out)."""

    def __init__(self, competences: dict[int, EntreeCompetence]):
        self.phrases: dict[tuple[str, ...], tuple[int, str]] = {}
        self.longueur_max = 1
        for c in sorted(competences.values(), key=lambda c: c.id):
            for terme in c.termes:
                cle = tuple(jetons(terme))
                if cle and cle not in self.phrases:
                    self.phrases[cle] = (c.id, terme)
                    self.longueur_max = max(self.longueur_max, len(cle))

    def trouver(self, texte: str) -> dict[int, list[str]]:
        """competence id → the words of the text that name it (longest match first, no overlap)."""
        ecrits = mots(texte)
        racines = [racine(m) for m in ecrits]
        trouves: dict[int, list[str]] = defaultdict(list)
        i = 0
        while i < len(racines):
            for n in range(min(self.longueur_max, len(racines) - i), 0, -1):
                hit = self.phrases.get(tuple(racines[i:i + n]))
                if hit is not None:
                    vu = " ".join(ecrits[i:i + n])
                    if vu not in trouves[hit[0]]:
                        trouves[hit[0]].append(vu)
                    i += n
                    break
            else:
                i += 1
        return dict(trouves)


def charger_corpus(territoire=None) -> Corpus:
    """The vocabulary and the holders of `territoire` (all holders when None), in 7 queries."""
    from ..models import (
        Competence,
        CompetenceDetenue,
        DetenteurCompetences,
        Equipement,
        Service,
        Synonyme,
    )

    synonymes: dict[int, list[str]] = defaultdict(list)
    for cid, terme in Synonyme.objects.values_list("competence_id", "terme").order_by("competence_id", "terme"):
        synonymes[cid].append(terme)
    competences = {
        cid: EntreeCompetence(cid, code, libelle, parent_id, (libelle, *synonymes[cid]))
        for cid, code, libelle, parent_id in Competence.objects.filter(actif=True).values_list("id", "code", "libelle", "parent_id")
    }
    qs = DetenteurCompetences.objects.all()
    if territoire is not None:
        qs = qs.filter(organisation__territoires=territoire)
    fiches: dict[int, FicheDetenteur] = {}
    lignes = qs.values_list(
        "id", "organisation_id", "organisation__nom", "organisation__sigle", "organisation__description", "type", "latitude", "longitude",
        "public", "label_numero", "domaines", "panels_erc",
    ).order_by("id")
    for did, oid, nom, sigle, description, type_, lat, lon, public, label, domaines, panels in lignes:
        registre = " ".join([
            *(d.get("libelle", "") for d in domaines or []), *(p.get("libelle", "") for p in panels or []),
        ])
        fiches[did] = FicheDetenteur(
            id=did, nom=nom, type=type_, latitude=lat, longitude=lon, public=public, organisation_id=oid,
            texte=" ".join(t for t in (nom, sigle, description, label, registre) if t),
        )
    ids = list(fiches)
    filtre = {"detenteur_id__in": ids} if territoire is not None else {}
    for did, cid, principale, source, precision in CompetenceDetenue.objects.filter(**filtre).values_list(
        "detenteur_id", "competence_id", "principale", "source", "precision"
    ):
        if did in fiches and cid in competences:
            fiches[did].competences[cid] = (principale, source)
            if precision:
                fiches[did].texte += " " + precision
    for modele, nature in ((Equipement, "equipement"), (Service, "service")):
        offres: dict[int, Offre] = {}
        for oid, did, nom, description, cid in modele.objects.filter(**filtre).values_list(
            "id", "detenteur_id", "nom", "description", "competences"
        ).order_by("id"):
            if did not in fiches:
                continue
            offre = offres.get(oid)
            if offre is None:
                offre = offres[oid] = Offre(nature, nom, f"{nom} {description}")
                fiches[did].offres.append(offre)
            if cid is not None:
                offre.competences = offre.competences | {cid}
    return Corpus(competences=competences, detenteurs=list(fiches.values()))
