from django.urls import path

from . import views, vues_filieres

app_name = "etablissements"

urlpatterns = [
    path("", views.liste, name="liste"),
    path("export.csv", views.export_csv, name="export_csv"),
    path("carte/", views.carte, name="carte"),
    path("imports/", views.imports, name="imports"),
    path("imports/<int:pk>/", views.import_detail, name="import_detail"),
    path("filieres/", vues_filieres.filieres, name="filieres"),
    path("<str:siret>/", views.detail, name="detail"),
]
