"""Read side of Attirer: the one door (`for_user`) to each protected model.

- Sites, plots, premises and brownfields: the team, steering and partners see them all; firm
  users and the public see only what is marked public (and, for plots and premises, still on
  offer).
- Establishments in the standard's sense carry the census's non-diffusible rows and contact
  details: internal roles only.
- Prospects are confidential: the team and steering see the pipeline, a partner only the
  projects it is named on; the real name is shown to the team and the named partners only
  (`nom_visible`). Firm users and the public never see a prospect.
"""

from __future__ import annotations

from django.db import models

from territoire.comptes.acces import a_un_role

INTERNES = ("equipe", "pilotage", "partenaire")


def _organisations(user, territoire) -> frozenset[int]:
    from territoire.reseau.queries import organisations_du_compte

    return organisations_du_compte(user, territoire)


class SiteQuerySet(models.QuerySet):
    def du_territoire(self, territoire):
        return self.filter(territoire=territoire)

    def for_user(self, user, territoire):
        qs = self.du_territoire(territoire)
        if a_un_role(user, territoire, *INTERNES):
            return qs
        return qs.filter(public=True)


class TerrainQuerySet(models.QuerySet):
    def du_territoire(self, territoire):
        return self.filter(site__territoire=territoire)

    def publics(self):
        return self.filter(public=True, site__public=True)

    def for_user(self, user, territoire):
        qs = self.du_territoire(territoire)
        if a_un_role(user, territoire, *INTERNES):
            return qs
        return qs.publics()


class LocalQuerySet(models.QuerySet):
    def publics(self):
        return self.filter(public=True).exclude(statut="pris")

    def for_user(self, user, territoire):
        qs = self.filter(territoire=territoire)
        if a_un_role(user, territoire, *INTERNES):
            return qs
        return qs.publics()

    def modifiables_par(self, user, territoire):
        """The team edits every premises; a partner account edits those its organisation owns or sells."""
        qs = self.filter(territoire=territoire)
        if a_un_role(user, territoire, "equipe"):
            return qs
        if a_un_role(user, territoire, "partenaire"):
            orgs = _organisations(user, territoire)
            return qs.filter(models.Q(proprietaire__in=orgs) | models.Q(mandataire__in=orgs))
        return qs.none()


def peut_modifier_local(user, territoire, local) -> bool:
    from .models import Local

    return Local.objects.modifiables_par(user, territoire).filter(pk=local.pk).exists()


class ProspectQuerySet(models.QuerySet):
    def actifs(self):
        from .models.prospects import ETAPES_ACTIVES

        return self.filter(etape__in=ETAPES_ACTIVES)

    def for_user(self, user, territoire):
        qs = self.filter(territoire=territoire)
        if a_un_role(user, territoire, "equipe", "pilotage"):
            return qs
        if a_un_role(user, territoire, "partenaire"):
            return qs.filter(partenaires__in=_organisations(user, territoire)).distinct()
        return qs.none()


def nom_visible(prospect, user, territoire) -> bool:
    """May `user` see the prospect's real name? The team always; a named partner; anyone who
    sees the project once it is no longer confidential."""
    if a_un_role(user, territoire, "equipe"):
        return True
    if not prospect.confidentiel:
        return a_un_role(user, territoire, "pilotage", "partenaire")
    if a_un_role(user, territoire, "partenaire"):
        orgs = _organisations(user, territoire)
        return any(o.pk in orgs for o in prospect.partenaires.all())
    return False


def friches_pour(user, territoire):
    from .models import Friche

    qs = Friche.objects.filter(territoire=territoire)
    if a_un_role(user, territoire, *INTERNES):
        return qs
    return qs.filter(public=True)
