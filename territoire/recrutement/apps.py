from django.apps import AppConfig


class RecrutementConfig(AppConfig):
    name = "territoire.recrutement"
    verbose_name = "Recruter"
