from django.apps import AppConfig


class ReseauConfig(AppConfig):
    name = "territoire.reseau"
    verbose_name = "Réseau des acteurs"
    # Contributes the `reseau` object of `territoire chiffres` (see territoire.observatoire.chiffres).
    chiffres = "territoire.reseau.chiffres.chiffres_reseau"
