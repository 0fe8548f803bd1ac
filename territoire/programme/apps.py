from django.apps import AppConfig


class ProgrammeConfig(AppConfig):
    name = "territoire.programme"
    verbose_name = "Programme et plan d'action"
    # Contributes the `programme` object of `territoire chiffres` (see territoire.observatoire.chiffres).
    chiffres = "territoire.programme.chiffres.chiffres_programme"
    # Contributes the fiches-actions section of a firm's page (see territoire.reseau.sections).
    sections_organisation = "territoire.programme.sections.section_fiches"
