"""Read side of Recruter: the one door (`for_user`) to each protected model.

- Trainings are public (LHEO offers are published by their bodies), except their contact,
  which only the team sees (templates and API never show it to anyone else).
- A firm's individual recruitment needs are confidential: the team sees them all, a firm
  user sees its own, everyone else (steering, partners, the public) sees only those the
  firm agreed to publish. Steering and the team see the aggregates (by ROME, filière, zone).
- Job offers are public (France Travail publishes them).
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from territoire.comptes.acces import a_un_role


class FormationQuerySet(models.QuerySet):
    def du_territoire(self, territoire):
        return self.filter(territoire=territoire)

    def actives(self):
        return self.filter(archivee_le__isnull=True)

    def industrielles(self):
        return self.filter(industrielle=True)

    def for_user(self, user, territoire):
        qs = self.du_territoire(territoire)
        if a_un_role(user, territoire, "equipe"):
            return qs
        return qs.actives()

    def menant_a(self, codes_rome):
        return self.filter(codes_rome__rome__in=list(codes_rome)).distinct()

    def a_moins_de(self, km: float | None):
        """Trainings with at least one action on the territory or within `km` (or at a distance)."""
        q = models.Q(actions__distance_km=0) | models.Q(actions__modalite="2")
        if km:
            q |= models.Q(actions__distance_km__lte=km)
        return self.filter(q).distinct()


class BesoinQuerySet(models.QuerySet):
    def du_territoire(self, territoire):
        return self.filter(territoire=territoire)

    def ouverts(self):
        return self.filter(statut="ouvert")

    def for_user(self, user, territoire):
        from territoire.reseau.queries import organisations_du_compte

        qs = self.du_territoire(territoire)
        if a_un_role(user, territoire, "equipe"):
            return qs
        publics = qs.filter(publiable=True)
        if a_un_role(user, territoire, "entreprise"):
            return qs.filter(models.Q(publiable=True) | models.Q(organisation__in=organisations_du_compte(user, territoire)))
        return publics

    def agregats_visibles(self, user, territoire) -> bool:
        return a_un_role(user, territoire, "equipe", "pilotage")


class OffreQuerySet(models.QuerySet):
    def du_territoire(self, territoire):
        return self.filter(territoire=territoire)

    def ouvertes(self):
        return self.filter(ouverte=True)

    def for_user(self, user, territoire):
        return self.du_territoire(territoire)


def aujourdhui():
    return timezone.localdate()
