"""The industry-of-the-future diagnostic: the questionnaire's data, scores, averages, weakest dimensions.

- The questionnaire is data (data/questionnaire_industrie_futur_v*.json), loaded as a version:
  a diagnostic keeps pointing at the version it was filled in; a new version is a new row.
- A score goes 0–5; an unanswered dimension has no score (None): it is left out of every
  average and left off the radar (listed beside it), never drawn or counted as 0.
- The comparison group of a firm is the territory's other firms diagnosed with the same
  questionnaire, same filière and same size class; with fewer than `SEUIL_COMPARAISON` firms,
  the group widens to the filière (all sizes), then to the territory, and says so.
- Averages use each firm's latest diagnostic only.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from .models import SCORE_MAX, SCORE_MIN, Diagnostic, Dimension, Questionnaire

DOSSIER = Path(__file__).parent / "data"
QUESTIONNAIRE_LIVRE = DOSSIER / "questionnaire_industrie_futur_v1.json"
# Fewer firms than this in a group: its average is not shown (an individual result would show).
SEUIL_COMPARAISON = 3
NB_FAIBLES = 3

# Size classes from the SIRENE headcount band.
CLASSES_TAILLE = (
    ("tpe", "Moins de 10 salariés", ("NN", "00", "01", "02", "03")),
    ("pe", "10 à 49 salariés", ("11", "12")),
    ("me", "50 à 249 salariés", ("21", "22", "31")),
    ("grande", "250 salariés et plus", ("32", "41", "42", "51", "52", "53")),
)


def classe_taille(tranche: str) -> str:
    for code, _libelle, tranches in CLASSES_TAILLE:
        if tranche in tranches:
            return code
    return ""


def libelle_classe(code: str) -> str:
    return next((libelle for c, libelle, _ in CLASSES_TAILLE if c == code), "Taille inconnue")


# ---------------------------------------------------------------- questionnaire (data)

def lire_questionnaire(chemin: Path) -> dict:
    """Read and check a questionnaire file; raise ValidationError saying what is wrong."""
    try:
        donnees = json.loads(chemin.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValidationError(f"{chemin.name} : questionnaire illisible ({exc}).") from exc
    erreurs = []
    for cle in ("code", "version", "titre", "publie_le", "dimensions"):
        if cle not in donnees:
            erreurs.append(f"clé « {cle} » manquante")
    codes = set()
    for i, d in enumerate(donnees.get("dimensions", []), start=1):
        code = d.get("code", "")
        if not code or code in codes:
            erreurs.append(f"dimension {i} : code vide ou en double « {code} »")
        codes.add(code)
        if len(d.get("niveaux", [])) != SCORE_MAX - SCORE_MIN + 1:
            erreurs.append(f"dimension « {code} » : {SCORE_MAX - SCORE_MIN + 1} descriptions de niveau attendues (0 à 5)")
        if not d.get("prochaines_etapes"):
            erreurs.append(f"dimension « {code} » : aucune prochaine étape")
    if erreurs:
        raise ValidationError(f"{chemin.name} : " + " ; ".join(erreurs) + ".")
    return donnees


@transaction.atomic
def installer_questionnaire(chemin: Path = QUESTIONNAIRE_LIVRE) -> Questionnaire:
    """Create the file's version if missing (an existing version is never rewritten: diagnostics
    point at it) and make it the active one of its code."""
    donnees = lire_questionnaire(chemin)
    existant = Questionnaire.objects.filter(code=donnees["code"], version=donnees["version"]).first()
    if existant is None:
        existant = Questionnaire.objects.create(
            code=donnees["code"], version=donnees["version"], titre=donnees["titre"],
            description=donnees.get("description", ""), publie_le=date.fromisoformat(donnees["publie_le"]),
            source=f"territoire/innovation/data/{chemin.name}",
        )
        Dimension.objects.bulk_create([
            Dimension(questionnaire=existant, code=d["code"], libelle=d["libelle"], ordre=i, question=d["question"],
                      niveaux=d["niveaux"], prochaines_etapes=d["prochaines_etapes"], sujets=d.get("sujets", []),
                      mots_cles=d.get("mots_cles", []))
            for i, d in enumerate(donnees["dimensions"], start=1)
        ])
    Questionnaire.objects.filter(code=existant.code).exclude(pk=existant.pk).update(actif=False)
    if not existant.actif:
        existant.actif = True
        existant.save(update_fields=["actif"])
    return existant


def questionnaire_actif(code: str = "industrie-du-futur") -> Questionnaire | None:
    return Questionnaire.objects.filter(code=code, actif=True).order_by("-version").first()


# ---------------------------------------------------------------- answers

def valider_reponses(dimensions: list[Dimension], reponses: dict[str, tuple]) -> dict[str, tuple[int | None, str]]:
    """Check answers {dimension code: (score or None or "", evidence)}: every score 0–5 or
    missing (None, ""), every code known. Raise ValidationError naming each problem."""
    par_code = {d.code: d for d in dimensions}
    erreurs = [f"« {code} » n'est pas une dimension de ce questionnaire." for code in reponses if code not in par_code]
    propres: dict[str, tuple[int | None, str]] = {}
    for d in dimensions:
        score, preuve = reponses.get(d.code, (None, ""))
        if score in (None, ""):
            propres[d.code] = (None, preuve or "")
            continue
        try:
            valeur = int(score)
        except (TypeError, ValueError):
            erreurs.append(f"{d.libelle} : « {score} » n'est pas un niveau (un nombre de {SCORE_MIN} à {SCORE_MAX}, ou vide).")
            continue
        if str(valeur) != str(score).strip() or not SCORE_MIN <= valeur <= SCORE_MAX:
            erreurs.append(f"{d.libelle} : le niveau va de {SCORE_MIN} à {SCORE_MAX} ; « {score} » n'existe pas.")
            continue
        propres[d.code] = (valeur, preuve or "")
    if erreurs:
        raise ValidationError(erreurs)
    return propres


# ---------------------------------------------------------------- results

@dataclass
class Ligne:
    dimension: Dimension
    score: int | None
    preuve: str = ""
    moyenne: float | None = None  # the comparison group's average
    precedent: int | None = None  # the firm's previous diagnostic

    @property
    def description(self) -> str:
        return self.dimension.description_niveau(self.score)

    @property
    def ecart(self) -> float | None:
        return None if self.score is None or self.moyenne is None else round(self.score - self.moyenne, 1)

    @property
    def evolution(self) -> int | None:
        return None if self.score is None or self.precedent is None else self.score - self.precedent


@dataclass
class Groupe:
    libelle: str
    entreprises: int
    moyennes: dict[int, float | None] = field(default_factory=dict)  # dimension id → average
    elargi: bool = False


def derniers_diagnostics(territoire, questionnaire) -> list[Diagnostic]:
    """Each firm's latest diagnostic with this questionnaire, answers prefetched (2 queries)."""
    vus, resultat = set(), []
    for d in (Diagnostic.objects.filter(territoire=territoire, questionnaire=questionnaire)
              .order_by("organisation_id", "-date", "-pk").prefetch_related("reponses")):
        if d.organisation_id not in vus:
            vus.add(d.organisation_id)
            resultat.append(d)
    return resultat


def moyennes(diagnostics: list[Diagnostic], seuil: int = SEUIL_COMPARAISON) -> dict[int, float | None]:
    """Average score by dimension id over the diagnostics that answered it; None below `seuil` answers."""
    sommes: dict[int, list[int]] = {}
    for d in diagnostics:
        for r in d.reponses.all():
            if r.score is not None:
                sommes.setdefault(r.dimension_id, []).append(r.score)
    return {dim: (round(sum(v) / len(v), 1) if len(v) >= seuil else None) for dim, v in sommes.items()}


def groupe_de_comparaison(diagnostic: Diagnostic, derniers: list[Diagnostic]) -> Groupe:
    """The firm's comparison group among the others' latest diagnostics (see the module)."""
    autres = [d for d in derniers if d.organisation_id != diagnostic.organisation_id]
    taille = classe_taille(diagnostic.tranche_effectifs)
    filiere = diagnostic.filiere
    essais = []
    if filiere is not None and taille:
        essais.append((f"{filiere.libelle}, {libelle_classe(taille).lower()}",
                       [d for d in autres if d.filiere_id == filiere.pk and classe_taille(d.tranche_effectifs) == taille]))
    if filiere is not None:
        essais.append((f"{filiere.libelle}, toutes tailles", [d for d in autres if d.filiere_id == filiere.pk]))
    essais.append(("Toutes les entreprises diagnostiquées du territoire", autres))
    for rang, (libelle, groupe) in enumerate(essais):
        if len(groupe) >= SEUIL_COMPARAISON or rang == len(essais) - 1:
            return Groupe(libelle=libelle, entreprises=len(groupe), moyennes=moyennes(groupe), elargi=rang > 0)
    raise AssertionError("unreachable")


def lignes(diagnostic: Diagnostic, groupe: Groupe | None, precedent: Diagnostic | None) -> list[Ligne]:
    dimensions = list(diagnostic.questionnaire.dimensions.all())
    scores = {r.dimension_id: r for r in diagnostic.reponses.all()}
    avant = {r.dimension_id: r.score for r in precedent.reponses.all()} if precedent else {}
    return [
        Ligne(dimension=d, score=scores[d.pk].score if d.pk in scores else None,
              preuve=scores[d.pk].preuve if d.pk in scores else "",
              moyenne=groupe.moyennes.get(d.pk) if groupe else None, precedent=avant.get(d.pk))
        for d in dimensions
    ]


def plus_faibles(lignes_: list[Ligne], n: int = NB_FAIBLES) -> list[Ligne]:
    """The `n` weakest answered dimensions (lowest score, then largest gap below the group)."""
    notees = [ligne for ligne in lignes_ if ligne.score is not None]
    return sorted(notees, key=lambda x: (x.score, x.ecart if x.ecart is not None else 0.0, x.dimension.ordre))[:n]
