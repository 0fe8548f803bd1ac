from django.contrib import admin
from django.urls import include, path

from territoire.api import api
from territoire.portail import views as portail_views

# Territory slugs may not take these names (checked in referentiel.actions).
PREFIXES_RESERVES = {"admin", "api", "comptes", "static", "media", "sante", "pilotage"}

urlpatterns = [
    path("", portail_views.racine, name="racine"),
    path("admin/", admin.site.urls),
    # /sante/ and /api/v1/documentation/ (before the API's own routes).
    path("", include("territoire.exploitation.urls")),
    path("api/v1/", api.urls),
    path("comptes/", include("territoire.comptes.urls")),
    path("pilotage/", include("territoire.pilotage.urls")),
    path("<slug:territoire>/", include("territoire.portail.urls")),
    path("<slug:territoire>/etablissements/", include("territoire.etablissements.urls")),
    path("<slug:territoire>/zones/", include("territoire.referentiel.urls")),
    path("<slug:territoire>/programme/", include("territoire.programme.urls")),
    path("<slug:territoire>/concertation/", include("territoire.concertation.urls")),
    path("<slug:territoire>/reseau/", include("territoire.reseau.urls")),
    path("<slug:territoire>/guichet/", include("territoire.guichet.urls")),
    path("<slug:territoire>/observatoire/", include("territoire.observatoire.urls")),
    path("<slug:territoire>/recrutement/", include("territoire.recrutement.urls")),
    path("<slug:territoire>/innovation/", include("territoire.innovation.urls")),
    path("<slug:territoire>/attractivite/", include("territoire.attractivite.urls")),
    path("<slug:territoire>/interface/", include("territoire.ui.urls")),
    path("<slug:territoire>/taches/", include("territoire.taches.urls")),
    path("<slug:territoire>/situation/", include("territoire.pilotage.urls_territoire")),
]

# Error pages in French, in the site's layout (territoire/ui/erreurs.py).
handler400 = "territoire.ui.erreurs.requete_invalide"
handler403 = "territoire.ui.erreurs.acces_refuse"
handler404 = "territoire.ui.erreurs.page_introuvable"
handler500 = "territoire.ui.erreurs.erreur_serveur"
