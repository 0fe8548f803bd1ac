from django.apps import AppConfig


class PortailConfig(AppConfig):
    name = "territoire.portail"
    verbose_name = "Portail public"
