from django.apps import AppConfig


class ReferentielConfig(AppConfig):
    name = "territoire.referentiel"
    verbose_name = "Référentiel territorial"
