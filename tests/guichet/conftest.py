import pytest

from tests.guichet import factories as f


@pytest.fixture(autouse=True)
def _sujets(request):
    """The default subjects are there even after another module's transactional test flushed them."""
    marqueur = request.node.get_closest_marker("django_db")
    # Transactional tests restore the migrations' rows themselves (serialized_rollback) once the
    # database is set up; writing before that would collide with the restored rows.
    if marqueur and not marqueur.kwargs.get("transaction"):
        f.sujets_par_defaut()


@pytest.fixture
def communes(territoire):
    return {c.nom: c for c in territoire.communes.all()}


@pytest.fixture
def annuaire(territoire, communes, chloe):
    """CCI (Béthune branch, Chloé advises on recruitment in both communes) and Bpifrance
    (financing, Béthune only, firms of 10 employees or more)."""
    cci = f.institution(territoire, "CCI Artois")
    bethune = f.antenne(cci, "Antenne de Béthune")
    lea = f.conseiller(bethune, sujets=("recrutement", "export"), communes=communes.values(), utilisateur=chloe)
    bpi = f.institution(territoire, "Bpifrance")
    lille = f.antenne(bpi, "Direction régionale de Lille")
    paul = f.conseiller(lille, sujets=("financement",), communes=[communes["Béthune"]], nom="Petit", tranche_min="11")
    return {"cci": cci, "bethune": bethune, "lea": lea, "bpi": bpi, "lille": lille, "paul": paul}
