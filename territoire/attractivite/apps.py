from django.apps import AppConfig


class AttractiviteConfig(AppConfig):
    name = "territoire.attractivite"
    verbose_name = "Attirer"
    # Contributes the `attractivite` object of `territoire chiffres` (see territoire.observatoire.chiffres).
    chiffres = "territoire.attractivite.chiffres.chiffres_attractivite"

    def ready(self) -> None:
        from . import signaux

        signaux.brancher()
