from django.urls import path

from .views import equipe, public

app_name = "recrutement"

urlpatterns = [
    path("", public.accueil, name="accueil"),
    path("formations/", public.formations, name="formations"),
    path("formations/<int:pk>/", public.formation, name="formation"),
    path("offres/", public.offres, name="offres"),
    path("offres/flux.atom", public.offres_atom, name="offres_atom"),
    path("campus/<int:pk>/", public.campus, name="campus"),
    path("potentiel/", public.potentiel_embauche, name="potentiel"),
    path("import/", equipe.importer, name="import"),
    path("import/<int:pk>/", equipe.import_detail, name="import_detail"),
    path("besoins/", equipe.besoins, name="besoins"),
    path("besoins/nouveau/", equipe.besoin_nouveau, name="besoin_nouveau"),
    path("besoins/<int:pk>/modifier/", equipe.besoin_modifier, name="besoin_modifier"),
    path("offres/saisir/", equipe.offre_saisir, name="offre_saisir"),
    path("offres/<int:pk>/clore/", equipe.offre_clore, name="offre_clore"),
    path("campus/<int:pk>/modifier/", equipe.campus_modifier, name="campus_modifier"),
    path("appariement/", equipe.page_appariement, name="appariement"),
    path("ecart/", equipe.page_ecart, name="ecart"),
    path("ecart/export.<str:format>", equipe.ecart_export, name="ecart_export"),
    path("classement/", equipe.classement, name="classement"),
    path("classement/apercu/", equipe.regle_apercu, name="regle_apercu"),
    path("classement/<int:pk>/desactiver/", equipe.regle_desactiver, name="regle_desactiver"),
    path("entreprises/<int:pk>/apparition/", equipe.apparition, name="apparition"),
]
