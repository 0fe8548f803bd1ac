from django.urls import path

from . import views

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
]
