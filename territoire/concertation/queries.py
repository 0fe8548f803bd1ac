"""Read side of the consultation: the doors to protected rows, and the support of findings.

Who sees what (issue 4 §6):
- the team (équipe) sees everything, confidential interviews included;
- steering (pilotage) and partners see the collective meetings and their non-confidential
  contributions; for the rest, aggregates only;
- a firm's user sees the meetings their organisation attended and its own contributions;
- the public sees aggregates only (synthesis, findings): sectors and sizes, never names.
Counts of support are aggregates: they include confidential contributions, and never name them.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace

from django.db.models import Q

from territoire.comptes.acces import a_un_role, est_interne
from territoire.comptes.models import Adhesion, Role
from territoire.etablissements import tranches
from territoire.etablissements.models import RegleNaf

from .models import Constat, Contribution, Reunion

NON_RENSEIGNE = "Non renseignée"

# Small-count protection (docs/concertation.md): outside the team, a sector or a size class
# behind a finding with fewer firms than this is not counted exactly: its number reads
# "moins de 3", and small sectors are grouped into "Autres secteurs".
SEUIL_PETITS_EFFECTIFS = 3
MOINS_DU_SEUIL = f"moins de {SEUIL_PETITS_EFFECTIFS}"
AUTRES_SECTEURS = "Autres secteurs"

# Size classes shown beside a finding: coarser than SIRENE bands, so that an aggregate
# does not point at one firm. (label, SIRENE bands)
CLASSES_TAILLE = [
    ("Moins de 10 salariés", ("NN", "00", "01", "02", "03")),
    ("10 à 49 salariés", ("11", "12")),
    ("50 à 249 salariés", ("21", "22", "31")),
    ("250 salariés et plus", ("32", "41", "42", "51", "52", "53")),
]
_CLASSE_DE_TRANCHE = {code: libelle for libelle, codes in CLASSES_TAILLE for code in codes}
ORDRE_TAILLES = [libelle for libelle, _ in CLASSES_TAILLE] + [NON_RENSEIGNE]


def classe_taille(tranche: str) -> str:
    return _CLASSE_DE_TRANCHE.get(tranche or "", NON_RENSEIGNE)


def equipe(user, territoire) -> bool:
    return a_un_role(user, territoire, Role.EQUIPE)


def organisations_de(user, territoire) -> frozenset[int]:
    """Ids of the organisations `user` represents on `territoire` (through their memberships)."""
    if user is None or not user.is_authenticated or territoire is None:
        return frozenset()
    cache = user.__dict__.setdefault("_organisations_concertation", {})
    if territoire.pk not in cache:
        cache[territoire.pk] = frozenset(
            Adhesion.objects.filter(
                utilisateur=user, territoire=territoire, organisation__isnull=False
            ).values_list("organisation_id", flat=True)
        )
    return cache[territoire.pk]


def reunions_visibles(user, territoire):
    """The only door to meetings (see the module's rules)."""
    qs = Reunion.objects.filter(consultation__territoire=territoire)
    if equipe(user, territoire):
        return qs
    filtre = Q(pk__in=[])
    if est_interne(user, territoire):
        filtre |= Q(confidentielle=False)
    orgs = organisations_de(user, territoire)
    if orgs and a_un_role(user, territoire, *Role.values):
        filtre |= Q(pk__in=Reunion.objects.filter(
            Q(participations__organisation__in=orgs) | Q(contributions__organisation__in=orgs)
        ).values("pk"))
    return qs.filter(filtre)


def contributions_visibles(user, territoire):
    """The only door to contributions' texts and authors (see the module's rules)."""
    qs = Contribution.objects.filter(reunion__consultation__territoire=territoire)
    if equipe(user, territoire):
        return qs
    filtre = Q(pk__in=[])
    if est_interne(user, territoire):
        filtre |= Q(confidentielle=False, reunion__confidentielle=False)
    orgs = organisations_de(user, territoire)
    if orgs and a_un_role(user, territoire, *Role.values):
        filtre |= Q(organisation__in=orgs)
    return qs.filter(filtre)


# --- Support of findings -------------------------------------------------------------


@dataclass
class Soutien:
    """What stands behind a finding: counted from its contributions, never typed in."""

    contributions: int = 0
    entreprises: int = 0
    organisations: int = 0
    reunions: int = 0
    reunions_collectives: int = 0
    entretiens: int = 0
    filieres: list[tuple[str, int]] = field(default_factory=list)
    tailles: list[tuple[str, int]] = field(default_factory=list)

    @property
    def cle_de_rang(self) -> tuple:
        return (-self.entreprises, -self.reunions, -self.contributions)

    def public(self) -> Soutien:
        """The same support with small counts protected (for everyone but the team)."""
        return replace(self, filieres=filieres_publiques(self.filieres), tailles=tailles_publiques(self.tailles))


def _protege(n: int) -> int | str:
    return n if n >= SEUIL_PETITS_EFFECTIFS else MOINS_DU_SEUIL


def filieres_publiques(filieres: list[tuple[str, int]]) -> list[tuple[str, int | str]]:
    """Sectors with at least SEUIL_PETITS_EFFECTIFS firms keep their count; the others are
    grouped, last, into "Autres secteurs" (itself "moins de 3" when the group is that small)."""
    gardees = [(f, n) for f, n in filieres if n >= SEUIL_PETITS_EFFECTIFS]
    autres = sum(n for _, n in filieres if n < SEUIL_PETITS_EFFECTIFS)
    return gardees + ([(AUTRES_SECTEURS, _protege(autres))] if autres else [])


def tailles_publiques(tailles: list[tuple[str, int]]) -> list[tuple[str, int | str]]:
    """Size classes keep their order; a class with fewer than SEUIL_PETITS_EFFECTIFS firms reads "moins de 3"."""
    return [(t, _protege(n)) for t, n in tailles]


class _Filieres:
    """NAF → filière by the longest prefix of the editable rules (loaded once per call)."""

    def __init__(self):
        self.regles = sorted(
            RegleNaf.objects.select_related("filiere").filter(filiere__actif=True).values_list(
                "prefixe", "filiere__libelle"
            ),
            key=lambda r: -len(r[0]),
        )

    def de(self, naf: str) -> str:
        for prefixe, libelle in self.regles:
            if naf and naf.startswith(prefixe):
                return libelle
        return NON_RENSEIGNE


def soutiens(constats) -> dict[int, Soutien]:
    """The support of each finding of `constats`, in a constant number of queries."""
    ids = [c.pk for c in constats]
    lignes = Constat.contributions.through.objects.filter(constat_id__in=ids).values_list(
        "constat_id",
        "contribution__organisation_id",
        "contribution__organisation__type",
        "contribution__reunion_id",
        "contribution__reunion__type",
        "contribution__organisation__etablissement__filiere__libelle",
        "contribution__organisation__etablissement__naf",
        "contribution__organisation__unite_legale__naf",
        "contribution__organisation__etablissement__tranche_effectifs",
        "contribution__organisation__unite_legale__tranche_effectifs",
    )
    filieres = None
    par_constat: dict[int, dict] = {i: {"n": 0, "orgs": {}, "reunions": {}} for i in ids}
    for cid, org, type_org, reunion, type_reunion, fil, naf_e, naf_ul, tr_e, tr_ul in lignes:
        d = par_constat[cid]
        d["n"] += 1
        d["reunions"][reunion] = type_reunion
        if org not in d["orgs"]:
            if fil is None:
                filieres = filieres or _Filieres()
                fil = filieres.de(naf_e or naf_ul or "")
            d["orgs"][org] = (type_org, fil, classe_taille(tr_e or tr_ul or ""))
    resultat = {}
    for cid, d in par_constat.items():
        entreprises = [v for v in d["orgs"].values() if v[0] == "entreprise"]
        par_filiere = Counter(v[1] for v in entreprises)
        par_taille = Counter(v[2] for v in entreprises)
        resultat[cid] = Soutien(
            contributions=d["n"],
            entreprises=len(entreprises),
            organisations=len(d["orgs"]),
            reunions=len(d["reunions"]),
            reunions_collectives=sum(1 for t in d["reunions"].values() if t == Reunion.Type.COLLECTIVE),
            entretiens=sum(1 for t in d["reunions"].values() if t == Reunion.Type.INDIVIDUELLE),
            filieres=sorted(par_filiere.items(), key=lambda kv: (-kv[1], kv[0] == NON_RENSEIGNE, kv[0])),
            tailles=[(t, par_taille[t]) for t in ORDRE_TAILLES if par_taille[t]],
        )
    return resultat


def constats_classes(consultation) -> list[tuple[Constat, Soutien]]:
    """The findings of a consultation ranked by support: firms, then meetings, then contributions."""
    constats = list(
        consultation.constats.prefetch_related("themes", "reponses__fiche__statut", "reponses__fiche__programme")
    )
    s = soutiens(constats)
    return sorted(((c, s[c.pk]) for c in constats), key=lambda cs: (*cs[1].cle_de_rang, cs[0].titre))


def fiches_ouvertes(user, territoire, fiche_ids) -> set[int] | None:
    """Among `fiche_ids`, those `user` may see named: None means all (team and steering);
    for the others, the published non-confidential fiches. One query whatever the number."""
    from territoire.programme.models import FicheAction

    if equipe(user, territoire) or a_un_role(user, territoire, Role.PILOTAGE):
        return None
    return set(
        FicheAction.objects.filter(pk__in=list(fiche_ids), publie=True, confidentiel=False).values_list("pk", flat=True)
    )


def reponses_visibles(constat, user, territoire, ouvertes: set[int] | None | str = "calculer") -> list:
    """The answers of a finding whose fiche `user` may see named; the others are counted, not named.

    Pass `ouvertes` (from fiches_ouvertes) when listing many findings, to keep one query.
    """
    reponses = list(constat.reponses.all())
    if ouvertes == "calculer":
        ouvertes = fiches_ouvertes(user, territoire, [r.fiche_id for r in reponses])
    if ouvertes is None:
        return reponses
    return [r for r in reponses if r.fiche_id in ouvertes]


def themes_par_reunion(consultation, public: bool) -> tuple[list, list[dict]]:
    """The theme × meeting table: contributions counted per meeting and theme.

    In the public version individual interviews are one row (their dates and firms stay private).
    """
    from .models import Theme

    lignes = Contribution.themes.through.objects.filter(
        contribution__reunion__consultation=consultation
    ).values_list("contribution__reunion_id", "theme_id")
    compte = Counter(lignes)
    theme_ids = sorted({t for _, t in compte})
    themes = list(Theme.objects.filter(pk__in=theme_ids).order_by("ordre", "libelle"))
    reunions = list(consultation.reunions.order_by("date", "pk"))
    rangees = []
    entretiens = {"libelle": "Entretiens individuels", "date": None, "individuels": 0, "valeurs": Counter()}
    for r in reunions:
        valeurs = Counter({t.pk: compte.get((r.pk, t.pk), 0) for t in themes})
        if public and (r.est_individuelle or r.confidentielle):
            entretiens["individuels"] += 1
            entretiens["valeurs"].update(valeurs)
            continue
        rangees.append({"libelle": r.titre, "date": r.date, "reunion": r, "valeurs": valeurs})
    if entretiens["individuels"]:
        entretiens["libelle"] = f"Entretiens individuels ({entretiens['individuels']})"
        rangees.append(entretiens)
    for rangee in rangees:
        rangee["cellules"] = [rangee["valeurs"].get(t.pk, 0) for t in themes]
        rangee["total"] = sum(rangee["cellules"])
    return themes, rangees


def libelle_tranche(code: str) -> str:
    return tranches.libelle(code)
