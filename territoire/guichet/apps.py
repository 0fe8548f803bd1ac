from django.apps import AppConfig


class GuichetConfig(AppConfig):
    name = "territoire.guichet"
    verbose_name = "Guichet (Simplifier)"
    # Contributes the `guichet` object of `territoire chiffres` (see territoire.observatoire.chiffres).
    chiffres = "territoire.guichet.chiffres.chiffres_guichet"
    # Contributes the requests section of a firm's page (see territoire.reseau.sections).
    sections_organisation = "territoire.guichet.sections.section_demandes"
    # Contributes the requests and their status changes to a firm's timeline (territoire.reseau.chronologie).
    chronologie_organisation = "territoire.guichet.sections.chronologie_demandes"
