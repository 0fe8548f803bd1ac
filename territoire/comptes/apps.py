from django.apps import AppConfig


class ComptesConfig(AppConfig):
    name = "territoire.comptes"
    verbose_name = "Comptes et adhésions"
