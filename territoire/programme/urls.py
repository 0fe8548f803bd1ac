from django.urls import path

from .views import exports, fiches, gouvernance, pilotage

app_name = "programme"

urlpatterns = [
    # The plan and its dashboard
    path("", pilotage.tableau, name="tableau"),
    path("plan/", fiches.plan, name="plan"),
    path("mes-fiches/", fiches.mes_fiches, name="mes_fiches"),
    # One fiche and what it carries
    path("fiches/nouvelle/", fiches.fiche_creer, name="fiche_creer"),
    path("fiches/<int:pk>/", fiches.fiche, name="fiche"),
    path("fiches/<int:pk>/modifier/", fiches.fiche_modifier, name="fiche_modifier"),
    path("fiches/<int:pk>/publier/", fiches.fiche_publier, name="fiche_publier"),
    path("fiches/<int:pk>/mise-a-jour/", fiches.maj_creer, name="maj_creer"),
    path("fiches/<int:pk>/jalons/nouveau/", fiches.jalon_creer, name="jalon_creer"),
    path("jalons/<int:pk>/", fiches.jalon_modifier, name="jalon_modifier"),
    path("fiches/<int:pk>/budget/nouvelle-ligne/", fiches.budget_creer, name="budget_creer"),
    path("budget/<int:pk>/supprimer/", fiches.budget_supprimer, name="budget_supprimer"),
    path(
        "fiches/<int:pk>/cofinancements/nouveau/",
        fiches.cofinancement_creer,
        name="cofinancement_creer",
    ),
    path("cofinancements/<int:pk>/", fiches.cofinancement_modifier, name="cofinancement_modifier"),
    path("fiches/<int:pk>/pieces/nouvelle/", fiches.piece_creer, name="piece_creer"),
    path("pieces/<int:pk>/", fiches.piece_telecharger, name="piece_telecharger"),
    path("fiches/<int:pk>/liens/nouveau/", fiches.lien_creer, name="lien_creer"),
    path("fiches/<int:pk>/indicateurs/nouveau/", fiches.indicateur_creer, name="indicateur_creer"),
    path("fiches/<int:pk>/historique/", fiches.historique, name="historique"),
    path("fiches/<int:pk>/fiche.docx", exports.fiche_docx, name="fiche_docx"),
    path("fiches/<int:pk>/fiche.pdf", exports.fiche_pdf, name="fiche_pdf"),
    # Indicators
    path("indicateurs/", pilotage.indicateurs, name="indicateurs"),
    path("indicateurs/<int:pk>/", pilotage.indicateur, name="indicateur"),
    path("indicateurs/<int:pk>/valeurs/nouvelle/", pilotage.valeur_creer, name="valeur_creer"),
    # Exports, import, reports
    path("plan.xlsx", exports.plan_xlsx, name="plan_xlsx"),
    path("import/", exports.plan_import, name="plan_import"),
    path("rapport-comite/", exports.rapport_comite, name="rapport_comite"),
    path("rapport-comite.pdf", exports.rapport_pdf, name="rapport_pdf"),
    path("rapport-comite.docx", exports.rapport_docx, name="rapport_docx"),
    path("reporting-national/", exports.reporting, name="reporting"),
    path("reporting-national.xlsx", exports.reporting_xlsx, name="reporting_xlsx"),
    # Governance
    path("instances/", gouvernance.instances, name="instances"),
    path("instances/<int:pk>/", gouvernance.instance, name="instance"),
    path("instances/<int:pk>/seances/nouvelle/", gouvernance.seance_creer, name="seance_creer"),
    path("seances/<int:pk>/", gouvernance.seance, name="seance"),
    path("seances/<int:pk>/points/nouveau/", gouvernance.point_creer, name="point_creer"),
    path("seances/<int:pk>/decisions/nouvelle/", gouvernance.decision_creer, name="decision_creer"),
    path(
        "seances/<int:pk>/actions/nouvelle/",
        gouvernance.action_suivi_creer,
        name="action_suivi_creer",
    ),
    path(
        "actions-suivi/<int:pk>/faite/", gouvernance.action_suivi_faite, name="action_suivi_faite"
    ),
]
