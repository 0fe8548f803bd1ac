from django.urls import path

from . import views

app_name = "reseau"

urlpatterns = [
    path("", views.organisations, name="organisations"),
    path("export/<str:format>/", views.organisations_export, name="organisations_export"),
    path("portefeuille/", views.non_rencontrees, name="non_rencontrees"),
    path("organisations/nouvelle/", views.organisation_nouvelle, name="organisation_nouvelle"),
    path("organisations/fusionner/", views.fusion, name="fusion"),
    path("organisations/<int:pk>/", views.organisation, name="organisation"),
    path("organisations/<int:pk>/modifier/", views.organisation_modifier, name="organisation_modifier"),
    path("organisations/<int:pk>/historique/", views.organisation_historique, name="organisation_historique"),
    path("organisations/<int:pk>/commenter/", views.commenter, name="commenter"),
    path("organisations/<int:pk>/rattachement/ecarter/", views.rapprochement_ecarter, name="rapprochement_ecarter"),
    path("organisations/<int:pk>/contacts/nouveau/", views.contact_nouveau, name="contact_nouveau"),
    path("organisations/<int:pk>/echanges/", views.interaction_nouvelle, name="interaction_nouvelle"),
    path("pieces-jointes/<int:pk>/", views.piece_jointe, name="piece_jointe"),
    path("suites/<int:pk>/faite/", views.suivi_fait, name="suivi_fait"),
    path("evenements/", views.evenements, name="evenements"),
    path("evenements/nouveau/", views.evenement_nouveau, name="evenement_nouveau"),
    path("evenements/<int:pk>/", views.evenement, name="evenement"),
    path("evenements/<int:pk>/modifier/", views.evenement_modifier, name="evenement_modifier"),
    path("evenements/<int:pk>/annuler/", views.evenement_annuler, name="evenement_annuler"),
    path("evenements/<int:pk>/retablir/", views.evenement_retablir, name="evenement_retablir"),
    path("evenements/<int:pk>/inscrire/", views.inscrire, name="inscrire"),
    path("inscriptions/<int:pk>/presence/", views.presence, name="presence"),
    path("contacts/<int:pk>/modifier/", views.contact_modifier, name="contact_modifier"),
    path("contacts/<int:pk>/export/", views.contact_export, name="contact_export"),
    path("contacts/<int:pk>/effacer/", views.contact_effacer, name="contact_effacer"),
]
