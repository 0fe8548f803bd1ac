from django.apps import AppConfig


class ConcertationConfig(AppConfig):
    name = "territoire.concertation"
    verbose_name = "Concertation"
    # Contributes the `concertation` object of `territoire chiffres` (see territoire.observatoire.chiffres).
    chiffres = "territoire.concertation.chiffres.chiffres_concertation"
