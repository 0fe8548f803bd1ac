from django.apps import AppConfig


class HistoriqueConfig(AppConfig):
    name = "territoire.historique"
    verbose_name = "Historique (journal des modifications)"
