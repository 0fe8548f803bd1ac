"""Read side of the programme; `fiches_visibles` is the only door to fiches-actions.

Who sees what (issue 3):
- the team (équipe) and the steering committee (pilotage) see every fiche, drafts and
  confidential ones included;
- the users of a fiche's lead or partner organisations see that fiche (unless confidential:
  a confidential fiche never leaves the team and the steering committee);
- everyone else, the public included, sees published non-confidential fiches, as published.
"""

from __future__ import annotations

from django.db.models import Prefetch, Q

from territoire.comptes.acces import a_un_role
from territoire.comptes.models import Adhesion, Role

from . import derive
from .models import FicheAction, Indicateur, MiseAJour, Programme, ValeurIndicateur

ROLES_LECTURE_COMPLETE = (Role.EQUIPE, Role.PILOTAGE)


def organisations_de(user, territoire) -> frozenset[int]:
    """Ids of the organisations `user` represents on `territoire` (through their memberships)."""
    if user is None or not user.is_authenticated:
        return frozenset()
    cache = user.__dict__.setdefault("_organisations_cache", {})
    if territoire.pk not in cache:
        cache[territoire.pk] = frozenset(
            Adhesion.objects.filter(
                utilisateur=user, territoire=territoire, organisation__isnull=False
            ).values_list("organisation_id", flat=True)
        )
    return cache[territoire.pk]


def lit_tout(user, territoire) -> bool:
    return a_un_role(user, territoire, *ROLES_LECTURE_COMPLETE)


def _filtre_suivi(user, territoire) -> Q:
    """Fiches `user` follows: they are its referent, or represent its lead or a partner."""
    orgs = organisations_de(user, territoire)
    q = Q(pk__in=[])
    if user is not None and user.is_authenticated:
        q |= Q(referent=user)
    if orgs:
        q |= Q(pilote_organisation__in=orgs) | Q(partenaires__in=orgs)
    return q


def fiches_visibles(user, territoire):
    """Fiches of `territoire` that `user` may open (see the module's rules)."""
    qs = FicheAction.objects.filter(programme__territoire=territoire)
    if lit_tout(user, territoire):
        return qs
    suivies = FicheAction.objects.filter(programme__territoire=territoire).filter(
        _filtre_suivi(user, territoire)
    )
    return qs.filter(confidentiel=False).filter(Q(publie=True) | Q(pk__in=suivies.values("pk")))


def fiches_suivies(user, territoire):
    """ "Mes fiches": the fiches `user` leads, is partner of or is the referent of."""
    return fiches_visibles(user, territoire).filter(
        pk__in=FicheAction.objects.filter(_filtre_suivi(user, territoire)).values("pk")
    )


def voit_version_interne(user, fiche) -> bool:
    """The live fiche (drafts, money, history) or only its published version."""
    territoire = fiche.programme.territoire
    return lit_tout(user, territoire) or peut_suivre(user, fiche)


def peut_modifier(user, fiche) -> bool:
    """Edit the fiche itself, its money, attachments and links: the team only."""
    return a_un_role(user, fiche.programme.territoire, Role.EQUIPE)


def peut_suivre(user, fiche) -> bool:
    """Post updates, milestones and indicator values: the team, and the fiche's followers.

    Followers are its referent and the users of its lead and partner organisations; a
    confidential fiche stays with the team.
    """
    territoire = fiche.programme.territoire
    if a_un_role(user, territoire, Role.EQUIPE):
        return True
    if fiche.confidentiel or user is None or not user.is_authenticated:
        return False
    if not a_un_role(user, territoire, *Role.values):
        return False
    if fiche.referent_id == user.pk:
        return True
    orgs = organisations_de(user, territoire)
    if not orgs:
        return False
    if fiche.pilote_organisation_id in orgs:
        return True
    return any(p.pk in orgs for p in fiche.partenaires.all())


def peut_decider(user, territoire) -> bool:
    """Record decisions and follow-ups of a sitting: the team and the steering committee."""
    return a_un_role(user, territoire, *ROLES_LECTURE_COMPLETE)


def programme_courant(territoire, code: str | None = None) -> Programme | None:
    """The phase asked for by its code; otherwise the current one: the phase whose dates hold
    today (the latest started if several do), then the one marked "phase en cours", then the
    latest. A closed phase is never opened by default while a current one exists."""
    from django.db.models import Case, IntegerField, Value, When
    from django.utils import timezone

    qs = Programme.objects.filter(territoire=territoire)
    if code:
        return qs.filter(code=code).first()
    aujourdhui = timezone.localdate()
    return qs.annotate(
        _rang=Case(
            When(debut__lte=aujourdhui, fin__gte=aujourdhui, then=Value(0)),
            When(actif=True, then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        )
    ).order_by("_rang", "-debut").first()


def fiches_detaillees(qs):
    """Prefetch what the derived values read, in a constant number of queries."""
    return qs.select_related(
        "programme__territoire", "statut", "pilote_organisation", "pilote_contact", "parent"
    ).prefetch_related(
        "axes",
        "jalons",
        "lignes_budget",
        "cofinancements__financeur",
        "partenaires",
        Prefetch(
            "mises_a_jour", queryset=MiseAJour.objects.select_related("statut", "statut_avant")
        ),
    )


def avancements(programme) -> dict[int, derive.Avancement]:
    """Progress of every fiche of the phase, derived for parents (one query)."""
    noeuds = [
        derive.Noeud(*ligne)
        for ligne in FicheAction.objects.filter(programme=programme).values_list(
            "id", "parent_id", "avancement", "poids", "methode_avancement"
        )
    ]
    return derive.calculer_avancements(noeuds)


def indicateurs_visibles(user, territoire):
    """Indicators of the programme-level kind, or of a fiche `user` may open."""
    return Indicateur.objects.filter(programme__territoire=territoire).filter(
        Q(fiche__isnull=True) | Q(fiche__in=fiches_visibles(user, territoire))
    )


def valeurs_visibles(user, indicateur):
    """The public reads published values only."""
    qs = ValeurIndicateur.objects.filter(indicateur=indicateur)
    territoire = indicateur.programme.territoire
    if lit_tout(user, territoire):
        return qs
    if indicateur.fiche_id and peut_suivre(user, indicateur.fiche):
        return qs
    return qs.filter(publiee=True)


def valeurs_lisibles(user, territoire):
    """Indicator values `user` may read across the territory (the public: published ones)."""
    qs = ValeurIndicateur.objects.filter(indicateur__programme__territoire=territoire)
    if lit_tout(user, territoire):
        return qs
    return qs.filter(Q(publiee=True) | Q(indicateur__fiche__in=fiches_suivies(user, territoire)))
