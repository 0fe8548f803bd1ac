from django.contrib import admin

from .models import Entree


@admin.register(Entree)
class EntreeAdmin(admin.ModelAdmin):
    """Read-only: the history is written by the apps' actions, never edited by hand."""

    list_display = ["le", "action", "content_type", "object_id", "element", "auteur", "nature"]
    list_filter = ["nature", "content_type"]
    search_fields = ["action", "note"]
    date_hierarchy = "le"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
