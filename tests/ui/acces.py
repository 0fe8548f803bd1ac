"""Who may see each page of the `ui` app (the access walk, tests/test_acces.py)."""

from tests.acces_outils import EQUIPE, TOUS, Attendu

# The smallest valid PNG (1×1, transparent).
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000b49444154789c6360000200000500017a5eab3f0000000049454e44ae426082"
)


def _avec_logo(territoire):
    from territoire.ui.models import Identite

    Identite.objects.update_or_create(territoire=territoire, defaults={"logo": PNG, "logo_type": "image/png"})
    return {"territoire": territoire.slug}


ATTENDUS = [
    Attendu("ui:theme", voient=TOUS, contient="--accent"),
    Attendu("ui:logo", voient=TOUS, arguments=_avec_logo),
    Attendu("ui:identite", voient=EQUIPE, contient="Identité du territoire"),
    Attendu("ui:catalogue", voient=EQUIPE, contient="Catalogue des composants"),
]
