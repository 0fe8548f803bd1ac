from django.contrib import admin

from .models import Etablissement, Filiere, ImportSirene, RegleNaf, UniteLegale


class RegleNafInline(admin.TabularInline):
    model = RegleNaf
    extra = 1


@admin.register(Filiere)
class FiliereAdmin(admin.ModelAdmin):
    list_display = ["libelle", "famille", "actif", "ordre"]
    list_filter = ["famille", "actif"]
    inlines = [RegleNafInline]


@admin.register(UniteLegale)
class UniteLegaleAdmin(admin.ModelAdmin):
    list_display = ["siren", "denomination", "categorie_entreprise", "etat"]
    search_fields = ["siren", "denomination"]


@admin.register(Etablissement)
class EtablissementAdmin(admin.ModelAdmin):
    list_display = ["siret", "naf", "tranche_effectifs", "code_commune", "etat", "zone"]
    list_filter = ["etat", "est_industriel", "filiere", "statut_diffusion"]
    search_fields = ["siret", "enseigne", "unite_legale__denomination"]
    raw_id_fields = ["unite_legale", "commune", "zone", "dernier_import"]


@admin.register(ImportSirene)
class ImportSireneAdmin(admin.ModelAdmin):
    list_display = ["debut", "territoire", "statut", "lignes_retenues", "crees", "fermes"]
    readonly_fields = [f.name for f in ImportSirene._meta.fields]
