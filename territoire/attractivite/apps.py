from django.apps import AppConfig


class AttractiviteConfig(AppConfig):
    name = "territoire.attractivite"
    verbose_name = "Attirer"
