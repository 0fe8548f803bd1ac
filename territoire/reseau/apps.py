from django.apps import AppConfig


class ReseauConfig(AppConfig):
    name = "territoire.reseau"
    verbose_name = "Réseau des acteurs"
