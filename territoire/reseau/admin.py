from django.contrib import admin

from .models import Contact, Organisation


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["nom", "type", "siret"]
    list_filter = ["type"]
    search_fields = ["nom", "siret"]
    raw_id_fields = ["unite_legale", "etablissement"]


@admin.register(Contact)
class ContactAdmin(admin.ModelAdmin):
    list_display = ["nom", "prenom", "organisation", "fonction"]
    search_fields = ["nom", "prenom", "email"]
