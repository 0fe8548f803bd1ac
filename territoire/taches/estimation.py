"""How many lines a SIRENE file holds, estimated cheaply, for a job's progress bar.

Parquet says it in its metadata; for a CSV (plain, gzip or inside a ZIP) the uncompressed size
is divided by the mean length of the first lines. An estimate only: the bar never passes 99 %
before the job ends."""

from __future__ import annotations

import gzip
import struct
import zipfile
from pathlib import Path

ECHANTILLON = 1 << 20


def lignes_estimees(chemin: Path | None) -> int | None:
    if chemin is None or not chemin.exists():
        return None
    with open(chemin, "rb") as fichier:
        debut = fichier.read(4)
    try:
        if debut == b"PAR1":
            import pyarrow.parquet as pq

            return pq.ParquetFile(chemin).metadata.num_rows
        if debut[:2] == b"PK":
            with zipfile.ZipFile(chemin) as archive:
                membre = next((m for m in archive.infolist() if not m.is_dir()), None)
                if membre is None:
                    return None
                with archive.open(membre) as flux:
                    return _par_longueur(flux.read(ECHANTILLON), membre.file_size)
        if debut[:2] == b"\x1f\x8b":
            with open(chemin, "rb") as fichier:
                fichier.seek(-4, 2)
                (taille,) = struct.unpack("<I", fichier.read(4))  # size modulo 4 GiB: an estimate
            with gzip.open(chemin, "rb") as flux:
                return _par_longueur(flux.read(ECHANTILLON), taille)
        with open(chemin, "rb") as fichier:
            return _par_longueur(fichier.read(ECHANTILLON), chemin.stat().st_size)
    except (OSError, zipfile.BadZipFile, EOFError, ValueError):
        # An unreadable file: the importer itself will refuse it with the precise reason.
        return None


def _par_longueur(echantillon: bytes, taille: int) -> int | None:
    lignes = echantillon.count(b"\n")
    if not lignes:
        return None
    return max(1, int(taille / (len(echantillon) / lignes)))
