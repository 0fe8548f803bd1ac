"""The tiles the accounts app puts on each role's workspace (ComptesConfig.tuiles_espace)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from territoire.programme.queries import programme_courant

from . import Tuile, lectures


def _url(nom: str, territoire, **kwargs) -> str:
    return reverse(nom, kwargs={"territoire": territoire.slug, **kwargs})


def tuiles(request, role: str) -> list[Tuile]:
    fabrique = {
        "equipe": tuiles_equipe,
        "pilotage": tuiles_pilotage,
        "partenaire": tuiles_partenaire,
        "entreprise": tuiles_entreprise,
    }.get(role)
    return fabrique(request) if fabrique else []


def tuiles_equipe(request) -> list[Tuile]:
    t, user = request.territoire, request.user
    aujourdhui = timezone.localdate()
    a_orienter = lectures.demandes_a_orienter(user, t, aujourdhui)
    non_prises = lectures.demandes_non_prises_en_charge(user, t, aujourdhui)
    suites = lectures.suites_a_donner(t, aujourdhui)
    actions = lectures.actions_de_comite_dues(t, aujourdhui)
    retard = lectures.fiches_en_retard(t, aujourdhui)
    seance = lectures.prochaine_seance(t, aujourdhui)
    import_ = lectures.dernier_import(t)
    portefeuille = lectures.non_rencontrees(t)
    file_guichet = _url("guichet:demandes", t)
    return [
        Tuile(
            "Demandes à orienter", "comptes/tuiles/_demandes.html", {"liste": a_orienter}, ordre=10,
            compte=a_orienter.total, lien=file_guichet, lien_libelle="Ouvrir la file du guichet",
            aide="Demandes nouvelles qui ne sont encore orientées vers aucun conseiller, de la plus ancienne à la plus récente.",
            ancre="a-orienter",
        ),
        Tuile(
            "Non prises en charge après 5 jours ouvrés", "comptes/tuiles/_demandes.html", {"liste": non_prises},
            ordre=20, compte=non_prises.total, lien=file_guichet, lien_libelle="Ouvrir la file du guichet",
            aide="Demandes encore « nouvelles » alors que le 5e jour ouvré après leur dépôt est passé (jours fériés exclus).",
            ancre="non-prises", alerte=bool(non_prises.total),
        ),
        Tuile(
            "Suites à donner", "comptes/tuiles/_suites.html", {"suites": suites, "actions": actions, "moi": user},
            ordre=30, compte=suites.total + actions.total,
            aide=f"Suites des échanges et actions décidées en comité, non faites, échues ou dues dans les {lectures.HORIZON_SUITES} jours.",
            ancre="suites",
        ),
        Tuile(
            "Fiches-actions en retard", "comptes/tuiles/_fiches_retard.html", {"liste": retard}, ordre=40,
            compte=retard.total, lien=_url("programme:tableau", t), lien_libelle="Tableau de bord du plan",
            aide="Retard déduit du statut, des dates et des jalons de la phase en cours, jamais saisi.",
            ancre="fiches-retard",
        ),
        Tuile(
            "Prochaine séance de comité", "comptes/tuiles/_seance.html", {"seance": seance}, ordre=50,
            lien=_url("programme:instances", t), lien_libelle="Instances et séances", ancre="seance",
        ),
        Tuile(
            "Dernier import SIRENE", "comptes/tuiles/_import.html", {"dernier": import_}, ordre=60,
            compte=(import_["fermetures"].total + import_["baisses"].total) if import_ else None,
            lien=_url("etablissements:imports", t), lien_libelle="Tous les imports",
            aide="Fermetures et baisses de tranche d'effectifs relevées par le dernier import réussi, par rapport au précédent.",
            ancre="import",
        ),
        Tuile(
            "Entreprises non rencontrées depuis 12 mois", "comptes/tuiles/_non_rencontrees.html",
            {"liste": portefeuille, "explication": lectures.ECHANGES_QUI_COMPTENT}, ordre=70,
            compte=portefeuille.total, lien=_url("reseau:non_rencontrees", t), lien_libelle="Tout le portefeuille",
            aide=lectures.ECHANGES_QUI_COMPTENT, ancre="non-rencontrees",
        ),
    ]


def tuiles_pilotage(request) -> list[Tuile]:
    t = request.territoire
    aujourdhui = timezone.localdate()
    programme = programme_courant(t)
    retard = lectures.fiches_en_retard(t, aujourdhui, programme)
    return [
        Tuile(
            "Avancement du plan par axe", "comptes/tuiles/_axes.html",
            {"lignes": lectures.avancement_par_axe(programme), "programme": programme}, ordre=10,
            lien=_url("programme:tableau", t), lien_libelle="Tableau de bord du plan",
            aide="Moyenne de l'avancement des fiches de premier niveau de chaque axe (déduit des sous-fiches) ; "
            "les fiches sans avancement connu sont comptées à part, jamais comme 0 %.",
            ancre="axes",
        ),
        Tuile(
            "Fiches-actions en retard", "comptes/tuiles/_fiches_retard.html", {"liste": retard}, ordre=20,
            compte=retard.total, lien=_url("programme:tableau", t), lien_libelle="Tableau de bord du plan",
            aide="Retard déduit du statut, des dates et des jalons de la phase en cours, jamais saisi.",
            ancre="fiches-retard-pilotage",
        ),
        Tuile(
            "Dernières décisions", "comptes/tuiles/_decisions.html",
            {"decisions": lectures.dernieres_decisions(t)}, ordre=30,
            lien=_url("programme:instances", t), lien_libelle="Instances et séances", ancre="decisions",
        ),
        Tuile(
            "Indicateurs du programme", "comptes/tuiles/_indicateurs.html",
            {"indicateurs": lectures.indicateurs_du_programme(programme)}, ordre=40,
            lien=_url("programme:indicateurs", t), lien_libelle="Tous les indicateurs", ancre="indicateurs",
        ),
    ]


def tuiles_partenaire(request) -> list[Tuile]:
    t, user = request.territoire, request.user
    aujourdhui = timezone.localdate()
    demandes = lectures.demandes_du_partenaire(user, t, aujourdhui)
    fiches = lectures.fiches_du_compte(user, t)
    return [
        Tuile(
            "Mes demandes", "comptes/tuiles/_demandes_partenaire.html", {"d": demandes}, ordre=10,
            compte=demandes["ouvertes"].total, lien=_url("guichet:demandes", t), lien_libelle="Toutes mes demandes",
            aide="Demandes orientées vers votre antenne ; celles qui attendent encore après 5 jours ouvrés viennent en premier.",
            ancre="mes-demandes", alerte=bool(demandes["en_retard"]),
        ),
        Tuile(
            "Mes fiches-actions", "comptes/tuiles/_mes_fiches.html", {"fiches": fiches}, ordre=20,
            compte=len(fiches), lien=_url("programme:mes_fiches", t), lien_libelle="Mes fiches",
            aide="Fiches que votre organisation pilote ou accompagne, ou dont vous êtes le référent.",
            ancre="mes-fiches",
        ),
    ]


def tuiles_entreprise(request) -> list[Tuile]:
    t, user = request.territoire, request.user
    aujourdhui = timezone.localdate()
    demandes = lectures.demandes_de_l_entreprise(user, t, aujourdhui)
    return [
        Tuile(
            "Mes demandes", "comptes/tuiles/_demandes_entreprise.html", {"liste": demandes}, ordre=10,
            compte=demandes.total, lien=_url("guichet:demandes", t), lien_libelle="Toutes mes demandes",
            ancre="mes-demandes-entreprise",
        ),
        Tuile(
            "Mon entreprise", "comptes/tuiles/_mon_entreprise.html",
            {"organisations": lectures.organisations_de_l_entreprise(user, t)}, ordre=20, ancre="mon-entreprise",
        ),
        Tuile(
            "Mes inscriptions aux événements", "comptes/tuiles/_inscriptions.html",
            lectures.inscriptions_de_l_entreprise(user, t, aujourdhui), ordre=30, ancre="inscriptions",
        ),
    ]
