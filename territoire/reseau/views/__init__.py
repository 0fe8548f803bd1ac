"""Pages of the network: organisations (CRM list, a firm's whole story, create, edit,
merge), contacts, exchanges, the portfolio, events."""

from .contacts import contact_effacer, contact_export, contact_modifier, contact_nouveau
from .echanges import interaction_nouvelle, non_rencontrees, piece_jointe, suivi_fait
from .evenements import (
    evenement,
    evenement_annuler,
    evenement_modifier,
    evenement_nouveau,
    evenement_retablir,
    evenements,
    inscrire,
    presence,
)
from .fusion import fusion, rapprochement_ecarter
from .organisations import (
    commenter,
    organisation,
    organisation_historique,
    organisation_modifier,
    organisation_nouvelle,
    organisations,
    organisations_export,
)

__all__ = [
    "commenter", "contact_effacer", "contact_export", "contact_modifier", "contact_nouveau", "evenement",
    "evenement_annuler", "evenement_modifier", "evenement_nouveau", "evenement_retablir", "evenements", "fusion",
    "inscrire", "interaction_nouvelle", "non_rencontrees", "organisation", "organisation_historique",
    "organisation_modifier", "organisation_nouvelle", "organisations", "organisations_export", "piece_jointe",
    "presence", "rapprochement_ecarter", "suivi_fait",
]
