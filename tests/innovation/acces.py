"""Who may see each page of the `innovation` app (the access walk, tests/test_acces.py)."""

from tests.acces_outils import Attendu  # noqa: F401

ATTENDUS: list = []
