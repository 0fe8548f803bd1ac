from django.urls import path

from . import views

app_name = "pilotage"

urlpatterns = [
    path("", views.accueil, name="accueil"),
    path("<slug:perimetre>/", views.perimetre, name="perimetre"),
    path("<slug:perimetre>/carte.geojson", views.carte_geojson, name="carte"),
    path("<slug:perimetre>/export.csv", views.export, {"format": "csv"}, name="export_csv"),
    path("<slug:perimetre>/export.xlsx", views.export, {"format": "xlsx"}, name="export_xlsx"),
    path("<slug:perimetre>/comparer/", views.comparer, name="comparer"),
]
