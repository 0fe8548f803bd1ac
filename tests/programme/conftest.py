import pytest

from territoire.comptes.models import Adhesion

from . import factories


@pytest.fixture
def programme(territoire):
    return factories.phase(territoire)


@pytest.fixture
def cci(territoire, chloe):
    """Chloé's organisation: she represents the CCI on the territory."""
    org = factories.organisation(territoire, "CCI Artois")
    Adhesion.objects.filter(utilisateur=chloe, territoire=territoire).update(organisation=org)
    return org


@pytest.fixture
def fiche(programme, alice):
    return factories.fiche(programme, alice, statut_code="en-cours")
