from django.urls import path

from . import views

app_name = "taches"

urlpatterns = [
    path("", views.liste, name="liste"),
    path("import-sirene/", views.import_sirene, name="import_sirene"),
    path("sirene-mensuel/", views.sirene_mensuel, name="sirene_mensuel"),
    path("rapport/", views.rapport, name="rapport"),
    path("<int:pk>/", views.tache, name="tache"),
    path("<int:pk>/fichier/", views.fichier, name="fichier"),
    path("<int:pk>/relancer/", views.relancer, name="relancer"),
]
