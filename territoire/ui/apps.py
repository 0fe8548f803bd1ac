from django.apps import AppConfig


class UiConfig(AppConfig):
    name = "territoire.ui"
    verbose_name = "Interface (système de design)"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from .collation import enregistrer_sqlite

        connection_created.connect(enregistrer_sqlite, dispatch_uid="ui_cle_fr_sqlite")
