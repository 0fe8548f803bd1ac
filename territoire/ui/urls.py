from django.urls import path

from . import views

app_name = "ui"

urlpatterns = [
    path("theme.css", views.theme, name="theme"),
    path("logo", views.logo, name="logo"),
    path("identite/", views.identite, name="identite"),
    path("catalogue/", views.catalogue, name="catalogue"),
]
