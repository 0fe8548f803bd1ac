from django.apps import AppConfig


class InnovationConfig(AppConfig):
    name = "territoire.innovation"
    verbose_name = "Innover"
