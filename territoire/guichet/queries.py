"""Read side of the desk: `Demande.objects.for_user` is the only door to requests.

The team and steering see every request of the territory; a partner sees only the requests
routed to their branch (they are one of its advisors, or their membership names the
branch's organisation); a firm user sees only its own organisation's requests.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.db import models
from django.utils import timezone

from territoire.comptes.acces import a_un_role

from . import calendrier


def antennes_du_compte(user, territoire) -> list[int]:
    """Ids of the branches `user` works for on `territoire`."""
    from territoire.reseau.queries import organisations_du_compte

    from .models import Antenne

    if user is None or not user.is_authenticated or not a_un_role(user, territoire, "partenaire"):
        return []
    cache = getattr(user, "_antennes_cache", None)
    if cache is None:
        cache = user._antennes_cache = {}
    if territoire.pk not in cache:
        cache[territoire.pk] = list(
            Antenne.objects.filter(institution__territoire=territoire)
            .filter(
                models.Q(conseillers__utilisateur=user)
                | models.Q(organisation__in=organisations_du_compte(user, territoire))
            )
            .values_list("pk", flat=True)
            .distinct()
        )
    return cache[territoire.pk]


class DemandeQuerySet(models.QuerySet):
    def for_user(self, user, territoire):
        from territoire.reseau.queries import organisations_du_compte

        qs = self.filter(territoire=territoire)
        if a_un_role(user, territoire, "equipe", "pilotage"):
            return qs
        filtre = models.Q(pk__in=[])
        if a_un_role(user, territoire, "partenaire"):
            antennes = antennes_du_compte(user, territoire)
            if antennes:
                filtre |= models.Q(pk__in=self.model.objects.filter(orientations__conseiller__antenne__in=antennes).values("pk"))
        if a_un_role(user, territoire, "entreprise"):
            filtre |= models.Q(organisation__in=organisations_du_compte(user, territoire))
        return qs.filter(filtre)

    def ouvertes(self):
        return self.exclude(statut__in=self.model.STATUTS_CLOS)

    def en_souffrance(self, aujourdhui=None):
        """Open requests nobody took in charge by the 5th working day after filing (overdue)."""
        limite = limite_de_depot(aujourdhui)
        return self.ouvertes().filter(prise_en_charge_le__isnull=True, deposee_le__lt=limite)

    def a_orienter(self):
        return self.ouvertes().filter(orientee_le__isnull=True)


def limite_de_depot(aujourdhui=None):
    """The instant before which a request still not taken in charge is overdue today: the
    start of the day after the last filing day whose 5-working-day deadline has passed."""
    from .mesures import DELAI_JOURS_OUVRES  # mesures imports the models, which import this module

    aujourdhui = aujourdhui or timezone.localdate()
    jour = aujourdhui
    # The deadline grows with the filing day: step back to the last day whose deadline is past.
    while calendrier.ajouter_jours_ouvres(jour, DELAI_JOURS_OUVRES) >= aujourdhui:
        jour -= timedelta(days=1)
    return timezone.make_aware(datetime.combine(jour + timedelta(days=1), time.min))


class DispositifQuerySet(models.QuerySet):
    def du_territoire(self, territoire):
        """Aids of `territoire` or of every territory (no territory named), archived ones included."""
        return self.filter(models.Q(territoires=territoire) | models.Q(territoires__isnull=True)).distinct()

    def actifs(self):
        return self.filter(archive_le__isnull=True)


def couples_couverts(territoire) -> set[tuple[int, int]]:
    """(commune id, subject id) pairs that at least one active advisor of the territory covers."""
    from .models import Conseiller

    couples = set()
    for commune, sujet in Conseiller.objects.filter(
        actif=True, antenne__institution__territoire=territoire
    ).values_list("communes", "sujets"):
        if commune is not None and sujet is not None:
            couples.add((commune, sujet))
    return couples


def trous_de_couverture(territoire) -> list[tuple[object, list]]:
    """For each subject, the communes of the territory that no advisor covers for it."""
    from .models import Sujet

    couverts = couples_couverts(territoire)
    # Names and keys only: the communes' outlines are not drawn here.
    communes = list(territoire.communes.defer("contour").order_by("nom"))
    return [
        (sujet, [c for c in communes if (c.pk, sujet.pk) not in couverts])
        for sujet in Sujet.objects.all()
    ]


def nombre_de_trous_de_couverture(territoire) -> int:
    """How many (commune, subject) pairs `trous_de_couverture` lists, without building them: the
    pairs of the territory's communes and the subjects, less those an advisor covers."""
    from .models import Conseiller, Sujet

    # The covered pairs counted by the database (`couples_couverts` of the territory's communes),
    # not read one by one: an advisor's communes times its subjects make thousands of rows.
    couverts = (
        Conseiller.communes.through.objects.filter(
            conseiller__actif=True, conseiller__antenne__institution__territoire=territoire,
            commune__territoires=territoire, conseiller__sujets__isnull=False,
        )
        .values_list("commune_id", "conseiller__sujets").distinct().count()
    )
    return territoire.communes.count() * Sujet.objects.count() - couverts


def dispositifs_eligibles(demande, jour=None) -> list:
    """Aids open on `jour` for the request's territory, subject and firm profile (NAF, band)."""
    from .models import Dispositif

    jour = jour or timezone.localdate()
    qs = (
        Dispositif.objects.actifs()
        .filter(models.Q(territoires=demande.territoire_id) | models.Q(territoires__isnull=True))
        .filter(models.Q(sujets=demande.sujet_id) | models.Q(sujets__isnull=True))
        .filter(models.Q(debut__isnull=True) | models.Q(debut__lte=jour))
        .filter(models.Q(fin__isnull=True) | models.Q(fin__gte=jour))
        .distinct()
        .order_by("nom")
    )
    orga = demande.organisation
    return [d for d in qs if d.accepte_profil(orga.naf, orga.tranche_effectifs)]
