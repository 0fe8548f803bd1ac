"""Read functions of the workspaces, built on the other apps' doors (`for_user`, queries).

Each function answers in a constant number of queries, whatever the size of the data:
lists are cut at `LIMITE` rows and counted apart.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone

from territoire.etablissements import tranches
from territoire.etablissements.models import Changement, ImportSirene
from territoire.guichet import calendrier
from territoire.guichet.mesures import DELAI_JOURS_OUVRES
from territoire.guichet.models import Demande
from territoire.guichet.queries import antennes_du_compte
from territoire.programme import derive
from territoire.programme.models import ActionSuivi, Decision, FicheAction, Seance
from territoire.programme.queries import avancements, fiches_suivies, programme_courant
from territoire.programme.tableau import (
    cle_tri_numero,
    indicateurs_avec_valeurs,
    progression_indicateur,
)
from territoire.reseau.models import Inscription, Organisation, Suivi
from territoire.reseau.queries import organisations_du_compte

LIMITE = 8
# A follow-up shows on the team's workspace from this many days before its due date.
HORIZON_SUITES = 7

# What "met" means for the portfolio of firms nobody met in 12 months (reseau.queries.non_rencontrees):
ECHANGES_QUI_COMPTENT = (
    "Comptent comme rencontre les visites, appels et réunions enregistrés dans le réseau, "
    "par l'équipe ou par un partenaire, sur ce territoire, dans les 365 derniers jours. "
    "Les courriels ne comptent pas ; une demande au guichet ou une inscription à un événement "
    "non plus tant qu'aucun échange n'a été noté."
)


@dataclass
class Liste:
    """The first rows of a list and how many rows it has in all."""

    lignes: list
    total: int

    @property
    def reste(self) -> int:
        return max(self.total - len(self.lignes), 0)


def _liste(qs, limite: int = LIMITE) -> Liste:
    # Always two queries (rows, count), so that the number of queries never depends on the data.
    return Liste(list(qs[:limite]), qs.count())


# --- Requests (guichet) ---


def limite_prise_en_charge(aujourdhui: dt.date) -> dt.date:
    """The last filing day whose 5-working-day deadline is already past on `aujourdhui`.

    A request filed on day d must be taken in charge by the 5th working day after d
    (guichet.mesures); it is late once that day is over, i.e. when that day < aujourdhui.
    """
    jour = aujourdhui
    while calendrier.ajouter_jours_ouvres(jour, DELAI_JOURS_OUVRES) >= aujourdhui:
        jour -= dt.timedelta(days=1)
    return jour


def _debut_du_jour(jour: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(jour, dt.time.min))


def age_en_jours(quand: dt.datetime, aujourdhui: dt.date) -> int:
    return (aujourdhui - timezone.localdate(quand)).days


def _avec_age(demandes, aujourdhui, limite: dt.date) -> list:
    for d in demandes:
        d.age = age_en_jours(d.deposee_le, aujourdhui)
        d.en_retard = d.statut == Demande.Statut.NOUVELLE and timezone.localdate(d.deposee_le) <= limite
    return demandes


def _demandes_affichees(qs):
    return qs.select_related("organisation", "sujet", "commune")


def demandes_a_orienter(user, territoire, aujourdhui) -> Liste:
    """New requests routed to nobody yet, oldest first."""
    qs = (
        Demande.objects.for_user(user, territoire)
        .filter(statut=Demande.Statut.NOUVELLE)
        .filter(~Q(pk__in=Demande.objects.filter(territoire=territoire, orientations__isnull=False).values("pk")))
        .order_by("deposee_le", "pk")
    )
    liste = _liste(_demandes_affichees(qs))
    _avec_age(liste.lignes, aujourdhui, limite_prise_en_charge(aujourdhui))
    return liste


def demandes_non_prises_en_charge(user, territoire, aujourdhui) -> Liste:
    """Requests still new after their 5-working-day deadline (routed or not), oldest first."""
    limite = limite_prise_en_charge(aujourdhui)
    qs = (
        Demande.objects.for_user(user, territoire)
        .filter(statut=Demande.Statut.NOUVELLE, deposee_le__lt=_debut_du_jour(limite + dt.timedelta(days=1)))
        .order_by("deposee_le", "pk")
    )
    liste = _liste(_demandes_affichees(qs))
    _avec_age(liste.lignes, aujourdhui, limite)
    return liste


def demandes_du_partenaire(user, territoire, aujourdhui, limite_lignes: int = 20) -> dict:
    """The requests routed to the partner's branches: counts by status, open ones late first."""
    antennes = antennes_du_compte(user, territoire)
    qs = Demande.objects.filter(
        territoire=territoire,
        pk__in=Demande.objects.filter(orientations__conseiller__antenne__in=antennes).values("pk"),
    )
    comptes = dict(qs.order_by().values_list("statut").annotate(n=Count("pk")))
    limite = limite_prise_en_charge(aujourdhui)
    ouvertes = _demandes_affichees(qs.ouvertes()).order_by("deposee_le", "pk")
    en_retard = list(
        ouvertes.filter(statut=Demande.Statut.NOUVELLE, deposee_le__lt=_debut_du_jour(limite + dt.timedelta(days=1)))[
            :limite_lignes
        ]
    )
    # Sliced to at least one row, so that this query always runs (a constant number of queries).
    autres = list(ouvertes.exclude(pk__in=[d.pk for d in en_retard])[: max(limite_lignes - len(en_retard), 1)])
    autres = autres[: limite_lignes - len(en_retard)]
    lignes = _avec_age(en_retard + autres, aujourdhui, limite)
    par_statut = [(valeur, libelle, comptes.get(valeur, 0)) for valeur, libelle in Demande.Statut.choices]
    total_ouvertes = sum(n for valeur, _l, n in par_statut if valeur not in Demande.STATUTS_CLOS)
    return {
        "par_statut": par_statut,
        "ouvertes": Liste(lignes, total_ouvertes),
        "en_retard": sum(1 for d in lignes if d.en_retard),
        "a_des_antennes": bool(antennes),
    }


def demandes_de_l_entreprise(user, territoire, aujourdhui, limite_lignes: int = 20) -> Liste:
    """The requests of the firms the account represents, newest first."""
    orgs = organisations_du_compte(user, territoire)
    qs = _demandes_affichees(
        Demande.objects.filter(territoire=territoire, organisation__in=orgs)
    ).order_by("-deposee_le", "-pk")
    liste = _liste(qs, limite_lignes)
    _avec_age(liste.lignes, aujourdhui, limite_prise_en_charge(aujourdhui))
    return liste


# --- The network (reseau) ---


def suites_a_donner(territoire, aujourdhui) -> Liste:
    """Follow-ups of exchanges not done and due within HORIZON_SUITES days, earliest first."""
    qs = (
        Suivi.objects.filter(
            organisation__in=Organisation.objects.du_territoire(territoire).values("pk"),
            fait_le__isnull=True,
            echeance__lte=aujourdhui + dt.timedelta(days=HORIZON_SUITES),
        )
        .select_related("organisation", "responsable")
        .order_by("echeance", "pk")
    )
    liste = _liste(qs)
    for s in liste.lignes:
        s.depassee = s.echeance < aujourdhui
    return liste


def actions_de_comite_dues(territoire, aujourdhui) -> Liste:
    qs = (
        ActionSuivi.objects.filter(
            seance__instance__territoire=territoire,
            faite=False,
            echeance__lte=aujourdhui + dt.timedelta(days=HORIZON_SUITES),
        )
        .select_related("seance__instance", "responsable")
        .order_by("echeance", "pk")
    )
    liste = _liste(qs)
    for a in liste.lignes:
        a.depassee = a.echeance < aujourdhui
    return liste


def non_rencontrees(territoire) -> Liste:
    qs = Organisation.objects.non_rencontrees(territoire).avec_derniere_interaction().select_related("commune")
    return _liste(qs.order_by("nom", "pk"))


def inscriptions_de_l_entreprise(user, territoire, aujourdhui) -> dict:
    orgs = organisations_du_compte(user, territoire)
    qs = (
        Inscription.objects.filter(organisation__in=orgs, evenement__territoire=territoire)
        .select_related("evenement", "organisation")
        .order_by("-evenement__date", "pk")
    )
    lignes = list(qs[:20])
    maintenant = timezone.now()
    return {
        "a_venir": sorted((i for i in lignes if i.evenement.date >= maintenant), key=lambda i: i.evenement.date),
        "passees": [i for i in lignes if i.evenement.date < maintenant],
    }


def organisations_de_l_entreprise(user, territoire) -> list:
    return list(
        Organisation.objects.filter(pk__in=organisations_du_compte(user, territoire))
        .select_related("commune")
        .order_by("nom")
    )


# --- The programme ---


def fiches_en_retard(territoire, aujourdhui, programme=None) -> Liste:
    """Late fiches of the current phase (derived: programme.derive.raisons_retard)."""
    programme = programme or programme_courant(territoire)
    if programme is None:
        return Liste([], 0)
    fiches = FicheAction.objects.filter(programme=programme).select_related("statut").prefetch_related("jalons")
    return _retard(list(fiches), aujourdhui)


def _retard(fiches, aujourdhui) -> Liste:
    en_retard = []
    for f in fiches:
        raisons = f.raisons_retard(aujourdhui)
        if raisons:
            f.raisons = raisons
            en_retard.append(f)
    en_retard.sort(key=lambda f: cle_tri_numero(f.numero))
    return Liste(en_retard[:LIMITE], len(en_retard))


def prochaine_seance(territoire, aujourdhui):
    return (
        Seance.objects.filter(instance__territoire=territoire, date__gte=aujourdhui)
        .select_related("instance")
        .annotate(nb_points=Count("points"))
        .order_by("date", "pk")
        .first()
    )


def dernier_import(territoire) -> dict | None:
    """The latest successful SIRENE import: its closures and its headcount-band drops."""
    run = (
        ImportSirene.objects.filter(territoire=territoire, statut=ImportSirene.Statut.REUSSI)
        .order_by("-debut")
        .first()
    )
    if run is None:
        return None
    changements = Changement.objects.filter(import_sirene=run).select_related(
        "etablissement__unite_legale", "etablissement__commune"
    )
    fermetures = _liste(changements.filter(type=Changement.Type.FERMETURE).order_by("etablissement__siret"))
    baisses = [
        c
        for c in changements.filter(type=Changement.Type.TRANCHE).order_by("etablissement__siret")
        if est_une_baisse(c.avant, c.apres)
    ]
    baisses_affichees = Liste(baisses[:LIMITE], len(baisses))
    for c in fermetures.lignes + baisses_affichees.lignes:
        c.nom = c.etablissement.nom_affiche(public=False)  # the team's tile: internal names
    return {"import": run, "fermetures": fermetures, "baisses": baisses_affichees}


_CODE_PAR_LIBELLE = {libelle: code for code, (libelle, _b, _h) in tranches.TRANCHES.items()}


def est_une_baisse(avant: str, apres: str) -> bool:
    """True when a band change (labels, as the import records them) goes to a smaller band.

    An unknown band (NN, blank, an unknown code) is never a drop: nothing is known to be lost.
    """
    code_avant, code_apres = _CODE_PAR_LIBELLE.get(avant), _CODE_PAR_LIBELLE.get(apres)
    if code_avant in (None, "NN") or code_apres in (None, "NN"):
        return False
    return tranches.ORDRE.index(code_apres) < tranches.ORDRE.index(code_avant)


def fiches_du_compte(user, territoire) -> list:
    """ "Mes fiches": the fiches the account leads, is partner of or is the referent of."""
    programme = programme_courant(territoire)
    fiches = list(
        fiches_suivies(user, territoire)
        .select_related("statut", "programme")
        .prefetch_related("jalons")
        .order_by("programme__debut", "numero")
    )
    aujourdhui = timezone.localdate()
    progres = avancements(programme) if programme else {}
    for f in fiches:
        f.raisons = f.raisons_retard(aujourdhui)
        f.avancement_calcule = progres.get(f.pk)
    fiches.sort(key=lambda f: (f.programme_id != getattr(programme, "pk", None), cle_tri_numero(f.numero)))
    return fiches


def avancement_par_axe(programme) -> list[dict]:
    """For each axis of the phase: its top-level fiches, how many are closed, mean progress.

    The mean is over the fiches whose progress is known (derived for parents); the others are
    counted apart, never as 0.
    """
    if programme is None:
        return []
    progres = avancements(programme)
    fiches = {
        pk: (parent_id, categorie)
        for pk, parent_id, categorie in FicheAction.objects.filter(programme=programme).values_list(
            "pk", "parent_id", "statut__categorie"
        )
    }
    par_axe: dict[int, list[int]] = {}
    for fiche_id, axe_id in FicheAction.axes.through.objects.filter(ficheaction__programme=programme).values_list(
        "ficheaction_id", "axe_id"
    ):
        if fiches.get(fiche_id, (None,))[0] is None and fiche_id in fiches:
            par_axe.setdefault(axe_id, []).append(fiche_id)
    lignes = []
    for axe in programme.axes.all():
        ids = par_axe.get(axe.pk, [])
        connues = [progres[i].valeur for i in ids if i in progres and progres[i].valeur is not None]
        lignes.append(
            {
                "axe": axe,
                "fiches": len(ids),
                "closes": sum(1 for i in ids if fiches[i][1] in derive.CATEGORIES_CLOSES),
                "avancement": round(sum(connues) / len(connues)) if connues else None,
                "inconnues": len(ids) - len(connues),
            }
        )
    return lignes


def dernieres_decisions(territoire, limite: int = LIMITE) -> list:
    return list(
        Decision.objects.filter(seance__instance__territoire=territoire)
        .select_related("seance__instance", "fiche")
        .order_by("-seance__date", "-pk")[:limite]
    )


def indicateurs_du_programme(programme, limite: int = 10) -> list[dict]:
    if programme is None:
        return []
    return [progression_indicateur(i) for i in indicateurs_avec_valeurs(programme)[:limite]]
