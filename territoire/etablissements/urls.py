from django.urls import path

from . import views

app_name = "etablissements"

urlpatterns = [
    path("", views.liste, name="liste"),
    path("<str:siret>/", views.detail, name="detail"),
]
