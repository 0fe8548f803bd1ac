"""Writes and reads of the industrial events (``Evenement``).

- ``proposer_depuis_import``: the differences of a stock import that make an event worth the
  team's attention become *proposed* events (team-only): an establishment of 50 employees or
  more closed, a new establishment of 20 or more, a headcount band that jumped two steps or
  more (up: extension; down: reduction), an active establishment of 10 or more that left the
  file of the territory's communes (a move out of the territory);
- ``creer``, ``modifier``, ``confirmer``, ``ecarter``: the team's writes, each checked
  (``Evenement.clean``) and written to the shared history;
- ``publies`` / ``pour_equipe``: what the public and the team see (the ``actualité``).

Nothing is published unconfirmed: the public sees confirmed, public events only.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from territoire.etablissements import tranches

from .models import Evenement

SEUIL_FERMETURE = "21"  # 50 employees or more
SEUIL_CREATION = "12"  # 20 or more
SEUIL_DEPART = "11"  # 10 or more
SAUT_TRANCHE = 2  # steps between bands

CHAMPS_MODIFIABLES = (
    "type", "titre", "description", "date", "precision_date", "date_annonce", "organisation", "etablissement", "siret",
    "filiere", "zone", "emplois_min", "emplois_max", "emplois_source", "source_url", "source_libelle",
    "source_document", "visibilite",
)


def _historiser(evenement: Evenement, auteur, action: str, changements: dict | None = None, nature: str = "") -> None:
    from territoire.historique.actions import enregistrer_historique
    from territoire.historique.models import Entree

    enregistrer_historique(evenement, auteur, action, changements, nature=nature or Entree.Nature.MODIFICATION)


def _rang(code: str) -> int | None:
    return tranches.ORDRE.index(code) if code in tranches.TRANCHES and code not in ("NN", "") else None


def _emplois_de_tranche(code: str, millesime: str) -> dict:
    _, bas, haut = tranches.TRANCHES.get(code, ("", 0, 0))
    return {
        "emplois_min": bas, "emplois_max": haut,
        "emplois_source": f"Tranche d'effectifs SIRENE « {tranches.libelle(code)} »"
                          + (f", millésime {millesime}" if millesime else ", millésime inconnu"),
    }


def proposer_depuis_import(import_sirene) -> int:
    """Propose the events an import's differences call for; return how many were proposed.

    A constant number of queries: the run's changes with their establishments, and one insert.
    """
    from territoire.etablissements.models import Changement
    from territoire.reseau.models import Organisation

    territoire = import_sirene.territoire
    jour = timezone.localdate(import_sirene.debut)
    libelles = {libelle: code for code, (libelle, _, _) in tranches.TRANCHES.items()}
    changements = (
        Changement.objects.filter(import_sirene=import_sirene, evenement__isnull=True,
                                  type__in=("fermeture", "creation", "tranche", "disparition"))
        .select_related("etablissement__unite_legale").order_by("pk")
    )
    propositions = []
    for c in changements:
        e = c.etablissement
        nom = e.nom_affiche(public=False)
        commun = {
            "territoire": territoire, "statut": Evenement.Statut.PROPOSE, "visibilite": Evenement.Visibilite.EQUIPE,
            "origine": Evenement.Origine.IMPORT, "import_sirene": import_sirene, "changement": c,
            "etablissement": e, "siret": e.siret, "filiere_id": e.filiere_id, "zone_id": e.zone_id,
            "fictif": import_sirene.fictif, "date": jour,
            "source_libelle": f"Import SIRENE du {jour:%d/%m/%Y}",
        }
        rang = _rang(e.tranche_effectifs)
        if c.type == "fermeture" and rang is not None and rang >= _rang(SEUIL_FERMETURE):
            date = e.date_debut if e.date_debut and e.date_debut <= jour else jour
            propositions.append(Evenement(
                **{**commun, "date": date}, type=Evenement.Type.FERMETURE, titre=f"Fermeture : {nom}",
                motif_proposition=f"Établissement de {tranches.libelle(e.tranche_effectifs)} fermé selon SIRENE",
                **_emplois_de_tranche(e.tranche_effectifs, e.annee_effectifs),
            ))
        elif c.type == "creation" and rang is not None and rang >= _rang(SEUIL_CREATION):
            date = e.date_creation if e.date_creation and e.date_creation <= jour else jour
            propositions.append(Evenement(
                **{**commun, "date": date}, type=Evenement.Type.OUVERTURE, titre=f"Nouvel établissement : {nom}",
                motif_proposition=f"Nouvel établissement de {tranches.libelle(e.tranche_effectifs)} dans SIRENE",
                **_emplois_de_tranche(e.tranche_effectifs, e.annee_effectifs),
            ))
        elif c.type == "tranche":
            avant, apres = _rang(libelles.get(c.avant, "")), _rang(libelles.get(c.apres, ""))
            if avant is None or apres is None or abs(apres - avant) < SAUT_TRANCHE:
                continue
            hausse = apres > avant
            propositions.append(Evenement(
                **commun, type=Evenement.Type.EXTENSION if hausse else Evenement.Type.REDUCTION,
                titre=f"{'Hausse' if hausse else 'Baisse'} des effectifs : {nom}",
                motif_proposition=f"Tranche d'effectifs : {c.avant} → {c.apres}",
                **_emplois_de_tranche(e.tranche_effectifs, e.annee_effectifs),
            ))
        elif c.type == "disparition" and c.avant == "Actif" and rang is not None and rang >= _rang(SEUIL_DEPART):
            propositions.append(Evenement(
                **commun, type=Evenement.Type.DEPART, titre=f"Départ du territoire ? {nom}",
                motif_proposition="Établissement actif absent du fichier des communes du territoire "
                                  "(déménagé hors du territoire, ou retiré de SIRENE)",
                **_emplois_de_tranche(e.tranche_effectifs, e.annee_effectifs),
            ))
    if not propositions:
        return 0
    sirets = {p.siret for p in propositions}
    organisations = dict(
        Organisation.objects.du_territoire(territoire).filter(etablissement__siret__in=sirets)
        .values_list("etablissement__siret", "pk")
    )
    for p in propositions:
        p.organisation_id = organisations.get(p.siret)
    Evenement.objects.bulk_create(propositions, batch_size=500)
    return len(propositions)


def proposer_depuis_historique(territoire, depuis: dt.date = dt.date(2019, 1, 1)) -> int:
    """Propose the closures the history file records since ``depuis`` (an active period followed
    by a closed one) for establishments of 50 employees or more by their band; each once."""
    from territoire.etablissements.models import Etablissement

    from .models import PeriodeEtablissement

    fermetures = (
        PeriodeEtablissement.objects.filter(
            etablissement__commune__territoires=territoire, etat="F", date_debut__gte=depuis,
            etablissement__tranche_effectifs__in=tranches.codes_au_moins(SEUIL_FERMETURE),
        ).values_list("etablissement_id", "date_debut", "fictif")
    )
    deja = set(
        Evenement.objects.filter(territoire=territoire, type=Evenement.Type.FERMETURE, etablissement__isnull=False)
        .values_list("etablissement_id", "date")
    )
    a_proposer = [(e, d, f) for e, d, f in fermetures if (e, d) not in deja]
    if not a_proposer:
        return 0
    etablissements = Etablissement.objects.select_related("unite_legale").in_bulk([e for e, _, _ in a_proposer])
    propositions = []
    for etab_id, date, fictif in a_proposer:
        e = etablissements[etab_id]
        propositions.append(Evenement(
            territoire=territoire, type=Evenement.Type.FERMETURE, titre=f"Fermeture : {e.nom_affiche(public=False)}",
            date=min(date, timezone.localdate()), statut=Evenement.Statut.PROPOSE,
            visibilite=Evenement.Visibilite.EQUIPE, origine=Evenement.Origine.IMPORT, etablissement=e, siret=e.siret,
            filiere_id=e.filiere_id, zone_id=e.zone_id, fictif=fictif,
            motif_proposition=f"Fermeture du {date:%d/%m/%Y} inscrite dans l'historique SIRENE",
            source_libelle="Historique SIRENE (StockEtablissementHistorique)",
            **_emplois_de_tranche(e.tranche_effectifs, e.annee_effectifs),
        ))
    Evenement.objects.bulk_create(propositions, batch_size=500)
    return len(propositions)


@transaction.atomic
def creer(territoire, auteur=None, *, fiches=(), demandes=(), statut: str = Evenement.Statut.CONFIRME,
          origine: str = Evenement.Origine.EQUIPE, **champs) -> Evenement:
    """An event entered by the team (confirmed by default: the team wrote it)."""
    evenement = Evenement(territoire=territoire, statut=statut, origine=origine, cree_par=_utilisateur(auteur),
                          **champs)
    if statut == Evenement.Statut.CONFIRME:
        evenement.decide_le, evenement.decide_par = timezone.now(), _utilisateur(auteur)
    evenement.full_clean()
    evenement.save()
    if fiches:
        evenement.fiches.set(fiches)
    if demandes:
        evenement.demandes.set(demandes)
    from territoire.historique.models import Entree

    _historiser(evenement, auteur, f"Événement enregistré : {evenement.titre}", nature=Entree.Nature.CREATION)
    return evenement


def _utilisateur(auteur):
    return auteur if auteur is not None and getattr(auteur, "is_authenticated", False) else None


@transaction.atomic
def modifier(evenement: Evenement, auteur=None, *, fiches=None, demandes=None, **champs) -> Evenement:
    avant = {k: getattr(evenement, k) for k in champs}
    for k, v in champs.items():
        if k not in CHAMPS_MODIFIABLES:
            raise ValueError(f"champ non modifiable : {k}")
        setattr(evenement, k, v)
    evenement.full_clean()
    evenement.save()
    if fiches is not None:
        evenement.fiches.set(fiches)
    if demandes is not None:
        evenement.demandes.set(demandes)
    changements = {k: [str(avant[k]), str(v)] for k, v in champs.items() if avant[k] != v}
    if changements:
        _historiser(evenement, auteur, f"Événement modifié : {evenement.titre}", changements)
    return evenement


@transaction.atomic
def confirmer(evenement: Evenement, auteur=None) -> Evenement:
    """Confirm a proposed event. A public event must cite its source (checked by clean)."""
    from territoire.historique.models import Entree

    if evenement.statut == Evenement.Statut.CONFIRME:
        return evenement
    avant = evenement.statut
    evenement.statut = Evenement.Statut.CONFIRME
    evenement.decide_le, evenement.decide_par = timezone.now(), _utilisateur(auteur)
    evenement.full_clean()
    evenement.save(update_fields=["statut", "decide_le", "decide_par"])
    _historiser(evenement, auteur, f"Événement confirmé : {evenement.titre}", {"statut": [avant, evenement.statut]},
                nature=Entree.Nature.STATUT)
    return evenement


@transaction.atomic
def ecarter(evenement: Evenement, auteur=None) -> Evenement:
    from territoire.historique.models import Entree

    if evenement.statut == Evenement.Statut.ECARTE:
        return evenement
    if evenement.publie:
        raise ValidationError("Un événement publié ne s'écarte pas : rendez-le d'abord visible de l'équipe seulement.")
    avant = evenement.statut
    evenement.statut = Evenement.Statut.ECARTE
    evenement.decide_le, evenement.decide_par = timezone.now(), _utilisateur(auteur)
    evenement.save(update_fields=["statut", "decide_le", "decide_par"])
    _historiser(evenement, auteur, f"Événement écarté : {evenement.titre}", {"statut": [avant, evenement.statut]},
                nature=Entree.Nature.STATUT)
    return evenement


# --- reads ----------------------------------------------------------------------------------


def publies(territoire):
    """Confirmed public events: the only ones the public sees."""
    return Evenement.objects.filter(
        territoire=territoire, statut=Evenement.Statut.CONFIRME, visibilite=Evenement.Visibilite.PUBLIC
    )


def pour_equipe(territoire):
    """Every event but the dismissed ones: confirmed (public or not) and proposed."""
    return Evenement.objects.filter(territoire=territoire).exclude(statut=Evenement.Statut.ECARTE)


def filtrer(qs, *, filiere=None, zone=None, type: str = ""):
    if filiere:
        qs = qs.filter(filiere=filiere)
    if zone:
        qs = qs.filter(zone=zone)
    if type:
        qs = qs.filter(type=type)
    return qs
