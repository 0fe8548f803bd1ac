from django.urls import path

from .views import besoins, detenteurs, diagnostics, projets, public, technopole

app_name = "innovation"

urlpatterns = [
    path("", public.accueil, name="accueil"),
    path("nous-ecrire/", public.deposer, name="deposer"),
    path("detenteurs/<int:pk>/", public.detenteur, name="detenteur"),
    path("detenteurs/nouveau/", detenteurs.detenteur_nouveau, name="detenteur_nouveau"),
    path("detenteurs/<int:pk>/ajouter/<slug:quoi>/", detenteurs.detenteur_ajouter, name="detenteur_ajouter"),
    path("besoins/", besoins.besoins, name="besoins"),
    path("besoins/nouveau/", besoins.besoin_nouveau, name="besoin_nouveau"),
    path("besoins/<int:pk>/", besoins.besoin, name="besoin"),
    path("besoins/<int:pk>/competences/", besoins.besoin_competences, name="besoin_competences"),
    path("besoins/<int:pk>/statut/", besoins.besoin_statut, name="besoin_statut"),
    path("besoins/<int:pk>/mise-en-relation/", besoins.mettre_en_relation, name="mettre_en_relation"),
    path("mises-en-relation/<int:pk>/issue/", besoins.noter_issue, name="noter_issue"),
    path("demandes/<int:pk>/besoin/", besoins.besoin_depuis_demande, name="besoin_depuis_demande"),
    path("projets/", projets.projets, name="projets"),
    path("projets/nouveau/", projets.projet_nouveau, name="projet_nouveau"),
    path("projets/<int:pk>/", projets.projet, name="projet"),
    path("projets/<int:pk>/<slug:quoi>/", projets.projet_modifier, name="projet_modifier"),
    path("projets/<int:pk>/jalons/<int:jalon>/atteint/", projets.jalon_atteint, name="jalon_atteint"),
    path("diagnostics/", diagnostics.diagnostics, name="diagnostics"),
    path("diagnostics/nouveau/", diagnostics.diagnostic_nouveau, name="diagnostic_nouveau"),
    path("diagnostics/<int:pk>/", diagnostics.diagnostic_detail, name="diagnostic"),
    path("technopole/", technopole.technopole, name="technopole"),
]
