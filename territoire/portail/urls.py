from django.urls import path

from . import views

app_name = "portail"

urlpatterns = [
    path("", views.accueil, name="accueil"),
    path("mentions-legales/", views.mentions_legales, name="mentions_legales"),
    path("accessibilite/", views.accessibilite, name="accessibilite"),
    path("donnees-personnelles/", views.donnees_personnelles, name="donnees_personnelles"),
    path("plan-du-site/", views.plan_du_site, name="plan_du_site"),
]
