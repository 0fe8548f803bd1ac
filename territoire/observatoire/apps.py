from django.apps import AppConfig


class ObservatoireConfig(AppConfig):
    name = "territoire.observatoire"
    verbose_name = "Observatoire"

    def ready(self) -> None:
        # Every write to the data the key figures read renews their cache key (cache.py).
        from .cache import brancher_signaux

        brancher_signaux()
