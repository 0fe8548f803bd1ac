from django.apps import AppConfig


class ComptesConfig(AppConfig):
    name = "territoire.comptes"
    verbose_name = "Comptes et adhésions"
    # Contributes the tiles of each role's workspace (see territoire.comptes.espace).
    tuiles_espace = "territoire.comptes.espace.tuiles.tuiles"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from .double_facteur import noter_exigence

        user_logged_in.connect(noter_exigence, dispatch_uid="comptes_double_facteur")
