from django.apps import AppConfig


class GuichetConfig(AppConfig):
    name = "territoire.guichet"
    verbose_name = "Guichet (Simplifier)"
