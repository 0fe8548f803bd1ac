"""Back-office of the consultation (the team's; the product's pages are in views.py)."""

from django.contrib import admin

from .models import (
    Constat,
    Consultation,
    Contribution,
    Participation,
    ReponseConstat,
    Reunion,
    Theme,
)


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["libelle", "code", "origine", "ordre", "actif"]
    list_filter = ["origine", "actif"]
    search_fields = ["libelle", "code"]


class ReunionInline(admin.TabularInline):
    model = Reunion
    fields = ["date", "titre", "type", "lieu", "theme", "confidentielle"]
    extra = 0
    show_change_link = True


@admin.register(Consultation)
class ConsultationAdmin(admin.ModelAdmin):
    list_display = ["titre", "territoire", "debut", "fin"]
    list_filter = ["territoire"]
    inlines = [ReunionInline]


class ParticipationInline(admin.TabularInline):
    model = Participation
    raw_id_fields = ["organisation", "contact"]
    extra = 0


@admin.register(Reunion)
class ReunionAdmin(admin.ModelAdmin):
    list_display = ["date", "titre", "type", "consultation", "confidentielle"]
    list_filter = ["type", "confidentielle", "consultation"]
    search_fields = ["titre", "lieu"]
    raw_id_fields = ["organisateur", "commune"]
    inlines = [ParticipationInline]


@admin.register(Contribution)
class ContributionAdmin(admin.ModelAdmin):
    list_display = ["organisation", "reunion", "confidentielle", "cree_le"]
    list_filter = ["confidentielle", "themes", "reunion__consultation"]
    search_fields = ["texte", "organisation__nom"]
    raw_id_fields = ["organisation", "contact", "reunion"]
    filter_horizontal = ["themes"]


class ReponseInline(admin.TabularInline):
    model = ReponseConstat
    raw_id_fields = ["fiche"]
    exclude = ["auteur"]
    extra = 0


@admin.register(Constat)
class ConstatAdmin(admin.ModelAdmin):
    list_display = ["titre", "consultation"]
    list_filter = ["consultation"]
    search_fields = ["titre", "description"]
    filter_horizontal = ["themes"]
    raw_id_fields = ["contributions"]
    inlines = [ReponseInline]
