from django.apps import AppConfig


class ProgrammeConfig(AppConfig):
    name = "territoire.programme"
    verbose_name = "Programme et plan d'action"
