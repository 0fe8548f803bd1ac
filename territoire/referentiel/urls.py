"""Pages of the reference data: the territory's activity zones (upload with a preview)."""

from django.urls import path

from . import vues_zones

app_name = "referentiel"

urlpatterns = [
    path("", vues_zones.zones, name="zones"),
]
