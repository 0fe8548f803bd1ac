from django.apps import AppConfig


class PilotageConfig(AppConfig):
    """The Region's and the State's view: their territories side by side (docs/territoires.md)."""

    name = "territoire.pilotage"
    verbose_name = "Pilotage régional et national"
    tuiles_espace = "territoire.pilotage.espace.tuiles"
    apres_creation_territoires = "territoire.pilotage.actions.etendre_aux_territoires"
    # The census's aggregates of every territory, written after each import and once after the
    # national pass (territoire/pilotage/recensement.py).
    apres_import_sirene = "territoire.pilotage.recensement.apres_import_sirene"
    apres_passe_sirene = "territoire.pilotage.recensement.apres_passe_sirene"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from territoire.observatoire.models import CentreDecision

        from .recensement import centre_modifie

        post_save.connect(centre_modifie, sender=CentreDecision, dispatch_uid="pilotage-recensement-centre")
        post_delete.connect(centre_modifie, sender=CentreDecision, dispatch_uid="pilotage-recensement-centre")
