"""Writes of the desk: requests, the partner directory and its routing rules, the aid
catalogue. Views, forms, the public form, the `relances` command and the demo call these."""

from .annuaire import (
    CHAMPS_ANTENNE,
    CHAMPS_CONSEILLER,
    CHAMPS_INSTITUTION,
    enregistrer_antenne,
    enregistrer_conseiller,
    enregistrer_institution,
)
from .demandes import (
    PALIERS_RELANCE,
    SEL_SATISFACTION,
    changer_statut,
    confirmer_rattachement,
    conseillers_pour,
    demande_du_jeton,
    deposer_demande,
    depots_recents,
    empreinte_ip,
    envoyer_relances,
    etapes_de,
    jeton_satisfaction,
    lien_satisfaction,
    noter_issue_aide,
    orienter_demande,
    proposer_aide,
    proposer_conseillers,
    rattachement_a_confirmer,
    repondre_satisfaction,
)
from .dispositifs import (
    CHAMPS_DISPOSITIF,
    archiver_dispositif,
    desarchiver_dispositif,
    enregistrer_dispositif,
)

__all__ = [
    "CHAMPS_ANTENNE", "CHAMPS_CONSEILLER", "CHAMPS_DISPOSITIF", "CHAMPS_INSTITUTION", "PALIERS_RELANCE",
    "SEL_SATISFACTION", "archiver_dispositif", "changer_statut", "confirmer_rattachement", "conseillers_pour",
    "demande_du_jeton", "depots_recents", "deposer_demande", "desarchiver_dispositif", "empreinte_ip",
    "enregistrer_antenne", "enregistrer_conseiller", "enregistrer_dispositif", "enregistrer_institution",
    "envoyer_relances", "etapes_de", "jeton_satisfaction", "lien_satisfaction", "noter_issue_aide",
    "orienter_demande", "proposer_aide", "proposer_conseillers", "rattachement_a_confirmer",
    "repondre_satisfaction",
]
