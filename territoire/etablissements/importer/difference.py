"""The difference between what the database holds and what a new file says (pure, no database).

``comparer`` takes the stored establishments (field dicts, as ``QuerySet.values()`` gives them)
and the transformed rows of the file, and returns a ``Plan``: what to create, what to update,
the changes to record and their counts. The 5 % guard reads the plan before anything is written.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .. import tranches
from .transformation import emplois

ADRESSE = ("complement_adresse", "numero_voie", "indice_repetition", "type_voie", "libelle_voie", "code_postal")
SEUIL_DEPLACEMENT_M = 1.0  # Lambert coordinates closer than this are the same place

# Changement.Type values (kept equal to models.Changement.Type, checked by a test).
CREATION, FERMETURE, REOUVERTURE = "creation", "fermeture", "reouverture"
DEMENAGEMENT, TRANCHE, ACTIVITE, DISPARITION = "demenagement", "tranche", "activite", "disparition"


@dataclass
class Plan:
    creations: list[dict] = field(default_factory=list)
    mises_a_jour: list[dict] = field(default_factory=list)  # each with its "id" and "_modifies" fields
    disparitions: list[int] = field(default_factory=list)  # ids of establishments absent from the file
    changements: list[tuple[str, str, str, str]] = field(default_factory=list)  # (siret, type, avant, après)
    inchanges: int = 0
    actifs_avant: int = 0
    comptes: dict[str, int] = field(default_factory=lambda: dict.fromkeys(
        (CREATION, FERMETURE, REOUVERTURE, DEMENAGEMENT, TRANCHE, ACTIVITE, DISPARITION), 0
    ))

    disparus_actifs: int = 0

    @property
    def pertes(self) -> int:
        """Active establishments the import would close or lose."""
        return self.comptes[FERMETURE] + self.disparus_actifs


def _adresse(champs: dict) -> str:
    voie = " ".join(str(champs.get(c) or "") for c in ADRESSE[1:5] if champs.get(c))
    lieu = " ".join(p for p in (champs.get("code_postal") or "", champs.get("libelle_commune") or "") if p)
    return ", ".join(p for p in (champs.get("complement_adresse") or "", voie, lieu) if p) or champs.get("code_commune", "")


def _deplace(avant: dict, apres: dict) -> bool:
    if avant.get("code_commune") != apres.get("code_commune"):
        return True
    if avant.get("statut_diffusion") == "P" or apres.get("statut_diffusion") == "P":
        return False  # a masked address is not a move
    if any((avant.get(c) or "") != (apres.get(c) or "") for c in ADRESSE):
        return True
    xa, ya, xb, yb = avant.get("lambert_x"), avant.get("lambert_y"), apres.get("lambert_x"), apres.get("lambert_y")
    if None in (xa, ya) or None in (xb, yb):
        return (xa is None) != (xb is None) and None not in (xa, ya, xb, yb)
    return abs(xa - xb) > SEUIL_DEPLACEMENT_M or abs(ya - yb) > SEUIL_DEPLACEMENT_M


def _etat(code: str) -> str:
    return {"A": "Actif", "F": "Fermé"}.get(code, code)


def comparer(existants: dict[str, dict], nouveaux: dict[str, dict], champs_compares: tuple[str, ...]) -> Plan:
    """Compare stored rows (by SIRET, each with ``id``, ``present``, ``effectif_connu``) with the
    file's rows. Each new row is completed in place with its jobs range."""
    plan = Plan()
    for avant in existants.values():
        if avant.get("present", True) and avant.get("etat") == "A" and avant.get("_dans_territoire", True):
            plan.actifs_avant += 1
    for siret, apres in nouveaux.items():
        avant = existants.get(siret)
        connu = avant.get("effectif_connu") if avant else None
        apres["emplois_bas"], apres["emplois_central"], apres["emplois_haut"] = emplois(apres["tranche_effectifs"], connu)
        apres["present"] = True
        if avant is None:
            plan.creations.append(apres)
            plan.comptes[CREATION] += 1
            plan.changements.append((siret, CREATION, "", f"{apres['naf']} à {apres['code_commune']}"))
            continue
        types = []
        if avant["etat"] == "A" and apres["etat"] == "F":
            types.append((FERMETURE, _etat("A"), _etat("F")))
        elif avant["etat"] == "F" and apres["etat"] == "A":
            types.append((REOUVERTURE, _etat("F"), _etat("A")))
        if _deplace(avant, apres):
            types.append((DEMENAGEMENT, _adresse(avant), _adresse(apres)))
        if (avant.get("tranche_effectifs") or "") != apres["tranche_effectifs"]:
            types.append((TRANCHE, tranches.libelle(avant.get("tranche_effectifs") or ""),
                          tranches.libelle(apres["tranche_effectifs"])))
        if (avant.get("naf") or "") != apres["naf"]:
            types.append((ACTIVITE, avant.get("naf") or "", apres["naf"]))
        for type_, texte_avant, texte_apres in types:
            plan.comptes[type_] += 1
            plan.changements.append((siret, type_, texte_avant, texte_apres))
        modifies = [c for c in champs_compares if avant.get(c) != apres.get(c)]
        if modifies:
            plan.mises_a_jour.append({**apres, "id": avant["id"], "_modifies": modifies})
        else:
            plan.inchanges += 1
    for siret, avant in existants.items():
        if siret in nouveaux or not avant.get("present", True) or not avant.get("_dans_territoire", True):
            continue
        plan.disparitions.append(avant["id"])
        plan.comptes[DISPARITION] += 1
        plan.changements.append((siret, DISPARITION, _etat(avant["etat"]), "Absent du fichier"))
        if avant["etat"] == "A":
            plan.disparus_actifs += 1
    return plan
