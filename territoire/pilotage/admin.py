from django.contrib import admin

from .models import AdhesionPerimetre


@admin.register(AdhesionPerimetre)
class AdhesionPerimetreAdmin(admin.ModelAdmin):
    list_display = ["utilisateur", "region", "organisation", "cree_le"]
    list_filter = ["region"]
    raw_id_fields = ["utilisateur"]
