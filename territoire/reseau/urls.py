from django.urls import path

from . import views

app_name = "reseau"

urlpatterns = [
    path("", views.organisations, name="organisations"),
    path("export/<str:format>/", views.organisations_export, name="organisations_export"),
    path("portefeuille/", views.non_rencontrees, name="non_rencontrees"),
    path("organisations/<int:pk>/", views.organisation, name="organisation"),
    path("organisations/<int:pk>/echanges/", views.interaction_nouvelle, name="interaction_nouvelle"),
    path("pieces-jointes/<int:pk>/", views.piece_jointe, name="piece_jointe"),
    path("suites/<int:pk>/faite/", views.suivi_fait, name="suivi_fait"),
    path("evenements/", views.evenements, name="evenements"),
    path("evenements/<int:pk>/", views.evenement, name="evenement"),
    path("evenements/<int:pk>/inscrire/", views.inscrire, name="inscrire"),
    path("inscriptions/<int:pk>/presence/", views.presence, name="presence"),
    path("contacts/<int:pk>/export/", views.contact_export, name="contact_export"),
    path("contacts/<int:pk>/effacer/", views.contact_effacer, name="contact_effacer"),
]
