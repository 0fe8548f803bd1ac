"""The watch list (veille): rule-based, transparent signals per firm, and the ranking they make.

A firm is a SIREN (its legal unit) with at least one establishment in the territory. Signals are
stored facts (``Signal``), each with its evidence and date, raised by:

- a stock import's differences (``signaux_de_l_import``): a secondary establishment closed while
  the firm stays active; a headcount band that dropped; the head office that left the territory;
- the history file (``signaux_de_l_historique``): the secondary closures it records since 2019;
- a BODACC notice (``territoire.observatoire.bodacc``): an opening judgment (safeguard,
  receivership, liquidation);
- a visit's flagging answer (``territoire.observatoire.visites``).

One rule is computed on the day, never stored: a firm of 50 jobs or more (central estimate)
without a visit, call or meeting for 18 months. A firm's score is the sum of the weights of its
rules (each rule counted once, with its latest evidence) over the last ``FENETRE_MOIS`` months.
The list is the team's only: the firm never sees its score.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Max, Q, Sum
from django.utils import timezone

from territoire.etablissements import tranches

from .models import RegleSignal, Signal

FENETRE_MOIS = 24
MOIS_SANS_CONTACT = 18
EMPLOIS_SANS_CONTACT = 50
TYPES_CONTACT = ("visite", "appel", "reunion")


def _mois_avant(jour: dt.date, mois: int) -> dt.date:
    annee, rang = divmod(jour.year * 12 + jour.month - 1 - mois, 12)
    return dt.date(annee, rang + 1, min(jour.day, 28))


def regles() -> dict[str, RegleSignal]:
    return {r.code: r for r in RegleSignal.objects.all()}


def creer_signaux(territoire, signaux: list[dict], fictif: bool = False) -> int:
    """Store signals given as dicts (regle, siren, date, preuve, cle, and optional links); a
    fact already stored (same ``cle``) is not stored twice. Returns the number created."""
    if not signaux:
        return 0
    par_code = regles()
    deja = set(
        Signal.objects.filter(territoire=territoire, cle__in=[s["cle"] for s in signaux]).values_list("cle", flat=True)
    )
    nouveaux, vus = [], set()
    for s in signaux:
        regle = par_code.get(s["regle"])
        if regle is None or s["cle"] in deja or s["cle"] in vus:
            continue
        vus.add(s["cle"])
        nouveaux.append(Signal(
            territoire=territoire, regle=regle, siren=s["siren"], date=s["date"], preuve=s["preuve"][:500],
            cle=s["cle"][:120], organisation_id=s.get("organisation_id"), etablissement_id=s.get("etablissement_id"),
            changement_id=s.get("changement_id"), annonce_id=s.get("annonce_id"),
            reponse_visite_id=s.get("reponse_visite_id"), fictif=fictif,
        ))
    Signal.objects.bulk_create(nouveaux, batch_size=500)
    return len(nouveaux)


def _organisations_par_siren(territoire, sirens) -> dict[str, int]:
    from territoire.reseau.models import Organisation

    resultat: dict[str, int] = {}
    qs = Organisation.objects.du_territoire(territoire).entreprises().filter(
        Q(unite_legale__siren__in=sirens) | Q(etablissement__siren__in=sirens)
    ).values_list("pk", "unite_legale__siren", "etablissement__siren").order_by("pk")
    for pk, siren_ul, siren_e in qs:
        resultat.setdefault(siren_ul or siren_e, pk)
    return resultat


def signaux_de_l_import(import_sirene, sieges_avant: dict[str, str] | None = None) -> int:
    """Signals raised by a stock import's differences (called by the post-import hook).

    ``sieges_avant``: SIREN → localisation of its decision centre before the import (see
    ``centres.mettre_a_jour``); a head office that was in the territory and is no longer raises
    ``siege_parti``.
    """
    from territoire.etablissements.models import Changement

    territoire = import_sirene.territoire
    jour = timezone.localdate(import_sirene.debut)
    changements = (
        Changement.objects.filter(import_sirene=import_sirene, type__in=("fermeture", "tranche"))
        .select_related("etablissement__unite_legale")
        .only("id", "type", "avant", "apres", "etablissement__id", "etablissement__siren", "etablissement__siret",
              "etablissement__siege", "etablissement__tranche_effectifs", "etablissement__unite_legale__etat",
              "etablissement__unite_legale__id")
    )
    libelles = {code: libelle for code, (libelle, _, _) in tranches.TRANCHES.items()}
    codes_par_libelle = {v: k for k, v in libelles.items()}
    signaux = []
    for c in changements:
        e = c.etablissement
        if c.type == "fermeture" and not e.siege and (e.unite_legale is None or e.unite_legale.etat == "A"):
            signaux.append({
                "regle": "fermeture_secondaire", "siren": e.siren, "date": jour, "etablissement_id": e.pk,
                "changement_id": c.pk, "cle": f"changement:{c.pk}",
                "preuve": f"Établissement secondaire {e.siret} fermé (import SIRENE du {jour:%d/%m/%Y}).",
            })
        elif c.type == "tranche":
            avant, apres = codes_par_libelle.get(c.avant), codes_par_libelle.get(c.apres)
            if avant and apres and "NN" not in (avant, apres) and tranches.ORDRE.index(apres) < tranches.ORDRE.index(avant):
                signaux.append({
                    "regle": "baisse_tranche", "siren": e.siren, "date": jour, "etablissement_id": e.pk,
                    "changement_id": c.pk, "cle": f"changement:{c.pk}",
                    "preuve": f"Tranche d'effectifs de {e.siret} : {c.avant} → {c.apres} (import du {jour:%d/%m/%Y}).",
                })
    if sieges_avant:
        from .models import CentreDecision

        partis = CentreDecision.objects.filter(
            unite_legale__siren__in=[s for s, loc in sieges_avant.items() if loc == CentreDecision.Localisation.TERRITOIRE]
        ).exclude(localisation=CentreDecision.Localisation.TERRITOIRE).select_related("unite_legale")
        for centre in partis:
            siren = centre.unite_legale.siren
            signaux.append({
                "regle": "siege_parti", "siren": siren, "date": jour, "cle": f"siege:{siren}:{jour.isoformat()}",
                "preuve": f"Le siège de l'unité légale {siren} n'est plus dans le territoire "
                          f"({centre.get_localisation_display().lower()}, import du {jour:%d/%m/%Y}).",
            })
    organisations = _organisations_par_siren(territoire, {s["siren"] for s in signaux})
    for s in signaux:
        s["organisation_id"] = organisations.get(s["siren"])
    return creer_signaux(territoire, signaux, fictif=import_sirene.fictif)


def signaux_de_l_historique(territoire, depuis: dt.date = dt.date(2019, 1, 1)) -> int:
    """Secondary closures recorded by the history file since ``depuis``: the first day of a
    closed period that follows an active one, for an establishment that is not the head office,
    while its firm still has another establishment active in the territory at that date."""
    from .models import PeriodeEtablissement

    periodes = (
        PeriodeEtablissement.objects.filter(etablissement__commune__territoires=territoire)
        .order_by("etablissement_id", "date_debut")
        .values_list("etablissement_id", "etablissement__siren", "etablissement__siret", "etablissement__siege",
                     "date_debut", "date_fin", "etat", "fictif")
    )
    par_etab: dict[int, list] = defaultdict(list)
    actifs_par_siren: dict[str, list[tuple]] = defaultdict(list)
    for ligne in periodes:
        par_etab[ligne[0]].append(ligne)
        if ligne[6] == "A":
            actifs_par_siren[ligne[1]].append((ligne[0], ligne[4], ligne[5]))
    signaux, fictif = [], False
    for etab_id, lignes in par_etab.items():
        for avant, apres in zip(lignes, lignes[1:], strict=False):
            ferme_le = apres[4]
            if not (avant[6] == "A" and apres[6] == "F" and ferme_le and ferme_le >= depuis) or apres[3]:
                continue
            autre_actif = any(
                autre != etab_id and (d is None or d <= ferme_le) and (f is None or f >= ferme_le)
                for autre, d, f in actifs_par_siren[apres[1]]
            )
            if not autre_actif:
                continue
            fictif = fictif or apres[7]
            signaux.append({
                "regle": "fermeture_secondaire", "siren": apres[1], "date": ferme_le, "etablissement_id": etab_id,
                "cle": f"historique:{etab_id}:{ferme_le.isoformat()}",
                "preuve": f"Établissement secondaire {apres[2]} fermé le {ferme_le:%d/%m/%Y} (historique SIRENE).",
            })
    organisations = _organisations_par_siren(territoire, {s["siren"] for s in signaux})
    for s in signaux:
        s["organisation_id"] = organisations.get(s["siren"])
    return creer_signaux(territoire, signaux, fictif=fictif)


# --- the ranking --------------------------------------------------------------------------


@dataclass
class Preuve:
    regle: RegleSignal
    date: dt.date
    texte: str
    lien: str = ""


@dataclass
class Entreprise:
    siren: str
    nom: str
    score: int = 0
    emplois: int = 0
    organisation_id: int | None = None
    etablissement_siret: str = ""
    derniere_interaction: dt.date | None = None
    preuves: list[Preuve] = field(default_factory=list)

    @property
    def regles(self) -> list[str]:
        return sorted({p.regle.libelle for p in self.preuves})


def emplois_par_siren(territoire, sirens=None) -> dict[str, dict]:
    """Central jobs of each firm (of ``sirens``, or all), over its active establishments of the
    territory. One query."""
    from territoire.etablissements.models import Etablissement
    from territoire.etablissements.queries import du_territoire

    if sirens is None:
        qs = du_territoire(territoire)
    else:  # by the SIREN index: a few hundred firms, not the territory's whole census
        qs = Etablissement.objects.filter(siren__in=list(sirens), code_commune__in=territoire.codes_communes())
    qs = qs.filter(etat="A", present=True)
    lignes = qs.order_by().values("siren").annotate(emplois=Sum("emplois_central"))
    return {ligne["siren"]: {"emplois": round(ligne["emplois"] or 0)} for ligne in lignes}


def classement(territoire, aujourdhui: dt.date | None = None, limite: int | None = None) -> list[Entreprise]:
    """Firms with at least one signal, highest score first, each with its evidence.

    A constant number of queries: signals, active rules, firms' jobs, organisations and their
    last contact, the names of the firms without an organisation.
    """
    from territoire.etablissements.models import Etablissement, UniteLegale
    from territoire.reseau.models import Interaction, Organisation

    aujourdhui = aujourdhui or timezone.localdate()
    depuis = _mois_avant(aujourdhui, FENETRE_MOIS)
    actives = {r.code: r for r in RegleSignal.objects.filter(actif=True)}
    entreprises: dict[str, Entreprise] = {}
    signaux = (
        Signal.objects.filter(territoire=territoire, date__gte=depuis, date__lte=aujourdhui, regle__actif=True)
        .select_related("regle").order_by("-date", "-pk")
    )
    for s in signaux:
        e = entreprises.setdefault(s.siren, Entreprise(siren=s.siren, nom=""))
        e.preuves.append(Preuve(s.regle, s.date, s.preuve))
    orgas = (
        Organisation.objects.du_territoire(territoire).entreprises()
        .filter(Q(unite_legale__isnull=False) | Q(etablissement__isnull=False))
        .avec_derniere_interaction()
        .values_list("pk", "nom", "unite_legale__siren", "etablissement__siren", "etablissement__siret")
        .order_by("pk")
    )
    par_siren: dict[str, tuple] = {}
    for pk, nom, siren_ul, siren_e, siret in orgas:
        par_siren.setdefault(siren_ul or siren_e, (pk, nom, siret))
    emplois = emplois_par_siren(territoire, set(entreprises) | set(par_siren))
    contacts = dict(
        Interaction.objects.filter(territoire=territoire, type__in=TYPES_CONTACT).order_by()
        .values("organisation_id").annotate(d=Max("date")).values_list("organisation_id", "d")
    )
    regle_contact = actives.get("sans_contact")
    if regle_contact is not None:
        limite_contact = _mois_avant(aujourdhui, MOIS_SANS_CONTACT)
        for siren, (pk, _nom, _siret) in par_siren.items():
            if emplois.get(siren, {}).get("emplois", 0) < EMPLOIS_SANS_CONTACT:
                continue
            dernier = contacts.get(pk)
            if dernier is None or dernier < limite_contact:
                e = entreprises.setdefault(siren, Entreprise(siren=siren, nom=""))
                texte = (f"Dernier contact le {dernier:%d/%m/%Y}" if dernier else "Aucun contact enregistré") + \
                    f" ; environ {emplois[siren]['emplois']} emplois (estimation centrale)."
                e.preuves.append(Preuve(regle_contact, aujourdhui, texte))
    sans_orga = [s for s in entreprises if s not in par_siren]
    noms_ul = {
        u.siren: u.nom_affiche(public=False) for u in UniteLegale.objects.filter(siren__in=sans_orga)
    }
    sirets = dict(
        Etablissement.objects.filter(siren__in=sans_orga, code_commune__in=territoire.codes_communes()).order_by("emplois_central")
        .values_list("siren", "siret")
    )
    for siren, e in entreprises.items():
        if siren in par_siren:
            e.organisation_id, e.nom, e.etablissement_siret = par_siren[siren]
            e.derniere_interaction = contacts.get(e.organisation_id)
        else:
            e.nom = noms_ul.get(siren) or f"SIREN {siren}"
            e.etablissement_siret = sirets.get(siren, "")
        e.emplois = emplois.get(siren, {}).get("emplois", 0)
        vues = set()
        for p in e.preuves:
            if p.regle.code not in vues:
                vues.add(p.regle.code)
                e.score += p.regle.poids
    resultat = sorted(entreprises.values(), key=lambda e: (-e.score, -e.emplois, e.nom))
    return resultat[:limite] if limite else resultat


def classement_memorise(territoire) -> list[Entreprise]:
    """``classement(territoire)`` for today, from the cache while the data it read have not
    changed (``memoriser``: signals, rules, the network's firms and interactions, the census)."""
    from .cache import memoriser

    jour = timezone.localdate().isoformat()
    return memoriser(territoire, f"veille:classement:{jour}", lambda: classement(territoire))


def grandes_entreprises(territoire, etat=None) -> dict | None:
    """The firms of ``EMPLOIS_SANS_CONTACT`` jobs or more (central estimate, over their active
    establishments of the territory: the same sums as ``emplois_par_siren``), which the "no
    contact" rule weighs, or None while that rule is not active: ``emplois`` (SIREN → jobs,
    rounded), and the SIREN of their legal units' and establishments' ids (``unites_legales``,
    ``etablissements``: an organisation is matched by its keys, without joining the census).
    Kept in the cache on the observatory's and the census's tokens (``etat``: those already read,
    ``cache.Etat``): a desk filing or a contact logged does not recompute it."""
    from territoire.etablissements.models import Etablissement, UniteLegale

    from .cache import memoriser

    def calculer() -> dict | None:
        if not RegleSignal.objects.filter(code="sans_contact", actif=True).exists():
            return None
        lignes = (
            Etablissement.objects.filter(code_commune__in=territoire.codes_communes(), etat="A", present=True)
            .order_by().values("siren").annotate(emplois=Sum("emplois_central")).values_list("siren", "emplois")
        )
        emplois = {siren: n for siren, n in ((s, round(n or 0)) for s, n in lignes) if n >= EMPLOIS_SANS_CONTACT}
        return {
            "emplois": emplois,
            "unites_legales": dict(UniteLegale.objects.filter(siren__in=list(emplois)).values_list("pk", "siren")),
            "etablissements": dict(Etablissement.objects.filter(siren__in=list(emplois)).values_list("pk", "siren")),
        }

    return memoriser(territoire, "veille:grandes-entreprises", calculer, etat=etat)


def nombre_entreprises_signalees(territoire, aujourdhui: dt.date | None = None, etat=None) -> int:
    """``len(classement(territoire))``, without what only the list shows (names, evidence,
    scores): the firms with a signal in the window, and those the "no contact" rule adds. Three
    queries and the big firms (``grandes_entreprises``, kept in the cache)."""
    from territoire.reseau.models import Interaction, Organisation

    aujourdhui = aujourdhui or timezone.localdate()
    depuis = _mois_avant(aujourdhui, FENETRE_MOIS)
    signalees = set(
        Signal.objects.filter(territoire=territoire, date__gte=depuis, date__lte=aujourdhui, regle__actif=True)
        .order_by().values_list("siren", flat=True).distinct()
    )
    grandes = grandes_entreprises(territoire, etat)
    if grandes is None:
        return len(signalees)
    orgas = (
        Organisation.objects.du_territoire(territoire).entreprises()
        .filter(Q(unite_legale__isnull=False) | Q(etablissement__isnull=False))
        .values_list("pk", "unite_legale_id", "etablissement_id")
        .order_by("pk")
    )
    # An organisation's firm is its legal unit's SIREN, else its establishment's (as in
    # `classement`); only the big firms matter here. Their first organisation (by pk) is the one
    # whose last contact counts.
    unites, etablissements = grandes["unites_legales"], grandes["etablissements"]
    par_siren: dict[str, int] = {}
    for pk, unite_id, etablissement_id in orgas:
        siren = unites.get(unite_id) if unite_id is not None else etablissements.get(etablissement_id)
        if siren is not None:
            par_siren.setdefault(siren, pk)
    limite_contact = _mois_avant(aujourdhui, MOIS_SANS_CONTACT)
    # Organisations contacted since the limit (one grouped read, cheaper than a subquery per firm).
    contactees = set(
        Interaction.objects.filter(territoire=territoire, type__in=TYPES_CONTACT, date__gte=limite_contact)
        .order_by().values_list("organisation_id", flat=True).distinct()
    )
    sans_contact = {siren for siren, pk in par_siren.items() if pk not in contactees}
    return len(signalees | sans_contact)


# --- measuring the rules ------------------------------------------------------------------


@dataclass
class Mesure:
    fermetures: int
    fermetures_signalees: int
    entreprises_signalees: int
    entreprises_signalees_fermees: int
    entreprises_observees: int
    entreprises_fermees: int
    # The base rate over the same horizon as the precision: for each month from ``depuis`` to
    # six months ago, the share of the observed firms that closed such an establishment in the
    # following 24 months, averaged (what a flag drawn at random on a random month achieves).
    taux_de_base_fenetre: float | None = None

    @property
    def rappel(self) -> float | None:
        return self.fermetures_signalees / self.fermetures if self.fermetures else None

    @property
    def precision(self) -> float | None:
        return self.entreprises_signalees_fermees / self.entreprises_signalees if self.entreprises_signalees else None

    @property
    def taux_de_base(self) -> float | None:
        """Share of all the firms observed that closed at any time since ``depuis`` (a longer
        horizon than the precision's: see ``taux_de_base_fenetre`` for the fair comparison)."""
        return self.entreprises_fermees / self.entreprises_observees if self.entreprises_observees else None

    @property
    def rapport_a_la_reference(self) -> float | None:
        """Precision over the base rate of the same horizon (1: no better than chance)."""
        if self.precision is None or not self.taux_de_base_fenetre:
            return None
        return self.precision / self.taux_de_base_fenetre


def fermetures_depuis(territoire, depuis: dt.date, jusqu_au: dt.date, seuil_tranche: str = "12") -> list[tuple]:
    """(SIREN, establishment id, closure date) of the establishments of ``seuil_tranche`` or more
    (20 employees by default) that closed between the two dates: the first day of a closed period
    that follows an active one (history), or, without history, the stock's closure date."""
    from territoire.etablissements.models import Etablissement

    from .models import PeriodeEtablissement

    codes = tranches.codes_au_moins(seuil_tranche)
    periodes = (
        PeriodeEtablissement.objects.filter(etablissement__commune__territoires=territoire,
                                            etablissement__tranche_effectifs__in=codes)
        .order_by("etablissement_id", "date_debut")
        .values_list("etablissement_id", "etablissement__siren", "date_debut", "etat")
    )
    fermetures, decrits, precedent = [], set(), None
    for etab_id, siren, debut, etat in periodes:
        decrits.add(etab_id)
        if precedent and precedent[0] == etab_id and precedent[1] == "A" and etat == "F" and debut \
                and depuis <= debut <= jusqu_au:
            fermetures.append((siren, etab_id, debut))
        precedent = (etab_id, etat)
    stock = (
        Etablissement.objects.filter(commune__territoires=territoire, etat="F", tranche_effectifs__in=codes,
                                     date_debut__range=(depuis, jusqu_au))
        .values_list("siren", "id", "date_debut")
    )
    fermetures += [f for f in stock if f[1] not in decrits]
    return fermetures


def mesurer_regles(territoire, *, depuis: dt.date = dt.date(2019, 1, 1), aujourdhui: dt.date | None = None,
                   avance_mois: int = 6, horizon_mois: int = FENETRE_MOIS,
                   codes: list[str] | None = None) -> Mesure:
    """Recall and precision of the stored signals on the territory's history since ``depuis``.

    - recall: the share of the closures of establishments of 20 employees or more that had at
      least one signal on their firm dated between ``horizon_mois`` and ``avance_mois`` months
      before the closure (a warning with time to act);
    - precision: of the firms with a signal dated at least ``avance_mois`` months ago (time to
      see what followed), the share that closed such an establishment within ``horizon_mois``
      months after their first signal; the others are false alarms. The base rate is the same
      share among all the firms with an establishment of 20 employees or more, over the same
      24-month horizon from each month of the period (``taux_de_base_fenetre``).

    ``codes`` restricts the signals to those rules (one rule's own recall and precision).
    The "no contact" rule is computed on the day and never stored: it is not measured.
    """
    from territoire.etablissements.models import Etablissement

    aujourdhui = aujourdhui or timezone.localdate()
    fermetures = fermetures_depuis(territoire, depuis, aujourdhui)
    signaux: dict[str, list[dt.date]] = defaultdict(list)
    stockes = Signal.objects.filter(territoire=territoire, date__gte=_mois_avant(depuis, horizon_mois),
                                    regle__actif=True)
    if codes is not None:
        stockes = stockes.filter(regle__code__in=codes)
    for siren, date in stockes.values_list("siren", "date"):
        signaux[siren].append(date)
    signalees = 0
    for siren, _etab, ferme_le in fermetures:
        debut, fin = _mois_avant(ferme_le, horizon_mois), _mois_avant(ferme_le, avance_mois)
        if any(debut <= d <= fin for d in signaux.get(siren, ())):
            signalees += 1
    limite = _mois_avant(aujourdhui, avance_mois)
    premiers = {s: min(d for d in dates if depuis <= d <= limite)
                for s, dates in signaux.items() if any(depuis <= d <= limite for d in dates)}
    par_siren: dict[str, list[dt.date]] = defaultdict(list)
    for siren, _etab, ferme_le in fermetures:
        par_siren[siren].append(ferme_le)

    def ferme_apres(siren: str, jour: dt.date) -> bool:
        fin = _mois_avant(jour, -horizon_mois)
        return any(jour < d <= fin for d in par_siren.get(siren, ()))

    fermees = sum(1 for s, premier in premiers.items() if ferme_apres(s, premier))
    observees = set(
        Etablissement.objects.filter(commune__territoires=territoire,
                                     tranche_effectifs__in=tranches.codes_au_moins("12"))
        .values_list("siren", flat=True)
    )
    parts, mois = [], dt.date(depuis.year, depuis.month, 1)
    while observees and mois <= limite:
        parts.append(sum(1 for s in observees if ferme_apres(s, mois)) / len(observees))
        mois = _mois_avant(mois, -1)
    return Mesure(
        fermetures=len(fermetures), fermetures_signalees=signalees,
        entreprises_signalees=len(premiers), entreprises_signalees_fermees=fermees,
        entreprises_observees=len(observees), entreprises_fermees=len(set(par_siren) & observees),
        taux_de_base_fenetre=sum(parts) / len(parts) if parts else None,
    )
