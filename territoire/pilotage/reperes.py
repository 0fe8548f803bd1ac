"""Where a territory stands among similar ones (same region, similar size, same dominant filière),
and its own perimeter in the other phase of the programme.

The figures of every territory of the phase come from ``indicateurs.tableau`` (public figures
only: these pages are public), kept in the cache under the data token of the key figures
(``observatoire.cache``): never stale, computed once per change of the data.
"""

from __future__ import annotations

from dataclasses import dataclass
from statistics import median

from django.core.cache import cache
from django.db.models import Count, Max
from django.utils import timezone

from territoire.referentiel.models import Territoire

from .indicateurs import PAR_CLE, Ligne, tableau

TAILLE_MIN, TAILLE_MAX = 0.5, 2.0  # similar size: population between half and twice the territory's
REPERES = ["part_emplois_industriels", "evolution_relative", "part_centre_exterieur"]
LIBELLES = {
    "part_emplois_industriels": PAR_CLE["part_emplois_industriels"].libelle,
    "evolution_relative": "Évolution des emplois industriels depuis 2019 ou le premier import",
    "part_centre_exterieur": PAR_CLE["part_centre_exterieur"].libelle,
}
DEFINITIONS = {
    "part_emplois_industriels": PAR_CLE["part_emplois_industriels"].definition,
    "evolution_relative": (
        "Évolution des emplois industriels (estimation centrale) rapportée à leur niveau de départ, "
        "depuis janvier 2019 (historique SIRENE) ou le premier import du stock ; le mois de départ est donné."
    ),
    "part_centre_exterieur": PAR_CLE["part_centre_exterieur"].definition,
}


def cle_cache(phase: str) -> str:
    from territoire.etablissements.models import ImportSirene
    from territoire.observatoire.models import VersionDonnees

    jeton = VersionDonnees.objects.filter(pk=1).values_list("jeton", flat=True).first()
    dernier = ImportSirene.objects.aggregate(n=Count("id"), m=Max("pk"))
    return f"pilotage-tableau:{phase}:{jeton}:{dernier['n']}:{dernier['m']}:{timezone.localdate().isoformat()}"


def lignes_publiques(territoires: list, cle: str) -> list[Ligne]:
    """The public figures of `territoires`, kept in the cache under `cle` (a `cle_cache()`)."""
    valeurs = cache.get(cle)
    if valeurs is None:
        valeurs = {ligne.territoire.pk: ligne.valeurs for ligne in tableau(territoires, pilotage=False)}
        cache.set(cle, valeurs, 24 * 3600)
    return [Ligne(t, valeurs.get(t.pk, {})) for t in territoires]


def tableau_public(phase: str) -> list[Ligne]:
    """Public figures of every territory of the phase, from the cache when nothing changed."""
    territoires = list(Territoire.objects.filter(phase=phase).select_related("region").order_by("id_ti"))
    return lignes_publiques(territoires, cle_cache(phase))


def evolution_relative(ligne: Ligne) -> float | None:
    evolution, emplois = ligne.v("evolution_depuis_2019"), ligne.v("emplois_industriels")
    if evolution is None or emplois is None or emplois - evolution <= 0:
        return None
    return round(evolution / (emplois - evolution), 3)


def valeur(ligne: Ligne, cle: str):
    return evolution_relative(ligne) if cle == "evolution_relative" else ligne.v(cle)


@dataclass
class Position:
    cle: str
    libelle: str
    definition: str
    valeur: float | None
    rang: int | None  # 1 = highest value of the group
    comptes: int  # territories of the group (the territory included) whose figure is known
    mediane: float | None
    minimum: float | None
    maximum: float | None


@dataclass
class Groupe:
    code: str
    titre: str
    critere: str
    lignes: list[Ligne]
    positions: list[Position]


def _positions(lui: Ligne, lignes: list[Ligne]) -> list[Position]:
    positions = []
    for cle in REPERES:
        sienne = valeur(lui, cle)
        connues = [v for v in (valeur(ligne, cle) for ligne in lignes + [lui]) if v is not None]
        rang = 1 + sum(1 for v in connues if v > sienne) if sienne is not None else None
        positions.append(Position(
            cle, LIBELLES[cle], DEFINITIONS[cle], sienne, rang, len(connues),
            round(median(connues), 3) if connues else None,
            min(connues) if connues else None, max(connues) if connues else None,
        ))
    return positions


def semblables(territoire: Territoire, lignes: list[Ligne]) -> tuple[Ligne | None, list[Groupe]]:
    """The territory's row and its three groups of similar territories (itself left out)."""
    lui = next((ligne for ligne in lignes if ligne.territoire.pk == territoire.pk), None)
    if lui is None:
        return None, []
    autres = [ligne for ligne in lignes if ligne.territoire.pk != territoire.pk]
    groupes = []
    if territoire.region_id:
        meme = [ligne for ligne in autres if ligne.territoire.region_id == territoire.region_id]
        groupes.append(Groupe("region", f"Les autres territoires de la région {territoire.region.nom}",
                              f"même région ({territoire.region.nom}), même phase", meme, _positions(lui, meme)))
    if territoire.population:
        bas, haut = territoire.population * TAILLE_MIN, territoire.population * TAILLE_MAX
        taille = [ligne for ligne in autres if ligne.territoire.population and bas <= ligne.territoire.population <= haut]
        groupes.append(Groupe("taille", "Les territoires de taille semblable",
                              "population entre la moitié et le double de celle du territoire", taille,
                              _positions(lui, taille)))
    if lui.v("filiere_dominante"):
        filiere = [ligne for ligne in autres if ligne.v("filiere_dominante") == lui.v("filiere_dominante")]
        groupes.append(Groupe("filiere", f"Les territoires dont la filière dominante est « {lui.v('filiere_dominante')} »",
                              "même filière dominante (emplois industriels)", filiere, _positions(lui, filiere)))
    return lui, groupes


def autres_perimetres(territoire: Territoire) -> list[Territoire]:
    """The territories that share communes with this one (its perimeter in the other phase, the
    demo's territory and the ANCT's), most shared communes first."""
    partagees = (
        Territoire.objects.filter(communes__territoires=territoire).exclude(pk=territoire.pk)
        .annotate(n=Count("communes")).order_by("-n", "nom")
    )
    return list(partagees.select_related("region"))


@dataclass
class Ecart:
    ajoutees: list  # communes of the other perimeter only
    retirees: list  # communes of this one only
    communes: int
    population: int | None
    etablissements: int | None
    emplois: int | None
    emplois_bas: int | None
    emplois_haut: int | None


def ecart(lui: Ligne, autre: Ligne) -> Ecart:
    """What changes from ``lui``'s perimeter to ``autre``'s."""
    a = set(lui.territoire.communes.values_list("code_insee", flat=True))
    b = autre.territoire.communes.values_list("code_insee", "nom", "population")
    ajoutees = sorted(((c, n, p) for c, n, p in b if c not in a), key=lambda x: x[1])
    codes_b = {c for c, _, _ in b}
    retirees = sorted(lui.territoire.communes.exclude(code_insee__in=codes_b).values_list("code_insee", "nom", "population"),
                      key=lambda x: x[1])

    def diff(cle):
        x, y = lui.v(cle), autre.v(cle)
        return None if x is None or y is None else y - x

    return Ecart(ajoutees, retirees, diff("communes"), diff("population"), diff("etablissements_industriels"),
                 diff("emplois_industriels"), diff("emplois_bas"), diff("emplois_haut"))
