from tests.acces_outils import Attendu  # noqa: F401

ATTENDUS: list = []
