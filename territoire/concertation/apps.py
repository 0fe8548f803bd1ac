from django.apps import AppConfig


class ConcertationConfig(AppConfig):
    name = "territoire.concertation"
    verbose_name = "Concertation"
    # Contributes the `concertation` object of `territoire chiffres` (see territoire.observatoire.chiffres).
    chiffres = "territoire.concertation.chiffres.chiffres_concertation"
    # Contributes the consultation section of a firm's page (see territoire.reseau.sections).
    sections_organisation = "territoire.concertation.sections.section_concertation"
