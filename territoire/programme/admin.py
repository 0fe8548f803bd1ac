"""Back-office of the programme for the team: phases, axes, statuses, instances and members.

Fiches, their updates and money are edited on the product's pages, where the rules
(signed updates, history) apply; the admin shows them read-only.
"""

from django.contrib import admin

from . import models


class AxeInline(admin.TabularInline):
    model = models.Axe
    extra = 1


@admin.register(models.Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["nom", "territoire", "code", "debut", "fin", "actif"]
    list_filter = ["territoire", "actif"]
    inlines = [AxeInline]


@admin.register(models.CorrespondanceAxe)
class CorrespondanceAxeAdmin(admin.ModelAdmin):
    list_display = ["source", "cible", "commentaire"]


@admin.register(models.StatutFiche)
class StatutFicheAdmin(admin.ModelAdmin):
    list_display = ["libelle", "code", "categorie", "ordre", "territoire"]
    list_filter = ["territoire", "categorie"]


class MembreInline(admin.TabularInline):
    model = models.MembreInstance
    extra = 1
    raw_id_fields = ["organisation", "contact"]


@admin.register(models.Instance)
class InstanceAdmin(admin.ModelAdmin):
    list_display = ["nom", "type", "territoire"]
    list_filter = ["territoire", "type"]
    inlines = [MembreInline]


@admin.register(models.FicheAction)
class FicheActionAdmin(admin.ModelAdmin):
    list_display = [
        "numero",
        "titre",
        "programme",
        "statut",
        "avancement",
        "publie",
        "confidentiel",
    ]
    list_filter = ["programme", "statut", "publie", "confidentiel"]
    search_fields = ["numero", "titre"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

