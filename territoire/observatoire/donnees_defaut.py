"""Reference data the observatory ships: watch-list rules, the visit questionnaire, labels.

Loaded by a data migration and by the demo builder (``installer_…``: create what is missing,
never overwrite what the team edited). Editable data afterwards.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

DONNEES = Path(__file__).parent / "data"

# code, label, weight, description
REGLES_DEFAUT = [
    ("procedure_collective", "Procédure collective (BODACC)", 40,
     "Un jugement d'ouverture de sauvegarde, de redressement ou de liquidation publié au BODACC pour le SIREN."),
    ("alerte_visite", "Alerte d'une visite", 30,
     "Lors d'une visite, l'entreprise a dit prévoir de réduire ses effectifs, de partir, de céder, "
     "ou que ses locaux sont trop petits."),
    ("siege_parti", "Siège parti hors du territoire", 25,
     "Le siège de l'unité légale était un établissement du territoire ; il n'y est plus (fermé ou absent du fichier)."),
    ("fermeture_secondaire", "Fermeture d'un établissement secondaire", 20,
     "Un établissement du territoire qui n'est pas le siège a fermé, alors que l'entreprise reste active."),
    ("baisse_tranche", "Baisse de tranche d'effectifs", 15,
     "La tranche d'effectifs d'un établissement a baissé d'au moins un cran d'un import à l'autre."),
    ("sans_contact", "Aucun contact depuis 18 mois", 10,
     "Entreprise de 50 emplois ou plus (estimation centrale) sans visite, appel ni réunion depuis 18 mois."),
]

# code, label, awarded by, description, link
LABELS_DEFAUT = [
    ("vitrine-industrie-du-futur", "Vitrine Industrie du Futur", "Alliance Industrie du Futur",
     "Label national qui distingue des sites industriels exemplaires de la transformation vers l'industrie du futur.",
     ""),
]


def installer_regles(RegleSignal) -> None:
    for ordre, (code, libelle, poids, description) in enumerate(REGLES_DEFAUT):
        RegleSignal.objects.get_or_create(
            code=code, defaults={"libelle": libelle, "poids": poids, "description": description, "ordre": ordre}
        )


def installer_labels(Label) -> None:
    for code, libelle, decerne_par, description, lien in LABELS_DEFAUT:
        Label.objects.get_or_create(
            code=code, defaults={"libelle": libelle, "decerne_par": decerne_par, "description": description, "lien": lien}
        )


def questionnaires() -> list[dict]:
    """Every shipped version of the visit questionnaire, oldest first."""
    return sorted(
        (json.loads(p.read_text(encoding="utf-8")) for p in DONNEES.glob("questionnaire_visite_v*.json")),
        key=lambda q: q["version"],
    )


def installer_questionnaires(Questionnaire) -> None:
    """Create the shipped versions that are missing; the newest one is the active one."""
    versions = questionnaires()
    for q in versions:
        Questionnaire.objects.get_or_create(
            version=q["version"],
            defaults={"titre": q["titre"], "publie_le": dt.date.fromisoformat(q["publie_le"]), "questions": q["questions"]},
        )
    if versions and not Questionnaire.objects.filter(actif=True).exclude(version=versions[-1]["version"]).exists():
        Questionnaire.objects.filter(version=versions[-1]["version"]).update(actif=True)


def installer_tout(apps_ou_modeles) -> None:
    get = apps_ou_modeles.get_model if hasattr(apps_ou_modeles, "get_model") else None
    modele = (lambda nom: get("observatoire", nom)) if get else (lambda nom: getattr(apps_ou_modeles, nom))
    installer_regles(modele("RegleSignal"))
    installer_labels(modele("Label"))
    installer_questionnaires(modele("Questionnaire"))
