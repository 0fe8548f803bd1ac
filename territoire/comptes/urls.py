from django.contrib.auth import views as auth_views
from django.urls import path

from .views import authentification, espace, gestion, invitations

app_name = "comptes"

urlpatterns = [
    # Signing in and out, the second factor
    path("connexion/", authentification.Connexion.as_view(), name="connexion"),
    path("deconnexion/", auth_views.LogoutView.as_view(), name="deconnexion"),
    path("connexion/code/", authentification.verification, name="verification"),
    path("double-authentification/", authentification.gestion_double_facteur, name="double_facteur"),
    # Passwords
    path("mot-de-passe/", authentification.Changement.as_view(), name="mot_de_passe"),
    path("mot-de-passe/change/", authentification.ChangementFait.as_view(), name="mot_de_passe_change"),
    path("mot-de-passe/oubli/", authentification.Oubli.as_view(), name="oubli"),
    path("mot-de-passe/oubli/envoye/", authentification.OubliEnvoye.as_view(), name="oubli_envoye"),
    path("reinitialisation/<uidb64>/<token>/", authentification.Reinitialisation.as_view(), name="reinitialisation"),
    path("reinitialisation/terminee/", authentification.ReinitialisationTerminee.as_view(), name="reinitialisation_terminee"),
    # Invitations (the link of the email)
    path("invitation/<str:jeton>/", invitations.invitation, name="invitation"),
    # Workspaces
    path("espace/", espace.espaces, name="espaces"),
    path("espace/<slug:territoire>/", espace.espace, name="espace"),
    # The team's accounts page
    path("equipe/<slug:territoire>/", gestion.gestion, name="gestion"),
    path("equipe/<slug:territoire>/inviter/", gestion.inviter, name="inviter"),
    path("equipe/<slug:territoire>/invitations/<int:pk>/revoquer/", gestion.invitation_revoquer, name="invitation_revoquer"),
    path("equipe/<slug:territoire>/deverrouiller/", gestion.deverrouiller, name="deverrouiller"),
    path(
        "equipe/<slug:territoire>/double-authentification/<int:pk>/reinitialiser/",
        gestion.double_facteur_reinitialiser, name="double_facteur_reinitialiser",
    ),
]
