from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "territoire.demo"
    verbose_name = "Démonstration"
