"""Read side of the network: the one door (`for_user`) to each protected model.

- Team (équipe), steering (pilotage) and partners see every organisation of the territory;
  a firm user sees only the organisations of their memberships; the public sees none.
- Contacts are personal data: the team and partners see them, a firm user sees its own
  organisation's contacts, steering and the public never do.
- Interactions are the team's and partners' notes: never shown to firms or the public.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import models
from django.db.models import Exists, Max, OuterRef
from django.utils import timezone

from territoire.comptes.acces import a_un_role


def organisations_du_compte(user, territoire) -> frozenset[int]:
    """Ids of the organisations `user` represents on `territoire` (Adhesion.organisation)."""
    if user is None or not user.is_authenticated or territoire is None:
        return frozenset()
    cache = getattr(user, "_organisations_cache", None)
    if cache is None:
        cache = {}
        for territoire_id, organisation_id in user.adhesions.filter(organisation__isnull=False).values_list(
            "territoire_id", "organisation_id"
        ):
            cache.setdefault(territoire_id, set()).add(organisation_id)
        user._organisations_cache = cache
    return frozenset(cache.get(territoire.pk, ()))


def douze_mois_avant(aujourdhui=None):
    aujourdhui = aujourdhui or timezone.localdate()
    return aujourdhui - timedelta(days=365)


# What counts as meeting a firm for the portfolio of firms nobody met in 12 months: said on its
# page (reseau/non_rencontrees.html) in the same words.
RENCONTRES = ("visite", "appel", "reunion")


def _rencontres(territoire):
    """The exchanges that count as meeting a firm: a visit, a call or a meeting logged on this
    territory, by the team or a partner (an email does not count)."""
    from .models import Interaction

    return Interaction.objects.filter(territoire=territoire, type__in=RENCONTRES)


class OrganisationQuerySet(models.QuerySet):
    def du_territoire(self, territoire):
        return self.filter(territoires=territoire)

    def for_user(self, user, territoire):
        qs = self.du_territoire(territoire)
        if a_un_role(user, territoire, "equipe", "pilotage", "partenaire"):
            return qs
        if a_un_role(user, territoire, "entreprise"):
            return qs.filter(pk__in=organisations_du_compte(user, territoire))
        return qs.none()

    def entreprises(self):
        return self.filter(type="entreprise")

    def avec_derniere_interaction(self):
        from .models import Interaction

        return self.annotate(
            derniere_interaction=models.Subquery(
                Interaction.objects.filter(organisation=OuterRef("pk"))
                .values("organisation")
                .annotate(m=Max("date"))
                .values("m")[:1]
            )
        )

    def non_rencontrees(self, territoire, depuis=None):
        """Firms of the territory with no visit, call or meeting since `depuis` (12 months)."""
        depuis = depuis or douze_mois_avant()
        recentes = _rencontres(territoire).filter(organisation=OuterRef("pk"), date__gte=depuis)
        return self.du_territoire(territoire).entreprises().filter(~Exists(recentes))

    def avec_derniere_rencontre(self, territoire):
        """`derniere_rencontre`: the date of the latest exchange that counts as meeting the firm
        on this territory (what `non_rencontrees` looks for), None when there was none."""
        return self.annotate(
            derniere_rencontre=models.Subquery(
                _rencontres(territoire).filter(organisation=OuterRef("pk"))
                .values("organisation").annotate(m=Max("date")).values("m")[:1]
            )
        )

    def filtrer(self, *, q="", type="", commune=None, naf="", tranches=None, etiquette=None):
        """The directory's filters; each empty filter is ignored."""
        qs = self
        if q:
            qs = qs.filter(models.Q(nom__icontains=q) | models.Q(sigle__icontains=q) | models.Q(siret__startswith=q))
        if type:
            qs = qs.filter(type=type)
        if commune:
            qs = qs.filter(commune=commune)
        if naf:
            qs = qs.filter(naf__startswith=naf)
        if tranches:
            qs = qs.filter(tranche_effectifs__in=tranches)
        if etiquette:
            qs = qs.filter(etiquettes=etiquette)
        return qs


class ContactQuerySet(models.QuerySet):
    def for_user(self, user, territoire):
        qs = self.filter(organisation__territoires=territoire)
        if a_un_role(user, territoire, "equipe", "partenaire"):
            return qs
        if a_un_role(user, territoire, "entreprise"):
            return qs.filter(organisation__in=organisations_du_compte(user, territoire), efface_le__isnull=True)
        return qs.none()

    def actifs(self):
        return self.filter(efface_le__isnull=True)


class InteractionQuerySet(models.QuerySet):
    def for_user(self, user, territoire):
        qs = self.filter(territoire=territoire)
        if a_un_role(user, territoire, "equipe", "pilotage", "partenaire"):
            return qs
        return qs.none()
