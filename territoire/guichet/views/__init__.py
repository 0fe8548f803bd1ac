"""Pages of the desk: the request queue and a request's page, the public form, the partner
directory and its routing rules, the aid catalogue, the measures, exports."""

from .annuaire import (
    annuaire,
    antenne_modifier,
    antenne_nouvelle,
    conseiller_modifier,
    conseiller_nouveau,
    institution_modifier,
    institution_nouvelle,
    regles,
)
from .demandes import (
    aide_issue,
    aide_proposer,
    changer_statut,
    confirmer_rattachement,
    demande,
    demande_nouvelle,
    demandes,
    demandes_export,
    deposer,
    merci,
    orienter,
    satisfaction,
)
from .dispositifs import dispositif_archiver, dispositif_modifier, dispositif_nouveau, dispositifs
from .mesures import tableau_mesures

__all__ = [
    "aide_issue", "aide_proposer", "annuaire", "antenne_modifier", "antenne_nouvelle", "changer_statut",
    "confirmer_rattachement", "conseiller_modifier", "conseiller_nouveau", "demande", "demande_nouvelle", "demandes",
    "demandes_export", "deposer", "dispositif_archiver", "dispositif_modifier", "dispositif_nouveau", "dispositifs",
    "institution_modifier", "institution_nouvelle", "merci", "orienter", "regles", "satisfaction", "tableau_mesures",
]
