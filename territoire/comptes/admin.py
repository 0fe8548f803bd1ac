from django.contrib import admin

from .models import Adhesion


@admin.register(Adhesion)
class AdhesionAdmin(admin.ModelAdmin):
    list_display = ["utilisateur", "territoire", "role", "organisation"]
    list_filter = ["role", "territoire"]
    search_fields = ["utilisateur__username", "utilisateur__email"]
