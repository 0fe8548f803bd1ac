from django.urls import path

from . import views

app_name = "guichet"

urlpatterns = [
    path("", views.demandes, name="demandes"),
    path("nouvelle/", views.demande_nouvelle, name="demande_nouvelle"),
    path("deposer/", views.deposer, name="deposer"),
    path("deposer/merci/", views.merci, name="merci"),
    path("demandes/<int:pk>/", views.demande, name="demande"),
    path("demandes/<int:pk>/orienter/", views.orienter, name="orienter"),
    path("demandes/<int:pk>/statut/", views.changer_statut, name="changer_statut"),
    path("demandes/<int:pk>/aides/", views.aide_proposer, name="aide_proposer"),
    path("aides/<int:pk>/", views.aide_issue, name="aide_issue"),
    path("satisfaction/<str:jeton>/", views.satisfaction, name="satisfaction"),
    path("annuaire/", views.annuaire, name="annuaire"),
    path("mesures/", views.tableau_mesures, name="mesures"),
    path("dispositifs/", views.dispositifs, name="dispositifs"),
    path("export/<str:format>/", views.demandes_export, name="demandes_export"),
]
