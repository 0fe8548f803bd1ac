from django.urls import path

from . import views, vues_equipe

app_name = "concertation"

urlpatterns = [
    path("", views.accueil, name="accueil"),
    path("mes-contributions/", views.mes_contributions, name="mes_contributions"),
    path("<int:pk>/", views.synthese, name="synthese"),
    path("<int:pk>/synthese.docx", views.synthese_docx, name="synthese_docx"),
    path("<int:pk>/synthese.pdf", views.synthese_pdf, name="synthese_pdf"),
    path("<int:pk>/reunions/", views.reunions, name="reunions"),
    path("reunions/<int:pk>/", views.reunion, name="reunion"),
    path("reunions/<int:pk>/contribuer/", views.contribuer, name="contribuer"),
    path("reunions/<int:pk>/importer/", views.importer, name="importer"),
    path("constats/<int:pk>/", views.constat, name="constat"),
    path("constats/<int:pk>/repondre/", views.repondre, name="repondre"),
    # The team's forms (vues_equipe.py)
    path("nouvelle/", vues_equipe.consultation_nouvelle, name="consultation_nouvelle"),
    path("<int:pk>/modifier/", vues_equipe.consultation_modifier, name="consultation_modifier"),
    path("<int:pk>/reunions/nouvelle/", vues_equipe.reunion_nouvelle, name="reunion_nouvelle"),
    path("reunions/<int:pk>/modifier/", vues_equipe.reunion_modifier, name="reunion_modifier"),
    path("reunions/<int:pk>/participants/", vues_equipe.participants, name="participants"),
    path("reunions/<int:pk>/participants/retirer/", vues_equipe.participant_retirer, name="participant_retirer"),
    path("<int:pk>/constats/nouveau/", vues_equipe.constat_nouveau, name="constat_nouveau"),
    path("constats/<int:pk>/modifier/", vues_equipe.constat_modifier, name="constat_modifier"),
]
