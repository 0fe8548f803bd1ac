"""The demo's competence holders as plain records, shared by the demo builder and the bench.

`territoire/demo/innovation.py` writes them in the database; `bench/innovation_appariement.py`
measures the matching on exactly the same holders without a database (`corpus_de_demonstration`).
The research structures are real (register fields, territoire/demo/data/innovation.json); their
competences are derived from those fields (rnsr.competences_du_registre); the other holders are
fictitious and say so.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from . import rnsr
from .appariement.corpus import Corpus, Detecteur, EntreeCompetence, FicheDetenteur, Offre
from .vocabulaire import FICHIER_LIVRE, EntreeVocabulaire, lire

DONNEES = Path(__file__).resolve().parents[1] / "demo" / "data" / "innovation.json"


@dataclass
class OffreDemo:
    nature: str
    nom: str
    description: str = ""
    type: str = ""
    competences: list[str] = field(default_factory=list)
    source: str = ""


@dataclass
class FicheDemo:
    cle: str  # RNSR number or the demo key
    nom: str
    type: str
    sigle: str = ""
    description: str = ""
    code_postal: str = ""
    commune: str = ""  # INSEE code when known, else the register's commune name
    structure: rnsr.StructureRNSR | None = None
    competences: dict[str, tuple[bool, str, str]] = field(default_factory=dict)  # code → (principale, source, précision)
    offres: list[OffreDemo] = field(default_factory=list)
    source: str = ""
    fictif: bool = False


@lru_cache(maxsize=1)
def donnees() -> dict:
    return json.loads(DONNEES.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def vocabulaire() -> tuple[EntreeVocabulaire, ...]:
    return tuple(lire(FICHIER_LIVRE.read_bytes(), FICHIER_LIVRE.name))


def lieux_de_demonstration(code_postal: str, commune: str):
    """The place of a demo structure, from the places the demo data keep (computed once from the
    official data by lieux.trouver_lieu, with their source); other addresses go to the official data."""
    from .lieux import Lieu, trouver_lieu

    connu = donnees().get("lieux_rnsr", {}).get(f"{code_postal}|{commune}")
    return Lieu(**connu) if connu else trouver_lieu(code_postal, commune)


def positions_de_demonstration() -> dict[str, tuple[float | None, float | None]]:
    """Holder key → (latitude, longitude) of the demo holders (the territory's communes for the
    fictitious ones, the kept places for the research structures)."""
    from .lieux import position_commune

    positions = {}
    for f in fiches_de_demonstration():
        if f.structure is not None:
            lieu = lieux_de_demonstration(f.code_postal, f.commune)
            positions[f.cle] = (lieu.latitude, lieu.longitude) if lieu else (None, None)
        else:
            lieu = position_commune(f.commune)
            positions[f.cle] = (lieu.latitude, lieu.longitude) if lieu else (None, None)
    return positions


def detecteur_par_code() -> Detecteur:
    return Detecteur({e.code: EntreeCompetence(e.code, e.code, e.libelle, None, (e.libelle, *e.synonymes)) for e in vocabulaire()})


def fiches_de_demonstration() -> list[FicheDemo]:
    d = donnees()
    codes = {e.code for e in vocabulaire()}
    detecteur = detecteur_par_code()
    fiches = []
    for ligne in d["rnsr"]:
        s = rnsr.structure_depuis_ligne(ligne)
        competences = {
            code: (False, source, "") for code, source in
            rnsr.competences_du_registre(s, codes, detecteur, source=d["source_rnsr"]).items()
        }
        fiches.append(FicheDemo(
            cle=s.numero, nom=s.libelle, type=s.type_detenteur, sigle=s.sigle, code_postal=s.code_postal,
            commune=s.commune, structure=s, competences=competences, source=d["source_rnsr"],
        ))
    t = d["technopole"]
    fiches.append(FicheDemo(
        cle=t["cle"], nom=t["nom"], type=t["type"], description=t["description"], commune=t["commune"], source=t["source"],
        offres=[OffreDemo("service", o["nom"], o.get("description", ""), o["type"], o.get("competences", []), o["source"])
                for o in t["services"]],
    ))
    for f in d["fictifs"]:
        source = d["source_fictifs"]
        offres = [OffreDemo("equipement", o["nom"], o.get("description", ""), "", o.get("competences", []), source)
                  for o in f["equipements"]]
        offres += [OffreDemo("service", o["nom"], o.get("description", ""), o["type"], o.get("competences", []), source)
                   for o in f["services"]]
        fiches.append(FicheDemo(
            cle=f["cle"], nom=f["nom"], type=f["type"], sigle=f.get("sigle", ""), description=f["description"],
            commune=f["commune"], source=source, fictif=True, offres=offres,
            competences={c["code"]: (c["principale"], source, c.get("precision", "")) for c in f["competences"]},
        ))
    inconnues = sorted({c for f in fiches for c in f.competences if c not in codes}
                       | {c for f in fiches for o in f.offres for c in o.competences if c not in codes})
    if inconnues:
        raise ValueError(f"{DONNEES.name} : compétences absentes du vocabulaire : {', '.join(inconnues)}")
    return fiches


def corpus_de_demonstration(positions: dict[str, tuple[float, float]] | None = None) -> tuple[Corpus, dict[str, int]]:
    """The demo holders as a matching corpus (ids 1…n), and their key → id. `positions` maps a
    holder key to (latitude, longitude)."""
    entrees = vocabulaire()
    ids = {e.code: i for i, e in enumerate(entrees, start=1)}
    competences = {
        ids[e.code]: EntreeCompetence(ids[e.code], e.code, e.libelle, ids.get(e.parent), (e.libelle, *e.synonymes))
        for e in entrees
    }
    detenteurs, cles = [], {}
    for i, f in enumerate(fiches_de_demonstration(), start=1):
        s = f.structure
        registre = " ".join([*(x["libelle"] for x in s.domaines), *(x["libelle"] for x in s.panels)]) if s else ""
        lat, lon = (positions or {}).get(f.cle, (None, None))
        detenteurs.append(FicheDetenteur(
            id=i, nom=f.nom, type=f.type, latitude=lat, longitude=lon,
            competences={ids[c]: (p, src) for c, (p, src, _) in f.competences.items()},
            offres=[Offre(o.nature, o.nom, f"{o.nom} {o.description}", frozenset(ids[c] for c in o.competences)) for o in f.offres],
            texte=" ".join(t for t in (f.nom, f.sigle, f.description, s.label_numero if s else "", registre,
                                       *(p for _, _, p in f.competences.values())) if t),
        ))
        cles[f.cle] = i
    return Corpus(competences=competences, detenteurs=detenteurs), cles
