"""What is derived, never typed: lateness, parent progress, completeness, money coverage.

Pure functions on plain values (no database): the models and pages feed them what they
have already loaded, so their rules are tested without a database.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

# Status categories (StatutFiche.Categorie values) that close a fiche: never late.
CATEGORIES_CLOSES = frozenset({"termine", "abandonne"})
CATEGORIE_A_LANCER = "a_lancer"


def raisons_retard(
    categorie: str | None,
    date_debut: dt.date | None,
    date_fin: dt.date | None,
    aujourdhui: dt.date,
    jalons_depasses: int = 0,
) -> list[str]:
    """Why a fiche is late (empty list: it is not).

    A closed fiche (terminée, abandonnée) is never late. Otherwise it is late when its end
    date has passed, when it is still "à lancer" (or has no status) after its start date, or
    when one of its milestones is past due and not reached.
    """
    if categorie in CATEGORIES_CLOSES:
        return []
    raisons = []
    if date_fin is not None and date_fin < aujourdhui:
        raisons.append(f"date de fin dépassée ({date_fin:%d/%m/%Y})")
    if (
        (categorie is None or categorie == CATEGORIE_A_LANCER)
        and date_debut is not None
        and date_debut < aujourdhui
    ):
        raisons.append(f"pas lancée alors qu'elle devait débuter le {date_debut:%d/%m/%Y}")
    if jalons_depasses:
        raisons.append(
            "1 jalon dépassé non atteint"
            if jalons_depasses == 1
            else f"{jalons_depasses} jalons dépassés non atteints"
        )
    return raisons


@dataclass(frozen=True)
class Noeud:
    """What progress derivation needs of one fiche."""

    id: int
    parent_id: int | None
    avancement: int | None
    poids: int
    methode: str  # "moyenne" or "ponderee"


@dataclass(frozen=True)
class Avancement:
    valeur: float | None  # None: unknown, shown as missing (never as 0)
    derive: bool  # computed from sub-fiches
    methode: str | None  # the method used when derived
    manquants: int  # sub-fiches whose progress is unknown (left out of the average)
    comptes: int  # sub-fiches that entered the average

    def libelle_methode(self) -> str:
        if not self.derive:
            return "saisi par mise à jour"
        nom = "moyenne pondérée par le poids" if self.methode == "ponderee" else "moyenne simple"
        texte = f"{nom} de {self.comptes} sous-fiche{'s' if self.comptes > 1 else ''}"
        if self.manquants:
            texte += f" ({self.manquants} sans avancement connu, non comptée{'s' if self.manquants > 1 else ''})"
        return texte


def calculer_avancements(noeuds: list[Noeud]) -> dict[int, Avancement]:
    """Progress of every fiche: its own for a leaf, derived from its sub-fiches otherwise.

    A parent's progress is the plain or weighted average (the parent's `methode`) of its
    children's progress, itself derived for children that have children. Children with an
    unknown progress are left out and counted; a parent whose children are all unknown has
    an unknown progress.
    """
    enfants: dict[int, list[Noeud]] = {}
    par_id = {n.id: n for n in noeuds}
    for n in noeuds:
        if n.parent_id is not None and n.parent_id in par_id:
            enfants.setdefault(n.parent_id, []).append(n)
    resultat: dict[int, Avancement] = {}

    def calcul(n: Noeud, pile: frozenset[int]) -> Avancement:
        if n.id in resultat:
            return resultat[n.id]
        fils = enfants.get(n.id)
        if not fils or n.id in pile:
            a = Avancement(None if n.avancement is None else float(n.avancement), False, None, 0, 0)
        else:
            connus, manquants = [], 0
            for f in fils:
                v = calcul(f, pile | {n.id}).valeur
                if v is None:
                    manquants += 1
                else:
                    connus.append((v, f.poids if n.methode == "ponderee" else 1))
            total = sum(p for _, p in connus)
            valeur = round(sum(v * p for v, p in connus) / total, 1) if total else None
            a = Avancement(valeur, True, n.methode, manquants, len(connus))
        resultat[n.id] = a
        return a

    for n in noeuds:
        calcul(n, frozenset())
    return resultat


CHAMPS_COMPLETUDE = (
    ("titre", "titre"),
    ("description", "description"),
    ("statut", "statut"),
    ("pilote", "pilote (organisation ou personne)"),
)


def completude(titre: str, description: str, a_statut: bool, a_pilote: bool) -> dict:
    """Which of the four required elements a fiche lacks, and the share it has."""
    presents = {
        "titre": bool(titre.strip()),
        "description": bool(description.strip()),
        "statut": a_statut,
        "pilote": a_pilote,
    }
    manquants = [libelle for cle, libelle in CHAMPS_COMPLETUDE if not presents[cle]]
    return {
        "manquants": manquants,
        "taux": round(100 * (len(CHAMPS_COMPLETUDE) - len(manquants)) / len(CHAMPS_COMPLETUDE)),
        "complete": not manquants,
    }


def couverture(cout: Decimal | None, accorde: Decimal) -> dict:
    """Does agreed financing (agreed + paid) cover the planned cost, and by how much not.

    `cout` None or 0 means no planned cost: the rate is unknown (never 0 or 100 %).
    """
    if not cout:
        return {"cout": cout, "accorde": accorde, "taux": None, "manque": None, "couvert": None}
    taux = (Decimal(100) * accorde / cout).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    manque = cout - accorde if accorde < cout else Decimal(0)
    return {
        "cout": cout,
        "accorde": accorde,
        "taux": taux,
        "manque": manque,
        "couvert": accorde >= cout,
    }


def totaux_argent(
    lignes: list[tuple[str, str, Decimal]], cofinancements: list[tuple[str, Decimal]]
) -> dict:
    """Totals of a fiche's money rows.

    `lignes` are (nature, type, amount) budget rows; `cofinancements` are (stage, amount).
    The cost is the sum of planned rows; "accordé" for coverage counts agreed and paid rows
    (a paid amount was agreed first).
    """
    prevu = sum((m for _n, t, m in lignes if t == "prevu"), Decimal(0))
    realise = sum((m for _n, t, m in lignes if t == "realise"), Decimal(0))
    par_etape = {"demande": Decimal(0), "accorde": Decimal(0), "verse": Decimal(0)}
    for etape, montant in cofinancements:
        par_etape[etape] += montant
    acquis = par_etape["accorde"] + par_etape["verse"]
    return {
        "prevu": prevu if lignes else None,
        "realise": realise,
        "financements": par_etape,
        "couverture": couverture(prevu if lignes else None, acquis),
    }
