"""The table of territories side by side: its columns, their sort, the cells of its exports."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from territoire.ui.listes import EnteteColonne

from .indicateurs import PAR_CLE, Ligne


@dataclass(frozen=True)
class Colonne:
    cle: str
    libelle: str
    nombre: bool = True
    public: bool = True

    @property
    def definition(self) -> str:
        indicateur = PAR_CLE.get(self.cle)
        return indicateur.definition if indicateur else ""


COLONNES = [
    Colonne("id_ti", "Identifiant ANCT", nombre=False),
    Colonne("nom", "Territoire", nombre=False),
    Colonne("communes", "Communes"),
    Colonne("population", "Population"),
    Colonne("etablissements_industriels", "Établissements industriels"),
    Colonne("emplois_industriels", "Emplois industriels"),
    Colonne("part_emplois_industriels", "Part de l'industrie dans l'emploi"),
    Colonne("evolution_un_an", "Évolution sur un an"),
    Colonne("evolution_depuis_2019", "Évolution depuis 2019 ou le premier import"),
    Colonne("filiere_dominante", "Filière dominante", nombre=False),
    Colonne("part_centre_exterieur", "Centre de décision extérieur"),
    Colonne("avancement_plan", "Avancement du plan par axe", nombre=False, public=False),
    Colonne("prise_en_charge_5_jours", "Prise en charge en 5 jours ouvrés", public=False),
    Colonne("evenements_du_mois", "Événements du mois", public=False),
]
PAR_CLE_COLONNE = {c.cle: c for c in COLONNES}
# What the map can colour by: the numeric figures.
CARTOGRAPHIABLES = [
    "emplois_industriels", "etablissements_industriels", "part_emplois_industriels", "evolution_un_an",
    "evolution_depuis_2019", "part_centre_exterieur", "population", "prise_en_charge_5_jours", "evenements_du_mois",
]


def colonnes(pilotage: bool) -> list[Colonne]:
    return [c for c in COLONNES if pilotage or c.public]


def valeur_de_tri(ligne: Ligne, cle: str):
    if cle == "id_ti":
        return ligne.territoire.id_ti or ""
    if cle == "nom":
        return ligne.territoire.nom.lower()
    if cle == "avancement_plan":
        axes = [a["avancement"] for a in ligne.v("avancement_plan") or [] if a["avancement"] is not None]
        return sum(axes) / len(axes) if axes else None
    return ligne.v(cle)


def trier(lignes: list[Ligne], tri: str) -> list[Ligne]:
    """Sorted by a column, ``-`` for descending; unknown values always last."""
    cle = tri.lstrip("-")
    if cle not in PAR_CLE_COLONNE:
        cle, tri = "id_ti", "id_ti"
    inverse = tri.startswith("-")
    connues = [ligne for ligne in lignes if valeur_de_tri(ligne, cle) is not None]
    inconnues = [ligne for ligne in lignes if valeur_de_tri(ligne, cle) is None]
    connues.sort(key=lambda ligne: (valeur_de_tri(ligne, cle), ligne.territoire.id_ti or ligne.territoire.nom),
                 reverse=inverse)
    return connues + sorted(inconnues, key=lambda ligne: ligne.territoire.id_ti or ligne.territoire.nom)


class Entetes:
    """What ``ui/_tableau_entete.html`` reads from a list (``entetes``, ``ident``), for rows
    computed in Python rather than a queryset: the same sort links and ``aria-sort``."""

    ident = "liste"

    def __init__(self, colonnes_: list[Colonne], tri: str, parametres: dict) -> None:
        self.colonnes = colonnes_
        self.tri = tri
        self.parametres = parametres

    def _url(self, tri: str) -> str:
        return "?" + urlencode({**self.parametres, "tri": tri})

    @property
    def entetes(self) -> list[EnteteColonne]:
        resultat = []
        for c in self.colonnes:
            if self.tri == c.cle:
                sens, suivant, prochain = "ascending", f"-{c.cle}", "trier par ordre décroissant"
            elif self.tri == f"-{c.cle}":
                sens, suivant, prochain = "descending", c.cle, "trier par ordre croissant"
            else:
                sens, suivant, prochain = "", c.cle, "trier par ordre croissant"
            resultat.append(EnteteColonne(c.libelle, c.nombre, "", url=self._url(suivant), sens=sens, prochain=prochain))
        return resultat


def texte_avancement(axes: list[dict] | None) -> str:
    if not axes:
        return ""
    return " ; ".join(
        f"{a['axe']} : {a['avancement']} %" if a["avancement"] is not None else f"{a['axe']} : non connu"
        for a in axes
    )


def cellules(ligne: Ligne, cols: list[Colonne]) -> list:
    """The values of one row for a spreadsheet: numbers stay numbers, shares are ratios."""
    sortie = []
    for c in cols:
        if c.cle == "id_ti":
            sortie.append(ligne.territoire.id_ti)
        elif c.cle == "nom":
            sortie.append(ligne.territoire.nom)
        elif c.cle == "avancement_plan":
            sortie.append(texte_avancement(ligne.v("avancement_plan")))
        else:
            sortie.append(ligne.v(c.cle))
    return sortie
