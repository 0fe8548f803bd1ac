from django.apps import AppConfig


class PilotageConfig(AppConfig):
    """The Region's and the State's view: their territories side by side (docs/territoires.md)."""

    name = "territoire.pilotage"
    verbose_name = "Pilotage régional et national"
    tuiles_espace = "territoire.pilotage.espace.tuiles"
    apres_creation_territoires = "territoire.pilotage.actions.etendre_aux_territoires"
