"""Key figures of a territory, gathered from every app that contributes some.

An app contributes by naming a function in its AppConfig's `chiffres` attribute; the
function takes the territory and returns a dict merged into the result. The census
gives the top-level keys; later apps add one object each (`programme`, `concertation`…).
"""

from __future__ import annotations

from django.apps import apps
from django.utils.module_loading import import_string


def chiffres_cles(territoire) -> dict:
    resultat: dict = {"territoire": {"nom": territoire.nom, "slug": territoire.slug, "id_ti": territoire.id_ti}}
    for config in apps.get_app_configs():
        chemin = getattr(config, "chiffres", None)
        if chemin:
            resultat.update(import_string(chemin)(territoire))
    return resultat
