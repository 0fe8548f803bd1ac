from django.apps import AppConfig


class ObservatoireConfig(AppConfig):
    name = "territoire.observatoire"
    verbose_name = "Observatoire"
