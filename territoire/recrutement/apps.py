from django.apps import AppConfig


class RecrutementConfig(AppConfig):
    name = "territoire.recrutement"
    verbose_name = "Recruter"
    # Contributes the `recrutement` object of `territoire chiffres` (see territoire.observatoire.chiffres).
    chiffres = "territoire.recrutement.chiffres.chiffres_recrutement"
    # The desk's request page shows the matching trainings to the advisor (guichet's hook).
    sections_demande = "territoire.recrutement.sections.section_demande"
    # A firm's page shows its recruitment needs and open offers (reseau's hook).
    sections_organisation = "territoire.recrutement.sections.section_organisation"
    # Tiles of the workspaces (docs/comptes.md, comptes hook).
    tuiles_espace = "territoire.recrutement.espace.tuiles"
