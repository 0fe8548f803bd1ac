from django.apps import AppConfig


class UiConfig(AppConfig):
    name = "territoire.ui"
    verbose_name = "Interface (système de design)"
