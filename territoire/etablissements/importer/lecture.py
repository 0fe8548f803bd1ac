"""Reader: open a SIRENE stock (CSV, gzip CSV, official ZIP or Parquet) and hand DuckDB's
filtered rows to Python in compact column batches.

- The format is detected from the content (magic bytes), never from the extension.
- The header is read and checked first (required columns by name, known foreign layouts).
- DuckDB reads every column as text (codes keep their leading zeros), keeps only the rows the
  caller asks for (``codeCommuneEtablissement IN (…)`` or a semi-join on SIREN) inside its own
  threads, and projects only the columns the importer uses: Python never loops over the rows
  of other territories.
- A ZIP is not extracted to disk: a thread inflates its CSV member into a named pipe (FIFO)
  that DuckDB reads like a file, so memory and disk use stay flat whatever the file size.
- Every failure becomes an ``ImportRefuse`` with one French line (file, line, what to do).
"""

from __future__ import annotations

import contextlib
import csv
import errno
import fcntl
import gzip
import os
import queue
import re
import shutil
import struct
import tempfile
import threading
import time
import zipfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb

try:  # ISA-L's inflate, with zlib's interface; zlib where no wheel exists for the machine
    from isal import isal_zlib as _DEFLATE
except ImportError:  # pragma: no cover - isal is a dependency
    _DEFLATE = zlib

from .colonnes import ETABLISSEMENTS, Genre, disposition_etrangere
from .erreurs import ImportRefuse
from .tubes import PREFIXE_TUBE, nettoyer_tubes_abandonnes

TAILLE_LOT = 20_000
# Smaller batches for the line reader: the caller transforms each batch while the ZIP goes on
# inflating into a queue of 32 MB; a batch must be handled before that queue fills.
TAILLE_LOT_LIGNES = 4_096
PAS_PROGRESSION = 200_000  # one marker row every N lines read, to move the progress bar
TAILLE_BLOC_ZIP = 4 << 20
BLOCS_EN_AVANCE = 8  # inflated blocks waiting for DuckDB: at most 32 MB
TAILLE_LIGNE_MAX = 2 << 20  # DuckDB's default max_line_size: longer lines are refused
TAMPON_DUCKDB = 4 << 20  # DuckDB's CSV buffer when we set it (at least twice the longest line)
# With its buffer size given, DuckDB no longer applies its default line limit: both are said.
_TAMPONS = f", buffer_size = {TAMPON_DUCKDB}, max_line_size = {TAILLE_LIGNE_MAX}"
VALEURS_MAX_MOTIF = 5_000  # beyond, one regular expression of all the values would be slow to build

MAGIE_ZIP = b"PK\x03\x04"
MAGIE_ZIP_VIDE = b"PK\x05\x06"
MAGIE_GZIP = b"\x1f\x8b"
MAGIE_PARQUET = b"PAR1"

LARGEURS_CODES = {"siren": 9, "nic": 5, "siret": 14, "codeCommuneEtablissement": 5, "nicSiegeUniteLegale": 5}
TYPES_ENTIERS = {"TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT"}

_LIGNE_DUCKDB = re.compile(r"CSV Error on Line:\s*(\d+)")


class _Compteur:
    """Counts the rows DuckDB reads: a vectorised function of the query, called with each vector
    of row numbers (on DuckDB's threads), which it returns unchanged. A sequence (`nextval`)
    counted as well, but made DuckDB hold the whole result before handing it over: memory grew
    with the file (974 MB for 1 M rows read, 332 MB with this function, at the same speed)."""

    NOM = "_compter"

    def __init__(self) -> None:
        self.total = 0
        self._verrou = threading.Lock()

    def __call__(self, numeros):
        with self._verrou:
            self.total += len(numeros)
        return numeros

    def brancher(self, con: duckdb.DuckDBPyConnection) -> None:
        # Side effects declared: the optimiser neither drops the call nor moves a filter below it.
        con.create_function(self.NOM, self, ["BIGINT"], "BIGINT", type="arrow", null_handling="special",
                            side_effects=True)


class _LectureStricte(Exception):
    """The file cannot be cut into records by its lines (a quoted value holds a line break, or
    line breaks are mixed in a way DuckDB's line reader rejects): the strict reader takes over."""


def detecter_format(chemin: Path) -> str:
    """'zip', 'parquet', 'gzip' or 'csv', from the first bytes of the file."""
    if not chemin.exists():
        raise ImportRefuse(f"Fichier {chemin} introuvable : vérifiez le chemin.")
    if chemin.is_dir():
        raise ImportRefuse(
            f"{chemin} est un dossier : donnez le fichier StockEtablissement lui-même (CSV, ZIP ou Parquet)."
        )
    if not chemin.is_file():
        raise ImportRefuse(f"{chemin} n'est pas un fichier ordinaire : donnez un fichier CSV, ZIP ou Parquet.")
    try:
        with open(chemin, "rb") as fh:
            debut = fh.read(4)
    except OSError as exc:
        raise ImportRefuse(f"Fichier {chemin} illisible ({exc.strerror}) : vérifiez ses droits.") from exc
    if not debut:
        raise ImportRefuse(f"Fichier {chemin} vide (0 octet) : le téléchargement a sans doute échoué, recommencez-le.")
    if debut in (MAGIE_ZIP, MAGIE_ZIP_VIDE):
        return "zip"
    if debut == MAGIE_PARQUET:
        return "parquet"
    if debut[:2] == MAGIE_GZIP:
        return "gzip"
    return "csv"


def _decoder_entete(brut: bytes, nom: str) -> str:
    brut = brut.removeprefix(b"\xef\xbb\xbf").rstrip(b"\r\n")
    if b"\x00" in brut:
        raise ImportRefuse(
            f"{nom}, ligne 1 : contenu binaire ou encodage UTF-16, pas un CSV UTF-8 ; "
            "donnez le fichier CSV, ZIP ou Parquet publié par l'INSEE."
        )
    try:
        return brut.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ImportRefuse(
            f"{nom}, ligne 1, octet {exc.start + 1} : l'en-tête n'est pas en UTF-8 (Latin-1 ou Windows-1252 ?) ; "
            "réenregistrez le fichier en UTF-8 ou reprenez le fichier officiel."
        ) from exc


def _colonnes_csv(premiere_ligne: bytes, nom: str) -> tuple[list[str], str]:
    texte = _decoder_entete(premiere_ligne, nom)
    if not texte.strip():
        raise ImportRefuse(f"{nom}, ligne 1 : en-tête vide ; un CSV SIRENE commence par la ligne des noms de colonnes.")
    delimiteur = ";" if texte.count(";") > texte.count(",") else ","
    colonnes = next(csv.reader([texte], delimiter=delimiteur))
    return [c.strip() for c in colonnes], delimiteur


class _MembreZip:
    """The single CSV member of an official ZIP."""

    def __init__(self, chemin: Path) -> None:
        try:
            self.archive = zipfile.ZipFile(chemin)
        except zipfile.BadZipFile as exc:
            raise ImportRefuse(
                f"{chemin} : ZIP illisible, tronqué ou corrompu ({exc}) ; retéléchargez le fichier "
                "(territoire sirene download)."
            ) from exc
        except OSError as exc:
            raise ImportRefuse(f"{chemin} : ZIP illisible ({exc}) ; retéléchargez le fichier.") from exc
        membres = [
            m for m in self.archive.infolist()
            if not m.is_dir() and not m.filename.startswith("__MACOSX/")
        ]
        if not membres:
            self.archive.close()
            raise ImportRefuse(f"{chemin} : le ZIP est vide ; retéléchargez le stock SIRENE (territoire sirene download).")
        csvs = [m for m in membres if m.filename.lower().endswith(".csv")]
        if not csvs:
            noms = ", ".join(m.filename for m in membres[:3])
            self.archive.close()
            raise ImportRefuse(
                f"{chemin} : le ZIP ne contient pas de CSV (il contient {noms}) ; "
                "donnez le ZIP officiel du stock SIRENE, qui contient un seul fichier CSV."
            )
        if len(csvs) > 1:
            noms = ", ".join(m.filename for m in csvs[:3])
            self.archive.close()
            raise ImportRefuse(
                f"{chemin} : le ZIP contient plusieurs CSV ({noms}) ; donnez un ZIP qui n'en contient qu'un."
            )
        self.info = csvs[0]
        self.nom = f"{chemin} (membre {self.info.filename})"

    def premiere_ligne(self) -> bytes:
        try:
            with self.archive.open(self.info) as membre:
                return membre.readline(1 << 20)
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError, NotImplementedError) as exc:
            raise ImportRefuse(f"{self.nom} : contenu illisible ({exc}) ; retéléchargez le fichier.") from exc

    def blocs(self, taille: int) -> Iterator[bytes]:
        """The member's content, inflated, in blocks of about ``taille`` bytes.

        A deflated member is inflated here with ISA-L (the ``isal`` package: about 2.5 times
        zlib's speed, measured on the bench), its CRC-32 and size checked at the end; other
        compression methods go through ``zipfile``. Raises ``zipfile.BadZipFile`` on a cut or
        corrupt member.
        """
        info = self.info
        if info.compress_type != zipfile.ZIP_DEFLATED or info.flag_bits & 0x1:  # not deflate, or encrypted
            with self.archive.open(info) as source:
                while bloc := source.read(taille):
                    yield bloc
            return
        with open(self.archive.filename, "rb") as fichier:
            fichier.seek(info.header_offset)
            entete = fichier.read(30)
            if len(entete) < 30 or entete[:4] != MAGIE_ZIP:
                raise zipfile.BadZipFile("en-tête local du membre introuvable")
            longueur_nom, longueur_extra = struct.unpack("<HH", entete[26:30])
            fichier.seek(info.header_offset + 30 + longueur_nom + longueur_extra)
            inflation = _DEFLATE.decompressobj(-15)

            def inflates() -> Iterator[bytes]:
                reste = info.compress_size
                while reste:
                    compresse = fichier.read(min(taille // 4, reste))
                    if not compresse:
                        raise zipfile.BadZipFile(f"membre coupé : {reste} octets compressés manquent")
                    reste -= len(compresse)
                    yield inflation.decompress(compresse)
                yield inflation.flush()

            crc, taille_totale = 0, 0
            try:
                for bloc in inflates():
                    if bloc:
                        crc = _DEFLATE.crc32(bloc, crc)
                        taille_totale += len(bloc)
                        yield bloc
            except _DEFLATE.error as exc:
                raise zipfile.BadZipFile(f"données compressées invalides ({exc})") from exc
            if not inflation.eof or taille_totale != info.file_size or crc != info.CRC:
                raise zipfile.BadZipFile("somme de contrôle CRC-32 ou taille différente de celle annoncée")

    def close(self) -> None:
        self.archive.close()


class _Alimentation(threading.Thread):
    """Inflates the ZIP member into a FIFO that DuckDB reads: no full copy on disk or in memory.

    The alternative, extracting the member to a temporary file first, would need as much free
    disk as the uncompressed stock (about 8 GB nationally) and read the data twice.

    Two threads: this one inflates into a bounded queue of blocks, a second one writes the
    queue into the pipe. DuckDB reads a pipe by filling a whole buffer, then parses it without
    reading; a pipe holds at most 1 MB (Linux's default limit), so with one thread inflating
    straight into the pipe, inflating stopped during every parse and the two never overlapped.
    The queue (``BLOCS_EN_AVANCE`` blocks) lets inflating go on meanwhile: ISA-L and zlib
    release the GIL, so it runs on the second core.
    """

    def __init__(self, membre: _MembreZip, fifo: str) -> None:
        super().__init__(daemon=True, name="sirene-zip")
        self.membre = membre
        self.fifo = fifo
        self.erreur: BaseException | None = None
        self.lignes = 0  # line breaks inflated so far, to say where a corrupt member broke
        self.fin = b""  # what follows the last line break: a last line without one, maybe cut
        self.arret = threading.Event()
        self.blocs: queue.Queue[bytes | None] = queue.Queue(maxsize=BLOCS_EN_AVANCE)
        self.ecrivain = threading.Thread(target=self._ecrire, daemon=True, name="sirene-zip-ecriture")

    def run(self) -> None:
        self.ecrivain.start()
        try:
            for bloc in self.membre.blocs(TAILLE_BLOC_ZIP):
                if self.arret.is_set():
                    break
                sauts = bloc.count(b"\n")
                self.lignes += sauts
                if sauts:
                    self.fin = bloc[bloc.rindex(b"\n") + 1:]
                elif len(self.fin) <= TAILLE_LIGNE_MAX:
                    self.fin += bloc
                self._deposer(bloc)
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError, NotImplementedError, RuntimeError) as exc:
            self.erreur = exc  # RuntimeError: an encrypted member, which zipfile cannot open without its password
        finally:
            self._deposer(None)  # end of the stream: the writer closes the pipe
            self.ecrivain.join()

    def _deposer(self, bloc: bytes | None) -> None:
        while not self.arret.is_set():
            try:
                self.blocs.put(bloc, timeout=0.1)
                return
            except queue.Full:
                continue  # DuckDB is parsing: wait for room, unless stopped

    def _ouvrir(self) -> int | None:
        """The pipe's writing end once DuckDB has opened it for reading; None if stopped first.

        Opened without blocking, retried every few milliseconds: a blocking ``open`` would wait
        forever if DuckDB failed before opening the pipe, and no one could wake it for sure.
        """
        while not self.arret.is_set():
            try:
                sortie = os.open(self.fifo, os.O_WRONLY | os.O_NONBLOCK)
            except OSError as exc:
                if exc.errno != errno.ENXIO:  # ENXIO: no reader yet
                    raise
                time.sleep(0.005)
                continue
            os.set_blocking(sortie, True)
            return sortie
        return None

    def _ecrire(self) -> None:
        try:
            sortie = self._ouvrir()
        except OSError as exc:
            self.erreur = self.erreur or exc
            self.arret.set()
            return
        if sortie is None:
            return
        # The largest pipe the system allows (fs.pipe-max-size, 1 MB by default) instead of 64 KB.
        for taille in (TAILLE_BLOC_ZIP, 1 << 20):
            try:
                fcntl.fcntl(sortie, getattr(fcntl, "F_SETPIPE_SZ", 1031), taille)
                break
            except OSError:
                continue  # refused: the default size works, a little slower
        try:
            while True:
                try:
                    bloc = self.blocs.get(timeout=0.1)
                except queue.Empty:
                    if self.arret.is_set():
                        break
                    continue
                if bloc is None:
                    break
                vue = memoryview(bloc)
                while vue:
                    vue = vue[os.write(sortie, vue):]
        except BrokenPipeError:
            self.arret.set()  # DuckDB stopped reading (an error of its own, reported by the reader)
        except OSError as exc:
            self.erreur = self.erreur or exc
            self.arret.set()
        finally:
            os.close(sortie)

    def debloquer(self) -> None:
        """Let both threads end even if DuckDB never opened the pipe or stopped reading it (the
        writer then gets a broken pipe: call this once DuckDB's connection is closed)."""
        self.arret.set()
        self.join(timeout=30)


def _echapper(texte: str) -> str:
    return "'" + texte.replace("'", "''") + "'"


def _ident(nom: str) -> str:
    return '"' + nom.replace('"', '""') + '"'


class Lecteur:
    """One SIRENE file, checked, ready to be read by DuckDB.

    ``format`` and ``colonnes`` are known as soon as it is built (the header was read and
    checked); ``lots()`` then streams the kept rows. ``lignes_lues`` is the number of data rows
    DuckDB went through, known once ``lots()`` is exhausted.
    """

    def __init__(self, chemin: str | Path, genre: Genre = ETABLISSEMENTS) -> None:
        self.chemin = Path(chemin)
        self.genre = genre
        self.format = detecter_format(self.chemin)
        self.nom = str(self.chemin)
        self.lignes_lues = 0
        self._membre: _MembreZip | None = None
        self._types: dict[str, str] = {}
        self.delimiteur = ","
        if self.format == "zip":
            self._membre = _MembreZip(self.chemin)
            self.nom = self._membre.nom
            self.colonnes, self.delimiteur = _colonnes_csv(self._membre.premiere_ligne(), self.nom)
        elif self.format == "parquet":
            self.colonnes = self._colonnes_parquet()
        else:
            self.colonnes, self.delimiteur = self._colonnes_texte()
        self._verifier()

    # --- header --------------------------------------------------------------------------

    def _colonnes_texte(self) -> tuple[list[str], str]:
        try:
            ouvrir = gzip.open if self.format == "gzip" else open
            with ouvrir(self.chemin, "rb") as fh:
                premiere = fh.readline(1 << 20)
        except (OSError, EOFError, zlib.error) as exc:
            raise ImportRefuse(f"{self.nom} : fichier illisible ({exc}) ; retéléchargez-le.") from exc
        if not premiere.strip():
            raise ImportRefuse(f"{self.nom}, ligne 1 : fichier sans en-tête ; un CSV SIRENE commence par les noms de colonnes.")
        return _colonnes_csv(premiere, self.nom)

    def _colonnes_parquet(self) -> list[str]:
        con = duckdb.connect()
        try:
            lignes = con.execute(f"DESCRIBE SELECT * FROM read_parquet({_echapper(str(self.chemin))})").fetchall()
        except duckdb.Error as exc:
            raise ImportRefuse(
                f"{self.nom} : fichier Parquet illisible ou tronqué ({_premiere_ligne(exc)}) ; retéléchargez-le."
            ) from exc
        finally:
            con.close()
        self._types = {ligne[0]: ligne[1] for ligne in lignes}
        return [ligne[0] for ligne in lignes]

    def _verifier(self) -> None:
        autre = disposition_etrangere(self.colonnes, self.genre)
        if autre:
            raise ImportRefuse(f"{self.nom} : {autre}.")
        if self.delimiteur != ",":
            raise ImportRefuse(
                f"{self.nom}, ligne 1 : séparateur « {self.delimiteur} » ; les fichiers SIRENE de l'INSEE "
                "sont séparés par des virgules : reprenez le fichier officiel."
            )
        vues: set[str] = set()
        for numero, nom in enumerate(self.colonnes, start=1):
            if nom in vues:
                raise ImportRefuse(
                    f"{self.nom}, ligne 1, colonne {numero} : la colonne « {nom} » apparaît deux fois ; "
                    "chaque colonne ne doit figurer qu'une fois."
                )
            vues.add(nom)
        manquantes = [c for c in self.genre.requises if c not in vues]
        if manquantes:
            raise ImportRefuse(
                f"{self.nom}, ligne 1 : colonne(s) obligatoire(s) absente(s) : {', '.join(manquantes)} ; "
                f"ce n'est pas un fichier {self.genre.libelle} complet (les colonnes sont lues par leur nom)."
            )

    def a_colonne(self, nom: str) -> bool:
        return nom in self.colonnes

    # --- rows ----------------------------------------------------------------------------

    def _source_sql(self, chemin_lu: str) -> str:
        if self.format == "parquet":
            return f"read_parquet({_echapper(chemin_lu)}, file_row_number = true)"
        types = "{" + ", ".join(f"{_echapper(c)}: 'VARCHAR'" for c in self.colonnes) + "}"
        compression = "gzip" if self.format == "gzip" else "none"
        return (
            f"read_csv({_echapper(chemin_lu)}, header = true, auto_detect = false, delim = ',', "
            f"quote = '\"', escape = '\"', columns = {types}, compression = {_echapper(compression)}, "
            f"strict_mode = true, null_padding = false{self._tampon()})"
        )

    def _tampon(self) -> str:
        """From a pipe, DuckDB parses a buffer only once it is full: smaller buffers than its
        default let parsing follow inflating closely (measured: bench/sirene_import.py)."""
        return _TAMPONS if self._membre is not None else ""

    def _texte(self, colonne: str) -> str:
        """The column as text; a code that a Parquet writer stored as an integer gets its leading
        zeros back (SIRET 00588003400011, commune 01053)."""
        texte = f"CAST({_ident(colonne)} AS VARCHAR)"
        largeur = LARGEURS_CODES.get(colonne)
        if largeur and self._types.get(colonne, "VARCHAR").upper() in TYPES_ENTIERS:
            texte = f"lpad({texte}, {largeur}, '0')"
        return texte

    def _en_texte(self, colonne: str) -> str:
        if colonne not in self.colonnes:
            return f"NULL::VARCHAR AS {_ident(colonne)}"
        return f"{self._texte(colonne)} AS {_ident(colonne)}"

    @contextlib.contextmanager
    def _connexion(self) -> Iterator[tuple[duckdb.DuckDBPyConnection, str, _Alimentation | None]]:
        """A DuckDB connection and the path it reads: the file itself, or a FIFO that a thread
        fills with the inflated ZIP member (then also yielded, to check it ended well)."""
        dossier = None
        alimentation = None
        con = duckdb.connect()
        try:
            chemin_lu = str(self.chemin)
            if self._membre is not None:
                # Named after this process: a reader killed before its `finally` leaves the
                # folder behind, and the next reader removes it (tubes.py).
                nettoyer_tubes_abandonnes()
                dossier = tempfile.mkdtemp(prefix=f"{PREFIXE_TUBE}{os.getpid()}-")
                chemin_lu = os.path.join(dossier, "membre.csv")
                os.mkfifo(chemin_lu)
                alimentation = _Alimentation(self._membre, chemin_lu)
                alimentation.start()
            yield con, chemin_lu, alimentation
        finally:
            con.close()
            if alimentation is not None:
                alimentation.debloquer()
            if dossier is not None:
                shutil.rmtree(dossier, ignore_errors=True)

    def _refus_lecture(
        self, exc: BaseException, con: duckdb.DuckDBPyConnection, alimentation: _Alimentation | None
    ) -> ImportRefuse:
        """The refusal for a failed read: the ZIP's own error if its threads met one (a cut
        member makes DuckDB fail too, with a less useful message), else DuckDB's."""
        if alimentation is not None:
            con.close()  # DuckDB lets go of the pipe: a writer blocked on it gets a broken pipe
            alimentation.debloquer()
            if alimentation.erreur is not None:
                return self._refus_zip(alimentation)
        return self._refus_duckdb(exc)

    def _fin_de_lecture(self, alimentation: _Alimentation | None) -> None:
        if alimentation is not None:
            alimentation.join()
            if alimentation.erreur is not None:
                raise self._refus_zip(alimentation)

    def lots(
        self,
        filtre: str,
        *,
        listes: dict[str, list[str]] | None = None,
        parquets: dict[str, Path] | None = None,
        avancer: Callable[[int], None] | None = None,
        taille_lot: int = TAILLE_LOT,
        arrow: bool = False,
    ) -> Iterator[dict[str, list]]:
        """Stream the rows where the SQL condition ``filtre`` holds, as column batches.

        Each batch maps every column of the genre (required and optional; absent ones are
        None) plus ``_ligne`` (the line number in the file, header = line 1) to a list.
        ``listes`` are lists of texts the filter can read as one-column tables (``v``) under
        their name (semi-joins); ``parquets`` the same, read from Parquet files with a ``v``
        column (the SIRENs of every territory: too many for a Python list).
        ``avancer(n)`` is called with the number of lines read so far.

        Every row of the file is parsed and checked (DuckDB's strict CSV mode). To keep the
        rows of a few communes or SIRENs, ``lots_valeurs`` is several times faster.

        ``arrow``: the batches stay Arrow record batches (same columns), never turned into Python
        lists: for the pass over every territory, which keeps most rows of the file and writes
        them to Arrow spools (``repartition.py``).
        """
        colonnes = list(dict.fromkeys(self.genre.requises + self.genre.optionnelles))
        projection = ", ".join(self._en_texte(c) for c in colonnes)
        decalage = 0 if self.format == "parquet" else 1  # the header is line 1 of a CSV
        with self._connexion() as (con, chemin_lu, alimentation):
            con.execute("SET preserve_insertion_order = true")
            for nom, valeurs in (listes or {}).items():
                _creer_liste(con, nom, valeurs)
            for nom, fichier in (parquets or {}).items():
                con.execute(f"CREATE TEMP TABLE {_ident(nom)} AS SELECT CAST(v AS VARCHAR) AS v "
                            f"FROM read_parquet({_echapper(str(fichier))})")
            if self.format == "parquet":
                # Parquet numbers its rows itself and knows their count from its footer: no
                # window function, and no progress rows mixed with the kept ones, so that the
                # filter goes down into the scan (row groups skipped by their statistics, other
                # columns decoded only for the rows kept) on all DuckDB's threads.
                requete_total = f"SELECT count(*) FROM {self._source_sql(chemin_lu)}"
                requete = f"""
                    SELECT file_row_number + 1 AS _ligne, true AS _garde, NULL AS _compte, {projection}
                    FROM {self._source_sql(chemin_lu)}
                    WHERE coalesce({filtre}, false)
                """
            else:
                # A CSV row's number is its rank in the stream (a streaming window); the rows
                # are counted by a function of the query (`_Compteur`, read once at the end), far
                # cheaper than spotting the last row with ``lead(1) OVER ()``, which holds back
                # the whole stream.
                compteur = _Compteur()
                compteur.brancher(con)
                requete = f"""
                    SELECT _ligne + {decalage} AS _ligne, _garde, _compte, {projection}
                    FROM (
                        SELECT *, {_Compteur.NOM}(_ligne) AS _compte
                        FROM (
                            SELECT row_number() OVER () AS _ligne, coalesce({filtre}, false) AS _garde, *
                            FROM {self._source_sql(chemin_lu)}
                        )
                    )
                    WHERE _garde OR _ligne % {PAS_PROGRESSION} = 0
                """
            try:
                if self.format == "parquet":
                    total = con.execute(requete_total).fetchall()[0][0]
                lecteur = con.sql(requete).to_arrow_reader(taille_lot)
                for lot in lecteur:
                    if arrow:
                        yield from self._lot_arrow(lot, decalage, avancer)
                        continue
                    donnees = lot.to_pydict()
                    lignes = donnees["_ligne"]
                    if lignes:
                        self.lignes_lues = lignes[-1] - decalage
                        if avancer:
                            avancer(self.lignes_lues)
                    del donnees["_compte"]  # selected only so that DuckDB does not optimise the count away
                    garde = donnees.pop("_garde")
                    if not all(garde):
                        donnees = {k: [v for v, g in zip(vs, garde, strict=True) if g] for k, vs in donnees.items()}
                    if donnees["_ligne"]:
                        yield donnees
                if self.format != "parquet":
                    total = compteur.total
            except (duckdb.Error, OSError, ValueError) as exc:
                raise self._refus_lecture(exc, con, alimentation) from exc
            if total != self.lignes_lues:
                self.lignes_lues = total
                if avancer:
                    avancer(total)
            self._fin_de_lecture(alimentation)

    def _lot_arrow(self, lot, decalage: int, avancer: Callable[[int], None] | None):
        """One batch of ``lots(arrow=True)``: the kept rows, without the helper columns."""
        import pyarrow.compute as pc

        if lot.num_rows:
            self.lignes_lues = lot.column(0)[-1].as_py() - decalage
            if avancer:
                avancer(self.lignes_lues)
        garde = lot.column(1)
        lot = lot.drop_columns(["_garde", "_compte"])
        if garde.null_count or not pc.all(garde).as_py():
            lot = lot.filter(pc.fill_null(garde, False))
        if lot.num_rows:
            yield lot

    def lots_valeurs(
        self,
        colonne: str,
        valeurs,
        *,
        avancer: Callable[[int], None] | None = None,
        reprise: Callable[[], None] | None = None,
        taille_lot: int = TAILLE_LOT_LIGNES,
    ) -> Iterator[dict[str, list]]:
        """The rows whose ``colonne`` holds one of ``valeurs`` (a territory's commune codes, the
        SIRENs of its establishments), in the batches ``lots()`` gives.

        A CSV or a ZIP is read as plain lines first: in one pass that splits no column, DuckDB
        keeps the lines that may hold a value — one of them appears anywhere in the line (a
        regular expression, run by RE2's automaton), or, for a column that opens the line (the
        SIREN of StockUniteLegale), the line starts with one of them (a hash join) — and the
        lines that hold a quote; Python splits those few lines and keeps the rows whose
        ``colonne`` really holds a value. Splitting the columns of the 99 % of lines that belong
        to other territories was most of the cost of an import.

        What is checked: every line is valid UTF-8, under 2 MB and without a NUL byte; a last
        line without a line break is checked for its number of columns (a cut file); every line
        split has the header's number of columns and well-formed quotes. The other lines, rows
        of other territories, are not split.

        When a quoted value spans lines (a line with an odd number of quotes), lines are not
        records: ``reprise()`` is called, the caller forgets the batches it has received, and
        the file is read again, strictly, by ``lots()``. Parquet and gzip go to ``lots()``.
        """
        valeurs = {str(v) for v in valeurs}
        if not valeurs:
            return
        if self.format in ("csv", "zip") and colonne in self.colonnes:
            try:
                yield from self._lots_par_lignes(colonne, valeurs, avancer, taille_lot)
                return
            except _LectureStricte:
                self.lignes_lues = 0
                if reprise is not None:
                    reprise()
        if len(valeurs) <= VALEURS_MAX_MOTIF:
            # A list of constants: DuckDB pushes it into a Parquet scan (a semi-join it may not).
            filtre = f"{self._texte(colonne)} IN ({', '.join(_echapper(v) for v in sorted(valeurs))})"
            yield from self.lots(filtre, avancer=avancer, taille_lot=taille_lot)
        else:
            filtre = f"{self._texte(colonne)} IN (SELECT v FROM _valeurs)"
            yield from self.lots(filtre, listes={"_valeurs": sorted(valeurs)}, avancer=avancer, taille_lot=taille_lot)

    def _lots_par_lignes(
        self, colonne: str, valeurs: set[str], avancer: Callable[[int], None] | None, taille_lot: int
    ) -> Iterator[dict[str, list]]:
        largeur = len(self.colonnes)
        rang = self.colonnes.index(colonne)
        sorties = list(dict.fromkeys(self.genre.requises + self.genre.optionnelles))
        rangs = [(nom, self.colonnes.index(nom) if nom in self.colonnes else None) for nom in sorties]
        longueurs = {len(v) for v in valeurs}
        jointure = rang == 0 and len(longueurs) == 1
        if jointure:
            candidate = f"left(_l, {longueurs.pop()}) IN (SELECT v FROM _valeurs)"
        elif len(valeurs) <= VALEURS_MAX_MOTIF:
            candidate = f"regexp_matches(_l, {_echapper('|'.join(re.escape(v) for v in sorted(valeurs)))})"
        else:
            # Too many values for one automaton (the communes of every territory): the field is
            # cut out of the line at its rank, then looked up in a hash join. Exact for a line
            # without quotes; a line with quotes is kept anyway and split by Python below.
            jointure = True
            candidate = f"split_part(_l, ',', {rang + 1}) IN (SELECT v FROM _valeurs)"
        with self._connexion() as (con, chemin_lu, alimentation):
            if jointure:
                _creer_liste(con, "_valeurs", sorted(valeurs))
            # One VARCHAR column per line: the delimiter is the NUL character, which strict mode
            # turns into an error (a second column) if a line holds one. Buffers of 4 MB rather
            # than DuckDB's default: from a pipe, parsing follows inflating closely; from a file,
            # fewer megabytes in flight (peak memory 210 MB instead of 285-320 on the bench).
            # The header (line 1) is skipped in Python: a condition on the row number would be
            # applied before the function that counts the lines, and the count would miss it.
            source = (
                f"read_csv({_echapper(chemin_lu)}, header = false, auto_detect = false, delim = chr(0), "
                "quote = '', escape = '', columns = {'_l': 'VARCHAR'}, compression = 'none', strict_mode = true"
                f"{_TAMPONS})"
            )
            compteur = _Compteur()
            compteur.brancher(con)
            requete = f"""
                SELECT _n, _c, _l FROM (
                    SELECT *, {_Compteur.NOM}(_n) AS _c FROM (SELECT row_number() OVER () AS _n, _l FROM {source})
                )
                WHERE {candidate} OR strpos(_l, '"') > 0 OR _n % {PAS_PROGRESSION} = 0
            """
            try:
                for lot in con.sql(requete).to_arrow_reader(taille_lot):
                    numeros = lot.column(0).to_pylist()
                    gardees = self._decouper(numeros, lot.column(2).to_pylist(), valeurs, rang, largeur)
                    if numeros:
                        self.lignes_lues = numeros[-1] - 1
                        if avancer:
                            avancer(self.lignes_lues)
                    if gardees:
                        donnees = {"_ligne": [numero for numero, _ in gardees]}
                        for nom, indice in rangs:
                            donnees[nom] = (
                                [None] * len(gardees) if indice is None
                                else [champs[indice] or None for _, champs in gardees]
                            )
                        yield donnees
                total = compteur.total
            except (duckdb.Error, OSError, ValueError) as exc:
                texte = str(exc)
                refus = self._refus_lecture(exc, con, alimentation)
                if alimentation is not None and alimentation.erreur is not None:
                    raise refus from exc
                if "Expected Number of Columns" in texte:
                    ligne = _LIGNE_DUCKDB.search(texte)
                    ou = f"{self.nom}, ligne {ligne.group(1)}" if ligne else self.nom
                    raise ImportRefuse(
                        f"{ou} : caractère nul (octet 0) dans la ligne : fichier binaire ou abîmé, pas un CSV "
                        "SIRENE ; reprenez le fichier officiel."
                    ) from exc
                if any(motif in texte for motif in ("Invalid unicode", "not utf-8", "Maximum line size")):
                    raise refus from exc  # the strict reader would stop on the same line
                raise _LectureStricte from exc  # e.g. a "\r\n" inside a value of a file cut by "\n"
            self._fin_de_lecture(alimentation)
            self._verifier_derniere_ligne(alimentation.fin if alimentation else self._fin_du_fichier(), total, largeur)
        if total - 1 != self.lignes_lues:
            self.lignes_lues = max(total - 1, 0)
            if avancer:
                avancer(self.lignes_lues)

    def _decouper(
        self, numeros: list[int], lignes: list[str | None], valeurs: set[str], rang: int, largeur: int
    ) -> list[tuple[int, list[str]]]:
        """The (line number, values) of the candidate lines whose column ``rang`` holds one of ``valeurs``."""
        gardees = []
        for numero, ligne in zip(numeros, lignes, strict=True):
            if ligne is None or numero == 1:
                continue  # an empty line, the header
            if '"' in ligne:
                if ligne.count('"') % 2:
                    raise _LectureStricte
                try:
                    champs = next(csv.reader((ligne,), strict=True))
                except csv.Error as exc:
                    raise ImportRefuse(
                        f"{self.nom}, ligne {numero} : guillemets mal placés ({exc}) ; le fichier est abîmé : "
                        "reprenez le fichier officiel."
                    ) from exc
            else:
                champs = ligne.split(",")
            if len(champs) != largeur:
                # Where a value we look for appears, the row may be ours: checked like ours.
                raise self._refus_colonnes(numero, len(champs), largeur)
            if champs[rang] in valeurs:
                gardees.append((numero, champs))
        return gardees

    def _refus_colonnes(self, numero: int, trouvees: int, attendues: int) -> ImportRefuse:
        return ImportRefuse(
            f"{self.nom}, ligne {numero} : nombre de colonnes différent de l'en-tête ({trouvees} au lieu de "
            f"{attendues}) ; le fichier est tronqué ou abîmé : retéléchargez-le."
        )

    def _fin_du_fichier(self) -> bytes:
        """What follows the file's last line break (b"" when it ends with one)."""
        with open(self.chemin, "rb") as fh:
            taille = fh.seek(0, os.SEEK_END)
            fh.seek(max(0, taille - TAILLE_LIGNE_MAX - 2))
            queue = fh.read()
        return queue[queue.rfind(b"\n") + 1:]

    def _verifier_derniere_ligne(self, fin: bytes, total: int, largeur: int) -> None:
        """A last line without a line break is how a cut download ends: count its columns."""
        texte = fin.decode("utf-8", "replace").rstrip("\r")
        if not texte or total <= 1:
            return
        champs = next(csv.reader((texte,)), [])
        if len(champs) != largeur:
            raise self._refus_colonnes(total, len(champs), largeur)

    def fermer(self) -> None:
        if self._membre is not None:
            self._membre.close()

    def _refus_zip(self, alimentation: _Alimentation) -> ImportRefuse:
        return ImportRefuse(
            f"{self.nom} : ZIP tronqué ou corrompu, lecture interrompue vers la ligne {alimentation.lignes + 1} "
            f"({alimentation.erreur}) ; retéléchargez le fichier (territoire sirene download)."
        )

    def _refus_duckdb(self, exc: BaseException) -> ImportRefuse:
        texte = str(exc)
        ligne = _LIGNE_DUCKDB.search(texte)
        ou = f"{self.nom}, ligne {ligne.group(1)}" if ligne else self.nom
        if "not utf-8" in texte or "Invalid unicode" in texte:
            return ImportRefuse(
                f"{ou} : caractères qui ne sont pas en UTF-8 (fichier en Latin-1 ou Windows-1252 ?) ; "
                "réenregistrez le fichier en UTF-8 ou reprenez le fichier officiel de l'INSEE."
            )
        if "Expected Number of Columns" in texte:
            attendu = re.search(r"Expected Number of Columns:\s*(\d+)\s*Found:\s*(\d+)", texte)
            detail = f" ({attendu.group(2)} au lieu de {attendu.group(1)})" if attendu else ""
            return ImportRefuse(
                f"{ou} : nombre de colonnes différent de l'en-tête{detail} ; le fichier est tronqué ou "
                "abîmé : retéléchargez-le."
            )
        if "Maximum line size" in texte:
            return ImportRefuse(
                f"{ou} : ligne de plus de 2 Mo, ce qui n'existe pas dans un fichier SIRENE (fichier abîmé "
                "ou qui n'est pas un CSV SIRENE) ; reprenez le fichier officiel."
            )
        if "GZIP" in texte or "gzip" in texte:
            return ImportRefuse(
                f"{ou} : fichier gzip tronqué ou corrompu ({_premiere_ligne(exc)}) ; retéléchargez-le."
            )
        if "unterminated quote" in texte:
            return ImportRefuse(f"{ou} : guillemet non fermé (fichier tronqué ?) ; retéléchargez le fichier.")
        return ImportRefuse(f"{ou} : lecture impossible ({_premiere_ligne(exc)}) ; vérifiez le fichier ou retéléchargez-le.")


def _creer_liste(con: duckdb.DuckDBPyConnection, nom: str, valeurs: list[str]) -> None:
    """A one-column temporary table ``nom(v)`` of texts, in one statement. (Not an Arrow table
    registered with DuckDB: building one makes pyarrow import pandas when it is installed,
    half a second for nothing.)"""
    con.execute(f"CREATE TEMP TABLE {_ident(nom)} AS SELECT unnest($1::VARCHAR[]) AS v", [valeurs])


def _premiere_ligne(exc: BaseException) -> str:
    lignes = [ligne.strip() for ligne in str(exc).splitlines() if ligne.strip()]
    return lignes[0][:300] if lignes else type(exc).__name__

