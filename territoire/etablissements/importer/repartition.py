"""One read of the national stock, shared out between the territories (``tous.py``).

The reader keeps the rows of every created territory's communes (``Lecteur.lots_valeurs``:
lines cut by DuckDB, only those of these communes split by Python); each batch is routed, by
the row's commune, to the spool of every territory that holds the commune (a commune can
belong to several territories: the row then goes to each). A spool is an Arrow IPC file on
disk, so memory does not grow with the file; a territory's run then reads its own spool
through ``Extrait``, which answers like a ``Lecteur`` does.
"""

from __future__ import annotations

import shutil
import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path

from .lecture import VALEURS_MAX_MOTIF, Lecteur

COLONNE_COMMUNE = "codeCommuneEtablissement"
TAILLE_LOT_REPARTITION = 65_536  # lines per batch from DuckDB: fewer, larger writes per territory


class Repartition:
    """The spools of one pass, in a temporary folder removed by ``fermer()``."""

    def __init__(self, lecteur: Lecteur, appartenance: dict[str, tuple[int, ...]], dossier: Path | None = None) -> None:
        self.lecteur = lecteur
        self.appartenance = appartenance
        self.dossier = Path(tempfile.mkdtemp(prefix="territoire-repartition-", dir=dossier))
        self.lignes_gardees = 0
        self.par_territoire: dict[int, int] = defaultdict(int)
        self._ecrivains: dict = {}
        self._schema = None

    def _chemin(self, territoire_id: int) -> Path:
        return self.dossier / f"territoire-{territoire_id}.arrow"

    def _ecrivain(self, territoire_id: int):
        import pyarrow as pa

        ecrivain = self._ecrivains.get(territoire_id)
        if ecrivain is None:
            sortie = pa.OSFile(str(self._chemin(territoire_id)), "wb")
            ecrivain = self._ecrivains[territoire_id] = (sortie, pa.ipc.new_file(sortie, self._schema))
        return ecrivain[1]

    def _recommencer(self) -> None:
        """The reader starts again from the first line (a quoted value spanning lines)."""
        self._fermer_ecrivains()
        for chemin in self.dossier.glob("territoire-*.arrow"):
            chemin.unlink()
        self.lignes_gardees = 0
        self.par_territoire.clear()

    def _fermer_ecrivains(self) -> None:
        for sortie, ecrivain in self._ecrivains.values():
            ecrivain.close()
            sortie.close()
        self._ecrivains.clear()

    def lire(self, avancer: Callable[[int], None] | None = None, reprise: Callable[[], None] | None = None) -> None:
        """Read the file once and fill the spools."""
        def recommencer() -> None:
            self._recommencer()
            if reprise is not None:
                reprise()

        try:
            if len(self.appartenance) > VALEURS_MAX_MOTIF:
                self._lire_tout(avancer)
            else:
                self._lire_lignes(avancer, recommencer)
        finally:
            self._fermer_ecrivains()

    def _lire_lignes(self, avancer, recommencer) -> None:
        """A few territories: the reader's line filter (``Lecteur.lots_valeurs``), which splits
        only the lines that may be theirs; batches of Python lists, routed row by row."""
        import pyarrow as pa

        for lot in self.lecteur.lots_valeurs(
            COLONNE_COMMUNE, self.appartenance.keys(), avancer=avancer, reprise=recommencer,
            taille_lot=TAILLE_LOT_REPARTITION,
        ):
            if self._schema is None:
                self._schema = pa.schema([(nom, pa.int64() if nom == "_ligne" else pa.string()) for nom in lot])
            table = pa.Table.from_pydict(lot, schema=self._schema)
            indices: dict[int, list[int]] = defaultdict(list)
            for i, code in enumerate(lot[COLONNE_COMMUNE]):
                for territoire_id in self.appartenance.get(code, ()):
                    indices[territoire_id].append(i)
            self.lignes_gardees += len(lot["_ligne"])
            for territoire_id, rangs in indices.items():
                morceau = table if len(rangs) == table.num_rows else table.take(pa.array(rangs, pa.int64()))
                self._ecrivain(territoire_id).write_table(morceau)
                self.par_territoire[territoire_id] += len(rangs)

    def _lire_tout(self, avancer) -> None:
        """Every territory (thousands of communes, most rows of the national file kept): DuckDB
        parses and checks every row (``Lecteur.lots``, strict CSV mode, on its threads) and
        keeps those of the territories' communes; the batches stay Arrow and are routed by
        Arrow's own kernels (the commune's territories looked up by position, rows grouped
        by a stable sort): no Python work per row. Cutting the columns of 60 % of the lines
        in Python was most of the cost of the read (bench/sirene_national.py)."""
        import pyarrow as pa
        import pyarrow.compute as pc

        codes = sorted(self.appartenance)
        connus = pa.array(codes, pa.string())
        # Column r: the r-th territory of each commune (null when it has fewer).
        largeur = max(len(ids) for ids in self.appartenance.values())
        par_rang = [
            pa.array([ids[r] if r < len(ids) else None for ids in (self.appartenance[c] for c in codes)], pa.int64())
            for r in range(largeur)
        ]
        filtre = f"{self.lecteur._texte(COLONNE_COMMUNE)} IN (SELECT v FROM _communes)"
        for lot in self.lecteur.lots(filtre, listes={"_communes": codes}, avancer=avancer,
                                     taille_lot=TAILLE_LOT_REPARTITION, arrow=True):
            if self._schema is None:
                self._schema = pa.schema([(nom, pa.int64() if nom == "_ligne" else pa.string()) for nom in lot.schema.names])
            lot = lot.cast(self._schema) if lot.schema != self._schema else lot
            self.lignes_gardees += lot.num_rows
            positions = pc.index_in(lot.column(COLONNE_COMMUNE), value_set=connus)
            for territoires in par_rang:
                ids = pc.take(territoires, positions)
                valides = lot.num_rows - ids.null_count
                if not valides:
                    continue
                ordre = pc.sort_indices(ids).slice(0, valides)  # stable: file order kept
                tries = pc.take(ids, ordre)
                debut = 0
                for compte in pc.value_counts(tries):
                    territoire_id, n = compte["values"].as_py(), compte["counts"].as_py()
                    rangs = ordre.slice(debut, n)
                    debut += n
                    self._ecrivain(territoire_id).write_batch(lot if n == lot.num_rows else lot.take(rangs))
                    self.par_territoire[territoire_id] += n

    def extrait(self, territoire_id: int) -> Extrait:
        return Extrait(self._chemin(territoire_id), self.lecteur)

    def fermer(self) -> None:
        self._fermer_ecrivains()
        shutil.rmtree(self.dossier, ignore_errors=True)


class Extrait:
    """One territory's rows of the national file, read back from its spool, with the interface
    of a ``Lecteur`` that the import uses (``nom``, ``format``, ``lignes_lues``, ``colonnes``,
    ``a_colonne``, ``lots_valeurs``, ``fermer``): error messages and line numbers are those of
    the national file."""

    def __init__(self, chemin: Path, lecteur: Lecteur) -> None:
        self.chemin = chemin
        self.nom = lecteur.nom
        self.format = lecteur.format
        self.colonnes = lecteur.colonnes
        self.lignes_lues = lecteur.lignes_lues

    def a_colonne(self, nom: str) -> bool:
        return nom in self.colonnes

    def lots_valeurs(self, colonne: str, valeurs, *, avancer=None, reprise=None, taille_lot: int = 20_000
                     ) -> Iterator[dict[str, list]]:
        import pyarrow as pa

        if not self.chemin.exists():
            return  # no row of the file in this territory's communes
        valeurs = set(valeurs)
        with pa.memory_map(str(self.chemin), "r") as source:
            table = pa.ipc.open_file(source).read_all().combine_chunks()
        for lot in table.to_batches(max_chunksize=taille_lot):
            donnees = lot.to_pydict()
            garde = [v in valeurs for v in donnees[colonne]]
            if not all(garde):
                donnees = {k: [x for x, g in zip(vs, garde, strict=True) if g] for k, vs in donnees.items()}
            if donnees["_ligne"]:
                yield donnees
        if avancer is not None:
            avancer(self.lignes_lues)

    def fermer(self) -> None:
        pass


class UnitesLegales:
    """The StockUniteLegale rows of every territory's SIRENs, read once and kept in one Parquet
    spool; each territory's run takes those of its own establishments."""

    def __init__(self, repartition: Repartition, lecteur: Lecteur) -> None:
        self.repartition = repartition
        self.lecteur = lecteur
        self.chemin = repartition.dossier / "unites_legales.parquet"
        self.lignes = 0

    def _sirens(self) -> Path:
        """Every SIREN of the spools, distinct, in a Parquet file (DuckDB: no Python set of millions)."""
        import duckdb
        import pyarrow.dataset as ds

        from .lecture import _echapper

        sortie = self.repartition.dossier / "sirens.parquet"
        fichiers = sorted(str(f) for f in self.repartition.dossier.glob("territoire-*.arrow"))
        con = duckdb.connect()
        try:
            if fichiers:
                etablissements = ds.dataset(fichiers, format="ipc")  # noqa: F841 - read by DuckDB by name
                con.execute(f"COPY (SELECT DISTINCT siren AS v FROM etablissements WHERE siren IS NOT NULL) "
                            f"TO {_echapper(str(sortie))} (FORMAT parquet)")
            else:
                con.execute(f"COPY (SELECT NULL::VARCHAR AS v WHERE false) TO {_echapper(str(sortie))} (FORMAT parquet)")
        finally:
            con.close()
        return sortie

    def lire(self, avancer: Callable[[int], None] | None = None) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        sirens = self._sirens()
        ecrivain = None
        try:
            for lot in self.lecteur.lots("siren IN (SELECT v FROM _sirens)", parquets={"_sirens": sirens},
                                         avancer=avancer):
                table = pa.Table.from_pydict(lot, schema=pa.schema(
                    [(nom, pa.int64() if nom == "_ligne" else pa.string()) for nom in lot]))
                if ecrivain is None:
                    ecrivain = pq.ParquetWriter(str(self.chemin), table.schema)
                ecrivain.write_table(table)
                self.lignes += table.num_rows
        finally:
            if ecrivain is not None:
                ecrivain.close()

    def du_territoire(self, sirens: set[str]) -> Iterator[dict[str, list]]:
        """The spooled rows of these SIRENs, in batches like the reader's."""
        import duckdb

        from .lecture import _creer_liste, _echapper

        if not sirens or not self.chemin.exists():
            return
        con = duckdb.connect()
        try:
            _creer_liste(con, "_t", sorted(sirens))
            lecteur = con.sql(
                f"SELECT * FROM read_parquet({_echapper(str(self.chemin))}) WHERE siren IN (SELECT v FROM _t)"
            ).to_arrow_reader(20_000)
            for lot in lecteur:
                yield lot.to_pydict()
        finally:
            con.close()
