"""The one exception of the SIRENE importer."""

from __future__ import annotations


class ImportRefuse(Exception):
    """An import refused before anything was written.

    ``str(exc)`` is one French line: what is wrong, where (file, line, column) and what to do.
    """

    def __init__(self, message: str) -> None:
        # One line, whatever the caller passed (DuckDB messages span several lines).
        super().__init__(" ".join(str(message).split()))
