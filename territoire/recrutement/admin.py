from django.contrib import admin

from .models import (
    BesoinRecrutement,
    Campus,
    CertificationOnisep,
    Formation,
    ImportRecrutement,
    MetierRome,
    OffreEmploi,
    RegleClassement,
)


@admin.register(Formation)
class FormationAdmin(admin.ModelAdmin):
    list_display = ("intitule", "organisme_nom", "industrielle", "filiere", "archivee_le")
    list_filter = ("industrielle", "source", "territoire")
    search_fields = ("intitule", "numero", "organisme_nom")


@admin.register(RegleClassement)
class RegleClassementAdmin(admin.ModelAdmin):
    list_display = ("critere", "prefixe", "filiere", "industriel", "actif")
    list_filter = ("critere", "actif")


admin.site.register([BesoinRecrutement, Campus, CertificationOnisep, ImportRecrutement, MetierRome, OffreEmploi])
