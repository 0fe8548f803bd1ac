"""Writes of the network, each with its entry in the shared history (who, when, what).

Views, forms, the public desk, importers, commands and the demo all call these functions.
"""

from territoire.historique.actions import (
    EFFACE,
    commenter,
    differences,
    enregistrer_historique,
    historique_de,
)

from .contacts import (
    CHAMPS_CONTACT,
    CHAMPS_PERSONNELS,
    Mention,
    creer_contact,
    effacer_contact,
    exporter_contact,
    mentions_cherchees,
    mentions_de,
    modifier_contact,
    noter_export_contact,
    textes_libres,
)
from .echanges import enregistrer_interaction, marquer_suivi_fait
from .evenements import (
    CHAMPS_EVENEMENT,
    annuler_evenement,
    creer_evenement,
    inscrire,
    modifier_evenement,
    noter_presence,
    retablir_evenement,
)
from .fusion import Apercu, apercu_fusion, fusionner_organisations, liens_vers_organisation
from .organisations import (
    CHAMPS_ORGANISATION,
    creer_organisation,
    creer_organisation_entreprise,
    ecarter_rapprochement,
    etiquettes_nommees,
    modifier_organisation,
)

__all__ = [
    "CHAMPS_CONTACT", "CHAMPS_EVENEMENT", "CHAMPS_ORGANISATION", "CHAMPS_PERSONNELS", "EFFACE", "Apercu", "Mention",
    "annuler_evenement", "apercu_fusion", "commenter", "creer_contact", "creer_evenement", "creer_organisation",
    "creer_organisation_entreprise", "differences", "ecarter_rapprochement", "effacer_contact", "etiquettes_nommees",
    "enregistrer_historique", "enregistrer_interaction", "exporter_contact", "fusionner_organisations",
    "historique_de", "inscrire", "liens_vers_organisation", "marquer_suivi_fait", "mentions_cherchees", "mentions_de",
    "modifier_contact", "modifier_evenement", "modifier_organisation", "noter_export_contact", "noter_presence",
    "retablir_evenement", "textes_libres",
]
