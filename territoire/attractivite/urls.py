from django.urls import path

from .views import friches, locaux, prospects, public, sites

app_name = "attractivite"

urlpatterns = [
    path("", sites.espace, name="espace"),
    # The legal inventory of activity zones (CNIG "sites économiques").
    path("sites/", sites.sites, name="sites"),
    path("sites/<int:pk>/", sites.site, name="site"),
    path("sites/<int:pk>/modifier/", sites.site_modifier, name="site_modifier"),
    path("sites/<int:pk>/etablissements/", sites.site_remplir, name="site_remplir"),
    path("terrains/<int:pk>/", sites.terrain, name="terrain"),
    path("terrains/<int:pk>/modifier/", sites.terrain_modifier, name="terrain_modifier"),
    path("import/", sites.import_sites, name="import"),
    path("export/", sites.export_sites, name="export"),
    path("inventaire/", sites.inventaires, name="inventaires"),
    path("inventaire/etablir/", sites.inventaire_etablir, name="inventaire_etablir"),
    path("inventaire/<int:pk>/", sites.inventaire_detail, name="inventaire"),
    path("inventaire/<int:pk>/rapport.<str:format>", sites.inventaire_document, name="inventaire_document"),
    # Premises.
    path("locaux/", locaux.locaux, name="locaux"),
    path("locaux/nouveau/", locaux.local_nouveau, name="local_nouveau"),
    path("locaux/<int:pk>/", locaux.local, name="local"),
    path("locaux/<int:pk>/modifier/", locaux.local_modifier, name="local_modifier"),
    path("locaux/<int:pk>/photos/", locaux.local_photo, name="local_photo"),
    path("locaux/<int:pk>/photos/<int:photo>/retirer/", locaux.photo_retirer, name="photo_retirer"),
    path("photos/<int:pk>/", locaux.photo, name="photo"),
    # Brownfields.
    path("friches/", friches.friches, name="friches"),
    path("friches/import/", friches.friches_import, name="friches_import"),
    path("friches/<int:pk>/", friches.friche, name="friche"),
    path("friches/<int:pk>/phase/", friches.friche_phase, name="friche_phase"),
    path("friches/<int:pk>/budget/", friches.friche_budget, name="friche_budget"),
    path("friches/<int:pk>/cofinancement/", friches.friche_cofinancement, name="friche_cofinancement"),
    path("friches/<int:pk>/activite/", friches.friche_activite, name="friche_activite"),
    # The investor pipeline.
    path("projets/", prospects.prospects, name="prospects"),
    path("projets/nouveau/", prospects.prospect_nouveau, name="prospect_nouveau"),
    path("projets/entonnoir/", prospects.entonnoir_vue, name="entonnoir"),
    path("projets/<int:pk>/", prospects.prospect, name="prospect"),
    path("projets/<int:pk>/modifier/", prospects.prospect_modifier, name="prospect_modifier"),
    path("projets/<int:pk>/etape/", prospects.prospect_etape, name="prospect_etape"),
    path("projets/<int:pk>/proposer/", prospects.prospect_proposer, name="prospect_proposer"),
    path("projets/<int:pk>/visite/", prospects.prospect_visite, name="prospect_visite"),
    # Public: S'implanter.
    path("s-implanter/", public.implanter, name="implanter"),
    path("s-implanter/terrains/<int:pk>/", public.offre_terrain, name="offre_terrain"),
    path("s-implanter/terrains/<int:pk>/fiche.pdf", public.offre_terrain_pdf, name="offre_terrain_pdf"),
    path("s-implanter/locaux/<int:pk>/", public.offre_local, name="offre_local"),
    path("s-implanter/locaux/<int:pk>/fiche.pdf", public.offre_local_pdf, name="offre_local_pdf"),
    path("s-implanter/nous-ecrire/", public.contact, name="contact"),
    path("s-implanter/merci/", public.merci, name="merci"),
]
