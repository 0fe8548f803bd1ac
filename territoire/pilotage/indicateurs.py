"""The figures of many territories side by side, in a number of queries that does not grow with
the number of territories (one per figure, grouped by territory through its communes).

Every figure has its definition (``INDICATEURS``), shown beside it on every page, export and
API answer. A figure that cannot be computed is None ("non disponible"), never 0.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    Max,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.utils import timezone

from territoire.etablissements import tranches
from territoire.etablissements.models import Etablissement, Filiere, ImportSirene
from territoire.observatoire.models import CentreDecision
from territoire.referentiel.models import Territoire

TC = Territoire.communes.through


@dataclass(frozen=True)
class Indicateur:
    cle: str
    libelle: str
    definition: str
    unite: str = ""  # "", "%", "emplois", "habitants"
    public: bool = True  # False: steering only (plan progress, desk), never in open data


INDICATEURS = [
    Indicateur("communes", "Communes", "Communes du territoire (Code officiel géographique de l'INSEE).", "communes"),
    Indicateur("population", "Population", "Population municipale, somme des communes du territoire (COG de "
               "l'INSEE) ; non disponible quand le COG ne la donne pas pour une commune.", "habitants"),
    Indicateur("etablissements_industriels", "Établissements industriels",
               "Établissements actifs des sections B à E de la NAF rév. 2, employeurs, de 10 salariés ou plus selon "
               "la tranche d'effectifs SIRENE, hors artisanat commercial alimentaire (définition du territoire, "
               "modifiable par son équipe).", "établissements"),
    Indicateur("emplois_industriels", "Emplois industriels (estimation centrale)",
               "Somme, sur ces établissements, du milieu de leur tranche d'effectifs (la fourchette basse–haute est "
               "donnée à côté) ; millésime : année de la tranche la plus récente.", "emplois"),
    Indicateur("part_emplois_industriels", "Part des emplois dans l'industrie",
               "Emplois industriels (estimation centrale) rapportés aux emplois de tous les établissements actifs "
               "employeurs du territoire, tous secteurs, estimés de la même façon.", "%"),
    Indicateur("evolution_un_an", "Évolution sur un an (emplois industriels)",
               "Différence des emplois industriels (estimation centrale) entre le dernier mois des séries de "
               "l'observatoire et le même mois un an plus tôt ; non disponible sans point un an avant.", "emplois"),
    Indicateur("evolution_depuis_2019", "Évolution depuis 2019 ou le premier import",
               "Différence des emplois industriels (estimation centrale) entre le dernier point et janvier 2019 "
               "(reconstitution par l'historique SIRENE), sinon le premier import du stock ; le mois de départ est "
               "donné.", "emplois"),
    Indicateur("filiere_dominante", "Filière dominante",
               "Filière industrielle qui compte le plus d'emplois industriels (estimation centrale) ; sa part est "
               "donnée à côté.", ""),
    Indicateur("part_centre_exterieur", "Emplois sous un centre de décision extérieur",
               "Part des emplois industriels (estimation centrale) dont l'unité légale a son siège hors du "
               "territoire, parmi ceux dont le siège est connu ; non disponible sans centre de décision connu.", "%"),
    Indicateur("avancement_plan", "Avancement du plan par axe",
               "Pour chaque axe de la phase en cours : moyenne de l'avancement des fiches-actions de premier "
               "niveau dont l'avancement est connu (calculé depuis les sous-fiches pour une fiche parente) ; les "
               "autres ne comptent pas comme 0 %.", "%", public=False),
    Indicateur("prise_en_charge_5_jours", "Demandes prises en charge en 5 jours ouvrés",
               "Part des demandes des entreprises prises en charge au plus tard le 5e jour ouvré après leur dépôt "
               "(jours fériés exclus), parmi celles dont le délai est écoulé ou qui ont été prises en charge.", "%",
               public=False),
    Indicateur("evenements_du_mois", "Événements du mois",
               "Événements industriels confirmés par l'équipe (fermetures, ouvertures, investissements, labels…) "
               "datés du mois en cours.", "événements", public=False),
]
PAR_CLE = {i.cle: i for i in INDICATEURS}


@dataclass
class Ligne:
    """One territory's figures."""

    territoire: Territoire
    valeurs: dict = field(default_factory=dict)

    def v(self, cle: str):
        """The figure, or None when unknown (not subscriptable: templates read ``l.territoire``)."""
        return self.valeurs.get(cle)


def _definitions(territoires: list[Territoire]) -> dict[str, list[int]]:
    """Territories grouped by their definition of the establishments followed (one query each)."""
    groupes: dict[str, list[int]] = defaultdict(list)
    for t in territoires:
        groupes[json.dumps(t.definition(), sort_keys=True)].append(t.pk)
    return groupes


def _condition_suivis(definition: dict) -> Q:
    """The establishments followed by a definition, among the active ones present."""
    condition = Q(est_industriel=True, tranche_effectifs__in=tranches.codes_au_moins(definition["tranche_min"])) & ~Q(
        naf__in=definition["naf_exclus"]
    )
    if definition["employeur_requis"]:
        condition &= Q(employeur="O")
    return condition


def _par_commune(groupe: list[int], definition: dict):
    """One scan of the active establishments of the communes of ``groupe``'s territories,
    grouped by commune, filière, "followed" and "employer" (each condition evaluated once per
    row) and, for those followed, the commune of their legal unit's head office (read only for
    them): what every figure of the registry is summed from, per territory, in Python.

    Grouping by commune rather than by territory spares the join of every row with the
    territories of its commune (a commune of two territories counts in both, as before); the
    head office's commune stays in the group, since "inside the territory" depends on it."""
    suivi = _condition_suivis(definition)
    employeur = Q(employeur="O")
    siege = CentreDecision.objects.filter(unite_legale_id=OuterRef("unite_legale_id")).values("code_commune_siege")[:1]
    return (
        Etablissement.objects.filter(
            commune_id__in=TC.objects.filter(territoire_id__in=groupe).values("commune_id"),
            etat=Etablissement.Etat.ACTIF, present=True,
        )
        .filter(employeur | suivi)
        .annotate(
            _suivi=Case(When(suivi, then=Value(True)), default=Value(False), output_field=BooleanField()),
            _employeur=Case(When(employeur, then=Value(True)), default=Value(False), output_field=BooleanField()),
        )
        .annotate(_siege=Case(When(_suivi=True, then=Subquery(siege)), default=Value(None), output_field=CharField()))
        .order_by().values("commune_id", "filiere_id", "_suivi", "_employeur", "_siege")
        .annotate(n=Count("id"), bas=Sum("emplois_bas"), central=Sum("emplois_central"), haut=Sum("emplois_haut"),
                  millesime=Max("annee_effectifs"))
        .values_list("commune_id", "filiere_id", "_suivi", "_employeur", "_siege", "n", "bas", "central", "haut",
                     "millesime")
    )


def communes_des_territoires(ids: list[int]) -> tuple[dict[int, list[int]], dict[int, set[str]]]:
    """Each territory's commune ids and INSEE codes (one query)."""
    communes: dict[int, list[int]] = defaultdict(list)
    codes: dict[int, set[str]] = defaultdict(set)
    for tid, cid, code in TC.objects.filter(territoire_id__in=ids).values_list(
        "territoire_id", "commune_id", "commune__code_insee"
    ):
        communes[tid].append(cid)
        codes[tid].add(code)
    return communes, codes


def empreinte_des_communes(communes: list[int], codes: set[str]) -> str:
    """What a stored aggregate depends on in the territory's communes: their ids and INSEE codes
    (the decision centres "inside" are read by code)."""
    texte = ",".join(map(str, sorted(communes))) + ";" + ",".join(sorted(codes))
    return hashlib.sha1(texte.encode("utf-8")).hexdigest()


def sommes_par_territoire(territoires: list[Territoire], communes: dict[int, list[int]],
                          codes: dict[int, set[str]]) -> dict[int, dict]:
    """The census's sums of each territory (``_sommes``): one scan per definition of the
    establishments followed (``_par_commune``)."""
    resultat = {}
    for texte, groupe in _definitions(territoires).items():
        lignes: dict[int, list[tuple]] = defaultdict(list)
        for commune_id, *ligne in _par_commune(groupe, json.loads(texte)):
            lignes[commune_id].append(ligne)
        for tid in groupe:
            resultat[tid] = _sommes([ligne for c in communes.get(tid, ()) for ligne in lignes.get(c, ())],
                                    codes.get(tid, set()))
    return resultat


def _registre(territoires: list[Territoire], valeurs: dict[int, dict], jeton: str | None = None) -> None:
    """Communes, establishments and jobs followed, filière, decision centres: one query for the
    territories' communes, one for the filières, one for the stored aggregates of the census
    (``AgregatRecensement``, written by each SIRENE import) and, for the territories whose
    aggregate is missing or no longer holds, one scan per definition of the establishments
    followed (``_par_commune``).

    ``jeton``: the census's current token (the ``etablissements`` domain's), when the caller
    has read it already (``tableau_memorise``); read here otherwise."""
    from .models import AgregatRecensement

    ids = [t.pk for t in territoires]
    communes, codes = communes_des_territoires(ids)
    for tid, liste in communes.items():
        valeurs[tid]["communes"] = len(liste)
    industrielles = {
        pk: (libelle, code) for pk, libelle, code in
        Filiere.objects.filter(famille=Filiere.Famille.INDUSTRIE).values_list("pk", "libelle", "code")
    }
    if jeton is None:
        jeton = jeton_du_recensement()
    stockes = {
        tid: (definition, empreinte, sommes) for tid, definition, empreinte, sommes in
        AgregatRecensement.objects.filter(territoire_id__in=ids, jeton=jeton)
        .values_list("territoire_id", "definition", "communes", "sommes")
    } if jeton else {}
    sommes: dict[int, dict] = {}
    manquants = []
    for t in territoires:
        stocke = stockes.get(t.pk)
        if (stocke is not None and stocke[0] == t.definition()
                and stocke[1] == empreinte_des_communes(communes.get(t.pk, []), codes.get(t.pk, set()))):
            sommes[t.pk] = stocke[2]
        else:
            manquants.append(t)
    if manquants:
        sommes.update(sommes_par_territoire(manquants, communes, codes))
    for tid, s in sommes.items():
        _valeurs(valeurs[tid], s, industrielles)


def jeton_du_recensement() -> str:
    """The current token of the census (the ``etablissements`` domain's row of the cache's
    tokens, renewed by every SIRENE import and every write of the registry), as 32 hexadecimal
    digits; "" when it does not exist yet."""
    import uuid

    from territoire.observatoire.cache import ligne_du_domaine
    from territoire.observatoire.models import VersionDonnees

    jeton = VersionDonnees.objects.filter(pk=ligne_du_domaine("etablissements")).values_list("jeton", flat=True).first()
    if jeton is None:
        return ""
    return jeton.hex if isinstance(jeton, uuid.UUID) else str(jeton).replace("-", "")


def _sommes(lignes: list[tuple], codes: set[str]) -> dict:
    """One territory's sums from the groups of its communes (``_par_commune``), as JSON can keep
    them (``AgregatRecensement.sommes``); ``_valeurs`` makes the figures from them. Jobs by
    filière are kept for every filière (which ones are industrial is read at each page)."""
    tous = n = bas = haut = 0
    central = connu = dedans = 0.0
    millesimes = []
    par_filiere: dict[str, float] = defaultdict(float)
    for filiere_id, suivi, employeur, siege, n_, bas_, central_, haut_, millesime in lignes:
        if employeur:
            tous += central_ or 0
        if not suivi:
            continue
        n, bas, central, haut = n + n_, bas + (bas_ or 0), central + (central_ or 0), haut + (haut_ or 0)
        if millesime is not None:
            millesimes.append(millesime)
        if filiere_id is not None:
            par_filiere[str(filiere_id)] += central_ or 0
        if siege:  # a known decision centre: its head office's commune is inside or outside
            connu += central_ or 0
            if siege in codes:
                dedans += central_ or 0
    return {"tous": tous, "n": n, "bas": bas, "central": central, "haut": haut,
            "millesime": max(millesimes) if millesimes else None, "par_filiere": dict(par_filiere),
            "connu": connu, "dedans": dedans}


def _valeurs(v: dict, s: dict, industrielles: dict[int, tuple[str, str]]) -> None:
    """One territory's figures from its sums (``_sommes``)."""
    if s["n"]:
        v["etablissements_industriels"] = s["n"]
        v["emplois_industriels"] = round(s["central"])
        v["emplois_bas"], v["emplois_haut"] = s["bas"], s["haut"]
        v["millesime"] = s["millesime"] or None
    par_filiere = {int(f): c for f, c in s["par_filiere"].items() if int(f) in industrielles}
    filieres = sorted(((c, *industrielles[f]) for f, c in par_filiere.items()), key=lambda f: (-f[0], f[1]))
    total = sum(f[0] for f in filieres)
    if filieres and total:
        v["filiere_dominante"], v["filiere_dominante_code"] = filieres[0][1], filieres[0][2]
        v["part_filiere_dominante"] = round(filieres[0][0] / total, 3)
    if s["connu"]:
        v["part_centre_exterieur"] = round(1 - s["dedans"] / s["connu"], 3)
    if s["tous"] and v.get("emplois_industriels") is not None:
        v["part_emplois_industriels"] = round(v["emplois_industriels"] / s["tous"], 3)


def _series(ids: list[int], valeurs: dict[int, dict]) -> None:
    from territoire.observatoire.models import PointSerie

    points: dict[int, dict[str, dict[dt.date, float]]] = defaultdict(lambda: defaultdict(dict))
    for tid, source, mois, central in (
        PointSerie.objects.filter(territoire_id__in=ids).values("territoire_id", "source", "mois")
        .annotate(c=Sum("emplois_central")).values_list("territoire_id", "source", "mois", "c")
    ):
        points[tid][source][mois] = central or 0
    for tid, sources in points.items():
        reconstitution = sources.get(PointSerie.Source.RECONSTITUTION, {})
        releve = sources.get(PointSerie.Source.RELEVE, {})
        fusion = {**reconstitution, **releve}  # a month read at an import wins over its reconstitution
        if not fusion:
            continue
        dernier = max(fusion)
        un_an = dernier.replace(year=dernier.year - 1)
        if un_an in fusion:
            valeurs[tid]["evolution_un_an"] = round(fusion[dernier] - fusion[un_an])
        depart = dt.date(2019, 1, 1) if dt.date(2019, 1, 1) in reconstitution else min(fusion)
        if depart < dernier:
            valeurs[tid]["evolution_depuis_2019"] = round(fusion[dernier] - fusion[depart])
            valeurs[tid]["evolution_depart"] = depart.strftime("%Y-%m")
        valeurs[tid]["series_jusqu_a"] = dernier.strftime("%Y-%m")


def _programme(ids: list[int], valeurs: dict[int, dict]) -> None:
    from territoire.programme import derive
    from territoire.programme.models import Axe, FicheAction, Programme

    aujourdhui = timezone.localdate()
    courants: dict[int, tuple] = {}
    for pk, tid, debut, fin, actif in Programme.objects.filter(territoire_id__in=ids).values_list(
        "pk", "territoire_id", "debut", "fin", "actif"
    ):
        # The same rule as programme.queries.programme_courant: dates that hold today, then the
        # phase marked current, then the latest.
        rang = 0 if (debut and fin and debut <= aujourdhui <= fin) else 1 if actif else 2
        cle = (rang, -(debut.toordinal() if debut else 0))
        if tid not in courants or cle < courants[tid][0]:
            courants[tid] = (cle, pk)
    programmes = {pk: tid for tid, (_, pk) in courants.items()}
    if not programmes:
        return
    noeuds, categories = [], {}
    for pk, parent, avancement, poids, methode, categorie in FicheAction.objects.filter(
        programme_id__in=list(programmes)
    ).values_list("pk", "parent_id", "avancement", "poids", "methode_avancement", "statut__categorie"):
        noeuds.append(derive.Noeud(pk, parent, avancement, poids, methode))
        categories[pk] = categorie
    progres = derive.calculer_avancements(noeuds)
    premier_niveau = {n.id for n in noeuds if n.parent_id is None}
    axes = {pk: (prog, libelle, ordre) for pk, prog, libelle, ordre in
            Axe.objects.filter(programme_id__in=list(programmes)).values_list("pk", "programme_id", "libelle", "ordre")}
    par_axe: dict[int, list] = defaultdict(list)
    for fiche, axe in FicheAction.axes.through.objects.filter(
        ficheaction__programme_id__in=list(programmes)
    ).values_list("ficheaction_id", "axe_id"):
        if fiche in premier_niveau:
            par_axe[axe].append(fiche)
    resultat: dict[int, list] = defaultdict(list)
    for axe, (prog, libelle, _ordre) in sorted(axes.items(), key=lambda a: (a[1][2], a[1][1])):
        connues = [progres[f].valeur for f in par_axe.get(axe, []) if progres[f].valeur is not None]
        resultat[programmes[prog]].append({
            "axe": libelle, "fiches": len(par_axe.get(axe, [])),
            "avancement": round(sum(connues) / len(connues)) if connues else None,
        })
    for tid, lignes in resultat.items():
        valeurs[tid]["avancement_plan"] = lignes


def _guichet(ids: list[int], valeurs: dict[int, dict]) -> None:
    from territoire.guichet.mesures import evaluer
    from territoire.guichet.models import Demande

    aujourdhui = timezone.localdate()
    comptes: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for ligne in Demande.objects.filter(territoire_id__in=ids).values("territoire_id", "deposee_le", "prise_en_charge_le"):
        compte, a_temps = evaluer(ligne, aujourdhui)
        comptes[ligne["territoire_id"]][0] += compte
        comptes[ligne["territoire_id"]][1] += a_temps
    for tid, (evaluees, a_temps) in comptes.items():
        if evaluees:
            valeurs[tid]["prise_en_charge_5_jours"] = round(a_temps / evaluees, 3)
            valeurs[tid]["demandes_evaluees"] = evaluees


def _evenements(ids: list[int], valeurs: dict[int, dict]) -> None:
    from territoire.observatoire.models import Evenement

    debut = timezone.localdate().replace(day=1)
    for tid, n in (
        Evenement.objects.filter(territoire_id__in=ids, statut=Evenement.Statut.CONFIRME, date__gte=debut,
                                 date__lte=timezone.localdate())
        .values("territoire_id").annotate(n=Count("id")).values_list("territoire_id", "n")
    ):
        valeurs[tid]["evenements_du_mois"] = n
    for tid in ids:
        valeurs[tid].setdefault("evenements_du_mois", 0)


def _imports(ids: list[int], valeurs: dict[int, dict]) -> None:
    for tid, dernier in (
        ImportSirene.objects.filter(territoire_id__in=ids, statut=ImportSirene.Statut.REUSSI)
        .values("territoire_id").annotate(d=Max("debut")).values_list("territoire_id", "d")
    ):
        valeurs[tid]["dernier_import"] = dernier


def tableau(territoires, pilotage: bool = True, *, jeton: str | None = None, registre=None) -> list[Ligne]:
    """The figures of ``territoires`` (a queryset or list), one ``Ligne`` each, in their order.

    ``pilotage`` adds the steering-only figures (plan progress, desk, events of the month).
    Queries: a fixed number, whatever the number of territories (a test counts them), plus one
    per extra definition of the establishments followed when territories changed theirs and
    their census aggregate does not hold (``_registre``). ``registre()``, when given, gives the
    census's figures by territory instead (``tableau_memorise``: from the cache).
    """
    territoires = list(territoires)
    ids = [t.pk for t in territoires]
    valeurs: dict[int, dict] = {t.pk: {"population": t.population} for t in territoires}
    if ids:
        if registre is None:
            _registre(territoires, valeurs, jeton)
        else:
            for tid, v in registre().items():
                valeurs[tid].update(v)
        _series(ids, valeurs)
        _imports(ids, valeurs)
        if pilotage:
            _programme(ids, valeurs)
            _guichet(ids, valeurs)
            _evenements(ids, valeurs)
    for t in territoires:
        v = valeurs[t.pk]
        v.setdefault("etablissements_industriels", 0 if v.get("communes") else None)
        v.setdefault("emplois_industriels", 0 if v.get("communes") else None)
        v.setdefault("communes", 0)
    return [Ligne(t, valeurs[t.pk]) for t in territoires]


def tableau_memorise(territoires, pilotage: bool = True) -> list[Ligne]:
    """``tableau``, kept in the cache while none of the data it read has changed
    (``observatoire.cache.memoriser``: the tokens of the domains its SQL read, docs/adr/0004 and
    0010). An import, a fiche, a request or an event renews its domain's token in its own
    transaction: the next page computes the table again, in the same fixed number of queries.

    The census's part (``_registre``: communes, establishments, jobs, filières, decision
    centres) is a value of its own, nested: it reads the registry, the census aggregates and the
    territories' communes only, so a desk filing, a fiche or an event (other domains) leaves it
    in the cache and only the steering's figures and the series are computed again. After an
    import, it reads the aggregates the import wrote (183 rows), not the establishments.

    The key holds the territories (their ids, in order), the kind of figures and today's date
    (the events of the month, the 5 working days); the tokens are read once, through the first
    territory (one query when the table is in the cache), and give the census's current token.
    """
    from territoire.observatoire.cache import (
        Etat,
        etat_de_la_page_en_cours,
        ligne_du_domaine,
        memoriser,
    )

    territoires = list(territoires)
    if not territoires:
        return []
    premier = territoires[0]
    etat = etat_de_la_page_en_cours(premier) or Etat.lire(premier)
    if etat is None:  # no tokens yet (a flushed test database): nothing is kept
        return tableau(territoires, pilotage)
    jeton = etat.jetons.get(ligne_du_domaine("etablissements"), "")
    empreinte = hashlib.sha1(",".join(str(t.pk) for t in territoires).encode("ascii")).hexdigest()[:20]
    cle = (f"pilotage-tableau:{'pilotage' if pilotage else 'public'}:{timezone.localdate().isoformat()}:"
           f"{len(territoires)}:{empreinte}")

    def recensement() -> dict[int, dict]:
        valeurs: dict[int, dict] = {t.pk: {} for t in territoires}
        _registre(territoires, valeurs, jeton)
        return valeurs

    def registre() -> dict[int, dict]:
        return memoriser(premier, f"pilotage-recensement:{len(territoires)}:{empreinte}", recensement, etat=etat)

    def calculer() -> dict[int, dict]:
        return {ligne.territoire.pk: ligne.valeurs for ligne in tableau(territoires, pilotage, registre=registre)}

    valeurs = memoriser(premier, cle, calculer, etat=etat)
    # A copy for each page: sorting and templates must never change the kept values.
    return [Ligne(t, dict(valeurs.get(t.pk, {}))) for t in territoires]


def totaux(lignes: list[Ligne]) -> dict:
    """Sums over the territories (the Region's aggregates); a population is summed only when
    every territory's is known. Communes shared by two territories are counted once per territory."""
    def somme(cle: str):
        vals = [ligne.v(cle) for ligne in lignes]
        return sum(vals) if vals and all(v is not None for v in vals) else None

    return {
        "territoires": len(lignes),
        "communes": somme("communes"),
        "population": somme("population"),
        "etablissements_industriels": somme("etablissements_industriels"),
        "emplois_industriels": somme("emplois_industriels"),
        "emplois_bas": sum(ligne.v("emplois_bas") or 0 for ligne in lignes),
        "emplois_haut": sum(ligne.v("emplois_haut") or 0 for ligne in lignes),
        "millesime": max((ligne.v("millesime") for ligne in lignes if ligne.v("millesime")), default=None),
    }
