from django.apps import AppConfig


class AttractiviteConfig(AppConfig):
    name = "territoire.attractivite"
    verbose_name = "Attirer"
    # Contributes the `attractivite` object of `territoire chiffres` (see territoire.observatoire.chiffres).
    chiffres = "territoire.attractivite.chiffres.chiffres_attractivite"
    # After a SIRENE import: won prospects get their new establishment (see signaux.py).
    apres_import_sirene = "territoire.attractivite.signaux.apres_import_sirene"
    # Tiles of the members' workspace: the inventory's deadline, the projects followed.
    tuiles_espace = "territoire.attractivite.espace.tuiles"

    def ready(self) -> None:
        from . import signaux

        signaux.brancher()
