from django.apps import AppConfig


class ProgrammeConfig(AppConfig):
    name = "territoire.programme"
    verbose_name = "Programme et plan d'action"
    # Contributes the `programme` object of `territoire chiffres` (see territoire.observatoire.chiffres).
    chiffres = "territoire.programme.chiffres.chiffres_programme"
