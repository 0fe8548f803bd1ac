from django.apps import AppConfig


class TachesConfig(AppConfig):
    name = "territoire.taches"
    verbose_name = "Tâches de fond"
