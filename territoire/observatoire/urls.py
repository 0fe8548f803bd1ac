from django.urls import path

from .views import bilan, equipe, public

app_name = "observatoire"

urlpatterns = [
    path("", public.accueil, name="accueil"),
    path("actualite/", public.actualite, name="actualite"),
    path("actualite/flux.atom", public.flux, name="flux"),
    path("evenements/<int:pk>/", public.evenement, name="evenement"),
    path("evenements/nouveau/", equipe.evenement_nouveau, name="evenement_nouveau"),
    path("evenements/<int:pk>/modifier/", equipe.evenement_modifier, name="evenement_modifier"),
    path("evenements/<int:pk>/confirmer/", equipe.evenement_confirmer, name="evenement_confirmer"),
    path("evenements/<int:pk>/ecarter/", equipe.evenement_ecarter, name="evenement_ecarter"),
    path("veille/", equipe.veille_liste, name="veille"),
    path("veille/regles/", equipe.regles, name="regles"),
    path("visites/nouvelle/<int:organisation>/", equipe.visite_nouvelle, name="visite_nouvelle"),
    path("visites/<int:pk>/", equipe.visite, name="visite"),
    path("suites/", equipe.suites, name="suites"),
    path("suites/<int:pk>/accepter/", equipe.suite_accepter, name="suite_accepter"),
    path("suites/<int:pk>/ecarter/", equipe.suite_ecarter, name="suite_ecarter"),
    path("plan/", equipe.plan, name="plan"),
    path("plan/ajouter/", equipe.plan_ajouter, name="plan_ajouter"),
    path("plan/retirer/", equipe.plan_retirer, name="plan_retirer"),
    path("organisations/<int:organisation>/labels/nouveau/", equipe.label_nouveau, name="label_nouveau"),
    path("imports/", equipe.imports, name="imports"),
    path("bilan/", bilan.bilan, name="bilan"),
    path("bilan/<int:annee>.pdf", bilan.bilan_pdf, name="bilan_pdf"),
    path("bilan/<int:annee>.docx", bilan.bilan_docx, name="bilan_docx"),
]
