from django.apps import AppConfig


class ObservatoireConfig(AppConfig):
    name = "territoire.observatoire"
    verbose_name = "Observatoire"
    # Contributes the `observatoire` object of `territoire chiffres` (see chiffres.py).
    chiffres = "territoire.observatoire.chiffres_observatoire.chiffres_observatoire"
    # Run by the SIRENE importer after each successful stock import (series point, events, signals).
    apres_import_sirene = "territoire.observatoire.apres_import.apres_import_sirene"
    # Contributes the observatory's section of a firm's page (see territoire.reseau.sections).
    sections_organisation = "territoire.observatoire.sections.section_observatoire"
    # The visits due this year on the team's workspace (see territoire.comptes.espace).
    tuiles_espace = "territoire.observatoire.espace.tuiles"

    def ready(self) -> None:
        # Every write to the data the key figures read renews their cache key (cache.py).
        from .cache import brancher_signaux

        brancher_signaux()
