from django.apps import AppConfig


class EtablissementsConfig(AppConfig):
    name = "territoire.etablissements"
    verbose_name = "Établissements (SIRENE)"
    # Contributes the census part of `territoire chiffres` (see territoire.observatoire.chiffres).
    chiffres = "territoire.etablissements.chiffres.chiffres_recensement"
