from django.contrib import admin

from .models import EPCI, Commune, Territoire, ZoneActivite


@admin.register(Territoire)
class TerritoireAdmin(admin.ModelAdmin):
    list_display = ["nom", "slug", "id_ti", "donnees_fictives"]
    filter_horizontal = ["epcis"]
    exclude = ["communes"]


@admin.register(EPCI)
class EPCIAdmin(admin.ModelAdmin):
    list_display = ["nom", "siren", "nature"]
    search_fields = ["nom", "siren"]


@admin.register(Commune)
class CommuneAdmin(admin.ModelAdmin):
    list_display = ["nom", "code_insee", "population", "epci"]
    search_fields = ["nom", "code_insee"]
    exclude = ["contour"]


@admin.register(ZoneActivite)
class ZoneActiviteAdmin(admin.ModelAdmin):
    list_display = ["nom", "territoire", "type", "surface_ha", "contour_illustratif"]
    list_filter = ["territoire", "type"]
