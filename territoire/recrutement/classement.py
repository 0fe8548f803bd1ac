"""What is industrial: the configurable classification of trainings into the filières.

Rules (`RegleClassement`, data) map a code prefix of one criterion to a filière. Criteria
are tried in a fixed order — ROME (the jobs the training leads to), RNCP (the diploma),
NSF, Formacode, then the domains of the ONISEP catalogue entry of the training's RNCP
code — and the first criterion with a matching rule decides, the longest prefix winning.
The reason is kept on the training and shown beside it.
"""

from __future__ import annotations

from dataclasses import dataclass

ORDRE_CRITERES = ("rome", "rncp", "nsf", "formacode", "onisep")
LIBELLES_CRITERES = {"rome": "code ROME", "rncp": "code RNCP", "nsf": "code NSF", "formacode": "Formacode",
                     "onisep": "catalogue ONISEP"}


@dataclass(frozen=True)
class Regle:
    critere: str
    prefixe: str
    filiere_id: int | None
    filiere: str
    industriel: bool = True


@dataclass(frozen=True)
class Classement:
    industrielle: bool
    filiere_id: int | None
    raison: str


NON_CLASSEE = Classement(False, None, "Aucune règle de classement ne reconnaît ses codes ROME, RNCP, NSF ou Formacode.")


class Classeur:
    """Applies a set of rules; `onisep` maps an RNCP code to its ONISEP domains."""

    def __init__(self, regles: list[Regle], onisep: dict[str, list[str]] | None = None):
        self.par_critere: dict[str, list[Regle]] = {c: [] for c in ORDRE_CRITERES}
        for regle in regles:
            self.par_critere.setdefault(regle.critere, []).append(regle)
        for liste in self.par_critere.values():
            liste.sort(key=lambda r: -len(r.prefixe))
        self.onisep = onisep or {}

    def classer(self, codes: dict[str, list[str]]) -> Classement:
        codes = dict(codes)
        codes["onisep"] = [d for rncp in codes.get("rncp", []) for d in self.onisep.get(rncp, [])]
        for critere in ORDRE_CRITERES:
            regles = self.par_critere.get(critere) or []
            for code in codes.get(critere, []):
                regle = next((r for r in regles if code.lower().startswith(r.prefixe.lower())), None)
                if regle is None:
                    continue
                return Classement(regle.industriel, regle.filiere_id if regle.industriel else None,
                                  _raison(critere, code, regle))
        return NON_CLASSEE


def _raison(critere: str, code: str, regle: Regle) -> str:
    cible = regle.filiere or ("industrie, plusieurs filières" if regle.industriel else "hors industrie")
    quoi = f"{LIBELLES_CRITERES[critere]} {code}" if critere != "onisep" else f"diplôme du catalogue ONISEP ({code[:120]})"
    return f"{quoi} → {cible} (règle « {regle.prefixe[:60]} »)"[:300]


def codes_de(formation) -> dict[str, list[str]]:
    """The codes of a Formation (or of a dict with the same keys) by criterion."""
    lire = (lambda champ: formation.get(champ, "")) if isinstance(formation, dict) else (lambda champ: getattr(formation, champ))
    return {"rome": [c for c in lire("romes").split(",") if c], "rncp": [c for c in lire("rncp").split(",") if c],
            "nsf": [c for c in lire("nsf").split(",") if c], "formacode": [c for c in lire("formacodes").split(",") if c]}


def regles_actives(sans: int | None = None, avec: Regle | None = None) -> list[Regle]:
    """The rules in force, optionally without rule `sans` (pk) and with `avec` (a preview)."""
    from .models import RegleClassement

    regles = [
        Regle(r.critere, r.prefixe, r.filiere_id, r.filiere.libelle if r.filiere_id else "", r.industriel)
        for r in RegleClassement.objects.filter(actif=True).select_related("filiere").order_by("pk")
        if r.pk != sans
    ]
    if avec is not None:
        regles = [r for r in regles if (r.critere, r.prefixe) != (avec.critere, avec.prefixe)] + [avec]
    return regles


def table_onisep() -> dict[str, list[str]]:
    from .models import CertificationOnisep

    table: dict[str, list[str]] = {}
    for rncp, domaines in CertificationOnisep.objects.values_list("code_rncp", "domaines"):
        table.setdefault(rncp, []).extend(d.strip() for d in domaines.split("|") if d.strip())
    return table


def classeur_en_vigueur() -> Classeur:
    return Classeur(regles_actives(), table_onisep())


def apercu(territoire, classeur: Classeur) -> list[dict]:
    """What `classeur` would change on the territory's trainings (nothing is written)."""
    from .models import Formation

    changements = []
    for f in Formation.objects.filter(territoire=territoire).select_related("filiere").order_by("intitule", "pk"):
        nouveau = classeur.classer(codes_de(f))
        if (nouveau.industrielle, nouveau.filiere_id) != (f.industrielle, f.filiere_id):
            changements.append({"formation": f, "avant": f, "apres": nouveau})
    return changements
