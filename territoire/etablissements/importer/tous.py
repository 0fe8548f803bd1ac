"""`territoire sirene import FICHIER --tous-les-territoires`: one read of the national stock, then
one ``ImportSirene`` run per created territory.

1. The file is read once (``repartition.py``): every row of a created territory's commune goes
   to that territory's spool on disk (to each of them, when territories share the commune).
2. Each territory then has its own run, in its own transaction, exactly as a single-territory
   import: its own differences with its last import, its own 5 % guard, its own all-or-nothing
   rule, its post-import hooks. A refused territory is named in the report; the others go on.
3. Territories that share communes (both phases of the programme created at once) form a
   group: the establishments of a shared commune are one row in the database, written by the
   first run of the group; the ``Journal`` keeps their state from before the pass, so that each
   run's differences and guard are what an import of that territory alone would have found.
   A group is checked first (each run computed and rolled back): if one member is refused, the
   whole group is, so that a refused territory's establishments stay exactly as they were.
"""

from __future__ import annotations

import contextlib
import pickle
import sqlite3
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from django.utils import timezone

from ..models import ImportSirene
from ..queries import par_l_index_des_communes
from .actions import Lu, _Barre, _lire_etablissements, charger_contexte, ecrire_import
from .colonnes import ETABLISSEMENTS, UNITES_LEGALES
from .erreurs import ImportRefuse
from .lecture import Lecteur
from .repartition import Repartition, UnitesLegales
from .transformation import transformer_unites_legales


@dataclass
class ResultatTerritoire:
    territoire: object
    imp: ImportSirene | None = None
    refus: str = ""
    lignes: int = 0

    @property
    def refuse(self) -> bool:
        return bool(self.refus)


@dataclass
class RapportNational:
    source: str
    format: str = ""
    lignes_lues: int = 0
    lignes_gardees: int = 0
    secondes_lecture: float = 0.0
    secondes_total: float = 0.0
    dry_run: bool = False
    resultats: list[ResultatTerritoire] = field(default_factory=list)

    @property
    def refuses(self) -> list[ResultatTerritoire]:
        return [r for r in self.resultats if r.refuse]

    @property
    def reussis(self) -> list[ResultatTerritoire]:
        return [r for r in self.resultats if not r.refuse]


class Journal:
    """The state before the pass of the establishments of shared communes that a run of the
    pass wrote (None: created by the pass), in a throwaway SQLite file: memory stays flat."""

    def __init__(self, partagees: set[str], dossier: Path | None = None) -> None:
        self.partagees = partagees
        self._fichier = tempfile.NamedTemporaryFile(prefix="territoire-journal-", suffix=".sqlite3", dir=dossier)
        self._base = sqlite3.connect(self._fichier.name)
        self._base.execute("CREATE TABLE avant (siret TEXT PRIMARY KEY, commune TEXT, ligne BLOB)")
        self._base.execute("CREATE INDEX avant_commune ON avant (commune)")
        self.entrees = 0

    def noter(self, plan, existants: dict[str, dict]) -> None:
        """Before a run writes: the state of the rows of shared communes it creates, changes or
        marks absent (by their commune before or after the write)."""
        lignes = [(c["siret"], None, None) for c in plan.creations if c["code_commune"] in self.partagees]
        nouvelles = {c["siret"]: c.get("code_commune") for c in plan.mises_a_jour}
        disparus = set(plan.disparitions)
        for siret, avant in existants.items():
            if siret not in nouvelles and avant["id"] not in disparus:
                continue
            if avant.get("code_commune") in self.partagees or nouvelles.get(siret) in self.partagees:
                ligne = {k: v for k, v in avant.items() if not k.startswith("_")}
                lignes.append((siret, avant.get("code_commune"), pickle.dumps(ligne)))
        if lignes:
            # The first write of the pass is the state before it: later ones are ignored.
            self._base.executemany("INSERT OR IGNORE INTO avant VALUES (?, ?, ?)", lignes)
            self.entrees += len(lignes)

    def etat_avant(self, existants: dict[str, dict], nouveaux: dict[str, dict], communes: dict[str, int]
                   ) -> dict[str, dict] | None:
        """``existants`` as they were before the pass, for this territory; None when the pass has
        not touched any of them (the common case: nothing to correct)."""
        if not self.entrees:
            return None
        codes = [c for c in communes if c in self.partagees]
        sirets = [s for s in set(existants) | set(nouveaux)]
        trouves: dict[str, tuple] = {}
        for paquet in _paquets(codes, 500):
            for siret, commune, ligne in self._base.execute(
                f"SELECT siret, commune, ligne FROM avant WHERE commune IN ({','.join('?' * len(paquet))})", paquet
            ):
                trouves[siret] = (commune, ligne)
        for paquet in _paquets(sirets, 500):
            for siret, commune, ligne in self._base.execute(
                f"SELECT siret, commune, ligne FROM avant WHERE siret IN ({','.join('?' * len(paquet))})", paquet
            ):
                trouves[siret] = (commune, ligne)
        if not trouves:
            return None
        avant = dict(existants)
        for siret, (commune, ligne) in trouves.items():
            if ligne is None:
                avant.pop(siret, None)  # created by this pass: absent before it
                continue
            ligne = pickle.loads(ligne)  # noqa: S301 - written by this process a moment ago
            if commune not in communes:
                ligne["_dans_territoire"] = False
            avant[siret] = ligne
        return avant

    def fermer(self) -> None:
        self._base.close()
        self._fichier.close()


def _paquets(valeurs: list, taille: int):
    for debut in range(0, len(valeurs), taille):
        yield valeurs[debut:debut + taille]


# SQLite's page cache for the pass (KiB, negative as SQLite counts it): 2 MB by default, while
# the runs of every territory insert into the eleven indexes of a table of millions of rows.
CACHE_SQLITE_KIO = 131_072


@contextlib.contextmanager
def _cache_sqlite():
    """A larger page cache on this connection while the territories' runs write (SQLite only),
    the previous size given back after: the index pages stay in memory instead of being read
    again from the file at every batch (inserts 16 % cheaper on bench/sirene_national.py's
    200 000 rows, more as the table grows)."""
    from django.db import connection

    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as curseur:
        curseur.execute("PRAGMA cache_size")
        avant = curseur.fetchone()[0]
        curseur.execute(f"PRAGMA cache_size = {-CACHE_SQLITE_KIO}")
    try:
        yield
    finally:
        with connection.cursor() as curseur:
            curseur.execute(f"PRAGMA cache_size = {int(avant)}")


def _groupes(territoires: list, communes: dict[int, set[str]]) -> list[list]:
    """Territories that share communes, directly or through others (connected components)."""
    parent = {t.pk: t.pk for t in territoires}

    def racine(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    par_commune: dict[str, int] = {}
    for t in territoires:
        for code in communes[t.pk]:
            if code in par_commune:
                parent[racine(t.pk)] = racine(par_commune[code])
            else:
                par_commune[code] = t.pk
    groupes: dict[int, list] = defaultdict(list)
    for t in territoires:
        groupes[racine(t.pk)].append(t)
    return sorted(groupes.values(), key=lambda g: min(t.pk for t in g))


def importer_tous_les_territoires(
    chemin,
    *,
    chemin_unites_legales=None,
    territoires=None,
    dry_run: bool = False,
    force: bool = False,
    fictif: bool = False,
    progression: bool = False,
    lance_par: str = "",
    suivi=None,
    dossier_temporaire: Path | None = None,
) -> RapportNational:
    """Read the national StockEtablissement once and import it into every created territory
    (or those of ``territoires``). Raises ``ImportRefuse`` only for a bad file (nothing written
    anywhere); a territory's refusal (5 % guard…) is in the report, the others are written."""
    from territoire.referentiel.models import Territoire

    debut = time.perf_counter()
    rapport = RapportNational(source=str(chemin), dry_run=dry_run)
    choisis = list(territoires if territoires is not None else Territoire.objects.order_by("pk"))
    communes: dict[int, set[str]] = {
        t.pk: set() for t in choisis
    }
    for territoire_id, code in Territoire.communes.through.objects.filter(
        territoire_id__in=list(communes)
    ).values_list("territoire_id", "commune__code_insee"):
        communes[territoire_id].add(code)
    choisis = [t for t in choisis if communes[t.pk]]
    if not choisis:
        raise ImportRefuse(
            "Aucun territoire n'a de communes : créez-les d'abord (territoire init --ti tous, ou --ti ID)."
        )
    appartenance: dict[str, tuple[int, ...]] = defaultdict(tuple)
    for t in choisis:
        for code in communes[t.pk]:
            appartenance[code] = appartenance[code] + (t.pk,)
    lecteur = Lecteur(Path(chemin), ETABLISSEMENTS)
    try:
        lecteur_ul = Lecteur(Path(chemin_unites_legales), UNITES_LEGALES) if chemin_unites_legales else None
    except ImportRefuse:
        lecteur.fermer()
        raise
    rapport.format = lecteur.format
    repartition = Repartition(lecteur, dict(appartenance), dossier_temporaire)
    unites = None
    barre = _Barre(progression, f"Établissements ({len(choisis)} territoires)", suivi)
    try:
        try:
            repartition.lire(avancer=barre.avancer, reprise=barre.recommencer)
        finally:
            barre.fermer()
            lecteur.fermer()
        if lecteur_ul is not None:
            unites = UnitesLegales(repartition, lecteur_ul)
            barre = _Barre(progression, "Unités légales", suivi)
            try:
                unites.lire(avancer=barre.avancer)
            finally:
                barre.fermer()
                lecteur_ul.fermer()
        rapport.lignes_lues, rapport.lignes_gardees = lecteur.lignes_lues, repartition.lignes_gardees
        rapport.secondes_lecture = time.perf_counter() - debut
        partagees = {code for code, ids in appartenance.items() if len(ids) > 1}
        journal = Journal(partagees, dossier_temporaire) if partagees and not dry_run else None
        try:
            with _cache_sqlite(), par_l_index_des_communes():
                for rang_groupe, groupe in enumerate(_groupes(choisis, communes)):
                    _importer_groupe(groupe, repartition, unites, rapport, rang_groupe, len(choisis), journal=journal,
                                     dry_run=dry_run, force=force, fictif=fictif, lance_par=lance_par, suivi=suivi)
        finally:
            if journal is not None:
                journal.fermer()
    finally:
        repartition.fermer()
    if not dry_run:
        apres_passe(rapport)
    rapport.secondes_total = time.perf_counter() - debut
    return rapport


def apres_passe(rapport: RapportNational) -> None:
    """Run the national pass's hooks, once after every territory's run (each in its own transaction).

    An app names one in its AppConfig: ``apres_passe_sirene = "module.fonction"``; the function
    takes the report (the steering computes every territory's census aggregates once, instead of
    after each of the 183 runs).
    """
    from django.apps import apps
    from django.utils.module_loading import import_string

    for config in apps.get_app_configs():
        chemin = getattr(config, "apres_passe_sirene", None)
        if chemin:
            import_string(chemin)(rapport)


def _importer_groupe(groupe, repartition, unites_legales, rapport, rang, total, *, journal, dry_run, force, fictif,
                     lance_par, suivi):
    lus = {}

    def lire(territoire) -> tuple:
        if territoire.pk not in lus:
            extrait = repartition.extrait(territoire.pk)
            contexte = charger_contexte(territoire)
            nouveaux, rejets, nombre, unites = _lire_etablissements(extrait, contexte, False)
            source_ul = ""
            if unites_legales is not None:
                source_ul = str(unites_legales.lecteur.chemin)
                for lot in unites_legales.du_territoire({c["siren"] for c in nouveaux.values()}):
                    for ul in transformer_unites_legales(lot):
                        unites[ul["siren"]] = ul
            lus[territoire.pk] = (Lu(rapport.source, extrait.format, extrait.nom, extrait.lignes_lues, nouveaux,
                                     rejets, nombre, unites, source_ul), contexte)
        return lus[territoire.pk]

    def executer(territoire, essai: bool, avec_journal) -> ImportSirene:
        lu, contexte = lire(territoire)
        return ecrire_import(territoire, lu, contexte, debut=timezone.now(), dry_run=essai, force=force,
                             fictif=fictif, lance_par=lance_par, journal=avec_journal)

    refus_du_groupe = ""
    if len(groupe) > 1 and not dry_run:
        # Checked first, each against the database as it is before the group's writes.
        for territoire in groupe:
            try:
                executer(territoire, True, None)
            except ImportRefuse as exc:
                refus_du_groupe = f"refusé avec « {territoire} », qui partage des communes avec lui : {exc}"
                break
    for territoire in groupe:
        if suivi is not None:
            suivi(f"Territoire {len(rapport.resultats) + 1} sur {total} : {territoire}", rapport.lignes_lues)
        resultat = ResultatTerritoire(territoire, lignes=repartition.par_territoire.get(territoire.pk, 0))
        if refus_du_groupe:
            resultat.refus = refus_du_groupe
        else:
            try:
                resultat.imp = executer(territoire, dry_run, journal)
            except ImportRefuse as exc:
                resultat.refus = str(exc)
        lus.pop(territoire.pk, None)  # memory: one territory's rows at a time
        rapport.resultats.append(resultat)
