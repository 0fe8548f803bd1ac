from django.apps import AppConfig


class ConcertationConfig(AppConfig):
    name = "territoire.concertation"
    verbose_name = "Concertation"
