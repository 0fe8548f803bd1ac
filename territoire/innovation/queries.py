"""Read side of Innover: the one door (`for_user`-style functions) to each protected record.

Who sees what:
- competence holders: everyone signed in to the territory sees them all; the public sees the
  public holders and, of each, only what is marked public (competences, equipment, services);
- innovation needs (confidential by default): the team and the firm's own users always; the
  steering committee and partners only non-confidential ones, and a partner also the needs
  introduced to a holder it represents;
- introductions: the team, the firm's users, the users of the holder introduced;
- projects: the team and the steering committee all; members see non-confidential ones and
  the projects their organisation is part of (firm, partner or lab);
- diagnostics: individual results are the firm's and the team's only; everyone else sees
  aggregates (by filière, with the small-numbers threshold);
- the Technopôle's hosted firms: the team, the steering committee and partners.
"""

from __future__ import annotations

from django.db.models import Prefetch, Q

from territoire.comptes.acces import a_un_role

from .models import (
    BesoinInnovation,
    CompetenceDetenue,
    DetenteurCompetences,
    Diagnostic,
    Equipement,
    Hebergement,
    MiseEnRelation,
    ProjetInnovation,
    Service,
    Synonyme,
)

INTERNES = ("equipe", "pilotage", "partenaire")


def organisations_du_compte(user, territoire) -> frozenset[int]:
    from territoire.reseau.queries import organisations_du_compte as orgs

    return orgs(user, territoire)


def est_equipe(user, territoire) -> bool:
    return a_un_role(user, territoire, "equipe")


# ---------------------------------------------------------------- holders

def detenteurs_visibles(user, territoire):
    qs = DetenteurCompetences.objects.filter(organisation__territoires=territoire).select_related(
        "organisation", "etablissement_parent", "commune"
    )
    if a_un_role(user, territoire, *INTERNES, "entreprise"):
        return qs
    return qs.filter(public=True)


def voit_tout_des_detenteurs(user, territoire) -> bool:
    return a_un_role(user, territoire, *INTERNES, "entreprise")


def offres_prefetch(user, territoire) -> list[Prefetch]:
    """What of a holder's offer `user` may see: everything for members, the public rows otherwise."""
    tout = voit_tout_des_detenteurs(user, territoire)

    def filtre(qs):
        return qs if tout else qs.filter(public=True)

    return [
        Prefetch("competences_detenues", queryset=filtre(CompetenceDetenue.objects.select_related("competence"))),
        Prefetch("equipements", queryset=filtre(Equipement.objects.prefetch_related("competences"))),
        Prefetch("services", queryset=filtre(Service.objects.prefetch_related("competences"))),
    ]


def chercher_detenteurs(qs, q: str = "", type: str = "", competence=None, publics_seulement: bool = False):
    """The public page's search: holders whose name, competences (labels or synonyms),
    equipment or services contain the words typed. With `publics_seulement` (the public), only
    the public rows are searched: a hidden competence never makes a holder come up."""
    public = {"public": True} if publics_seulement else {}
    if type:
        qs = qs.filter(type=type)
    if competence is not None:
        qs = qs.filter(pk__in=CompetenceDetenue.objects.filter(competence=competence, **public).values("detenteur_id"))
    # One subquery per kind of row and word (never a join across competences, synonyms, equipment
    # and services: their product grew with every word typed).
    for mot in (q or "").split()[:8]:
        regle = Q(organisation__nom__icontains=mot) | Q(organisation__sigle__icontains=mot)
        regle |= Q(pk__in=CompetenceDetenue.objects.filter(
            Q(competence__libelle__icontains=mot)
            | Q(competence__in=Synonyme.objects.filter(terme__icontains=mot).values("competence_id")), **public,
        ).values("detenteur_id"))
        regle |= Q(pk__in=Equipement.objects.filter(nom__icontains=mot, **public).values("detenteur_id"))
        regle |= Q(pk__in=Service.objects.filter(nom__icontains=mot, **public).values("detenteur_id"))
        qs = qs.filter(regle)
    return qs


# ---------------------------------------------------------------- needs and introductions

def besoins_visibles(user, territoire):
    qs = BesoinInnovation.objects.filter(territoire=territoire)
    if est_equipe(user, territoire):
        return qs
    orgs = organisations_du_compte(user, territoire)
    regle = Q(organisation__in=orgs) if orgs else Q(pk__in=[])
    if a_un_role(user, territoire, "pilotage", "partenaire"):
        regle |= Q(confidentiel=False)
    if a_un_role(user, territoire, "partenaire") and orgs:
        regle |= Q(mises_en_relation__detenteur__organisation__in=orgs)
    if not a_un_role(user, territoire, *INTERNES, "entreprise"):
        return qs.none()
    return qs.filter(regle).distinct()


def mises_en_relation_visibles(user, territoire):
    qs = MiseEnRelation.objects.filter(besoin__territoire=territoire)
    if est_equipe(user, territoire):
        return qs
    orgs = organisations_du_compte(user, territoire)
    if not orgs or not a_un_role(user, territoire, *INTERNES, "entreprise"):
        return qs.none()
    return qs.filter(Q(besoin__organisation__in=orgs) | Q(detenteur__organisation__in=orgs))


# ---------------------------------------------------------------- projects

def projets_visibles(user, territoire):
    qs = ProjetInnovation.objects.filter(territoire=territoire)
    if a_un_role(user, territoire, "equipe", "pilotage"):
        return qs
    if not a_un_role(user, territoire, "partenaire", "entreprise"):
        return qs.none()
    orgs = organisations_du_compte(user, territoire)
    regle = Q(confidentiel=False)
    if orgs:
        regle |= Q(entreprises__in=orgs) | Q(partenaires__in=orgs) | Q(detenteurs__organisation__in=orgs)
    return qs.filter(regle).distinct()


def peut_modifier_projet(user, territoire) -> bool:
    return est_equipe(user, territoire)


# ---------------------------------------------------------------- diagnostics

def diagnostics_visibles(user, territoire):
    """Individual diagnostics: the team's and the firm's own."""
    qs = Diagnostic.objects.filter(territoire=territoire)
    if est_equipe(user, territoire):
        return qs
    if a_un_role(user, territoire, "entreprise"):
        return qs.filter(organisation__in=organisations_du_compte(user, territoire))
    return qs.none()


def voit_agregats_diagnostics(user, territoire) -> bool:
    return a_un_role(user, territoire, "equipe", "pilotage")


# ---------------------------------------------------------------- Technopôle

def hebergements_visibles(user, territoire):
    qs = Hebergement.objects.filter(technopole__organisation__territoires=territoire)
    if a_un_role(user, territoire, *INTERNES):
        return qs
    return qs.none()


# ---------------------------------------------------------------- sections of other pages

def resume_organisation(user, territoire, organisation) -> dict:
    """The innovation story of an organisation, as `user` may see it (constant queries)."""
    from .labels import labels_de

    detenteur = DetenteurCompetences.objects.filter(organisation=organisation).prefetch_related(
        *offres_prefetch(user, territoire)
    ).first()
    besoins = list(besoins_visibles(user, territoire).filter(organisation=organisation).order_by("-cree_le")[:10])
    projets = list(projets_visibles(user, territoire).filter(
        Q(entreprises=organisation) | Q(partenaires=organisation) | Q(detenteurs__organisation=organisation)
    ).distinct().order_by("-modifie_le")[:10])
    diagnostics = list(diagnostics_visibles(user, territoire).filter(organisation=organisation).order_by("-date")[:3])
    mises = list(mises_en_relation_visibles(user, territoire).filter(
        Q(besoin__organisation=organisation) | Q(detenteur__organisation=organisation)
    ).select_related("besoin__organisation", "detenteur__organisation").order_by("-envoyee_le")[:10])
    labels = labels_de(organisation)
    return {
        "territoire": territoire, "organisation": organisation, "detenteur": detenteur, "besoins": besoins,
        "projets": projets, "diagnostics": diagnostics, "mises_en_relation": mises, "labels": labels,
        "peut_saisir": est_equipe(user, territoire),
        "a_montrer": bool(detenteur or besoins or projets or diagnostics or mises or labels)
        or (est_equipe(user, territoire) and organisation.type == "entreprise"),
    }


def propositions_pour_demande(user, demande) -> dict:
    """The holders that could answer a desk request about innovation, with their reasons."""
    from .propositions import proposer

    territoire = demande.territoire
    besoin = BesoinInnovation.objects.filter(demande=demande).first()
    texte = besoin.texte if besoin else demande.description
    etiquetees = {e.competence_id: 1.0 for e in besoin.etiquettes.filter(retenue=True)} if besoin else {}
    propositions = proposer(territoire, texte, etiquetees, entreprise=demande.organisation, n=5)
    return {
        "territoire": territoire, "demande": demande, "besoin": besoin, "propositions": propositions,
        "peut_saisir": est_equipe(user, territoire),
    }
