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
    path("demandes/<int:pk>/rattachement/", views.confirmer_rattachement, name="confirmer_rattachement"),
    path("demandes/<int:pk>/aides/", views.aide_proposer, name="aide_proposer"),
    path("aides/<int:pk>/", views.aide_issue, name="aide_issue"),
    path("satisfaction/<str:jeton>/", views.satisfaction, name="satisfaction"),
    path("annuaire/", views.annuaire, name="annuaire"),
    path("annuaire/institutions/nouvelle/", views.institution_nouvelle, name="institution_nouvelle"),
    path("annuaire/institutions/<int:pk>/", views.institution_modifier, name="institution_modifier"),
    path("annuaire/institutions/<int:pk>/antennes/nouvelle/", views.antenne_nouvelle, name="antenne_nouvelle"),
    path("annuaire/antennes/<int:pk>/", views.antenne_modifier, name="antenne_modifier"),
    path("annuaire/antennes/<int:pk>/conseillers/nouveau/", views.conseiller_nouveau, name="conseiller_nouveau"),
    path("annuaire/conseillers/<int:pk>/", views.conseiller_modifier, name="conseiller_modifier"),
    path("orientation/", views.regles, name="regles"),
    path("mesures/", views.tableau_mesures, name="mesures"),
    path("dispositifs/", views.dispositifs, name="dispositifs"),
    path("dispositifs/nouveau/", views.dispositif_nouveau, name="dispositif_nouveau"),
    path("dispositifs/<int:pk>/", views.dispositif_modifier, name="dispositif_modifier"),
    path("dispositifs/<int:pk>/archiver/", views.dispositif_archiver, name="dispositif_archiver"),
    path("export/<str:format>/", views.demandes_export, name="demandes_export"),
]
