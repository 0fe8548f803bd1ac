"""Every write of Attirer goes through these verb-named functions (views, forms, importers,
commands and the demo call the same ones)."""

from .locaux import ajouter_photo, changer_statut_local, enregistrer_local, retirer_photo
from .prospects import (
    avancer_jusqua,
    changer_etape,
    creer_prospect,
    enregistrer_visite,
    modifier_prospect,
    nom_de_code_libre,
    organisation_du_projet,
    proposer,
    rattacher_prospects_gagnes,
    repondre,
)
from .sites import (
    completer_site_depuis_zone,
    etablir_inventaire,
    remplir_etablissements,
    replacer_etablissements,
    site_depuis_zone,
    synchroniser_zone,
)

__all__ = [
    "ajouter_photo", "changer_statut_local", "enregistrer_local", "retirer_photo",
    "avancer_jusqua", "changer_etape", "creer_prospect", "enregistrer_visite", "modifier_prospect",
    "nom_de_code_libre", "organisation_du_projet", "proposer", "rattacher_prospects_gagnes", "repondre",
    "completer_site_depuis_zone", "etablir_inventaire", "remplir_etablissements", "replacer_etablissements", "site_depuis_zone",
    "synchroniser_zone",
]
