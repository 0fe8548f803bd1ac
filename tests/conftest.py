"""Shared fixtures: a small territory and the named personas of the permission tests.

Personas (STYLE.md): Alice (équipe), Bruno (pilotage), Chloé (partenaire), David (entreprise),
Eve (signed in, member of another territory only: an outsider), and the anonymous public.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SHARED_REAL = SHARED / "data" / "real"


def shared_file(relative: str) -> Path:
    """A file of ../shared/data/real, or a skip saying why (a fresh clone has no ../shared)."""
    path = SHARED_REAL / relative
    if not path.exists():
        pytest.skip(f"{path} absent : les données réelles partagées (../shared) ne sont pas là.")
    return path


def pytest_configure(config):
    # Hashing a password the production way costs a third of a second; tests create many users.
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Persistent connections from the live server's threads would hold the PostgreSQL test
    # database open at teardown.
    settings.DATABASES["default"]["CONN_MAX_AGE"] = 0


@pytest.fixture(autouse=True)
def _cache_vide():
    # Key figures are cached per process (territoire/observatoire/cache.py): each test starts
    # with an empty cache, so that no test depends on what an earlier one computed.
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _templates_strictes(settings):
    # An undefined template variable renders as a visible marker that tests can catch.
    settings.TEMPLATES[0]["OPTIONS"]["string_if_invalid"] = "@@VARIABLE_INCONNUE:%s@@"


def _carre(lon: float, lat: float, d: float) -> dict:
    return {
        "type": "Polygon",
        "coordinates": [[[lon - d, lat - d], [lon + d, lat - d], [lon + d, lat + d], [lon - d, lat + d], [lon - d, lat - d]]],
    }


@pytest.fixture
def territoire(db):
    """Two real-looking communes (square outlines) in one EPCI, and one zone in the first."""
    from territoire.referentiel.models import EPCI, Commune, Territoire, ZoneActivite

    epci = EPCI.objects.create(siren="200072460", nom="CA de Béthune-Bruay, Artois-Lys Romane", nature="CA")
    ruitz = Commune.objects.create(
        code_insee="62729", nom="Ruitz", population=1500, departement="62", epci=epci,
        contour=json.dumps(_carre(2.59, 50.47, 0.02)), latitude=50.47, longitude=2.59,
    )
    bethune = Commune.objects.create(
        code_insee="62119", nom="Béthune", population=25000, departement="62", epci=epci,
        contour=json.dumps(_carre(2.64, 50.53, 0.02)), latitude=50.53, longitude=2.64,
    )
    t = Territoire.objects.create(nom="Béthune-Bruay (test)", slug="bethune-bruay", id_ti="TI-TEST")
    t.epcis.add(epci)
    t.communes.add(ruitz, bethune)
    zone = ZoneActivite.objects.create(
        territoire=t, nom="ZI de Ruitz", slug="zi-de-ruitz", contour=json.dumps(_carre(2.59, 50.47, 0.005)),
        surface_ha=80,
    )
    zone.communes.add(ruitz)
    return t


@pytest.fixture
def autre_territoire(db):
    from territoire.referentiel.models import Territoire

    return Territoire.objects.create(nom="Autre territoire", slug="autre")


def _personne(username: str, territoire=None, role: str | None = None):
    from territoire.comptes.models import Adhesion

    user = get_user_model().objects.create_user(username=username, password="mot-de-passe-solide-42")
    if territoire is not None and role:
        Adhesion.objects.create(utilisateur=user, territoire=territoire, role=role)
    return user


@pytest.fixture
def alice(territoire):
    return _personne("alice", territoire, "equipe")


@pytest.fixture
def bruno(territoire):
    return _personne("bruno", territoire, "pilotage")


@pytest.fixture
def chloe(territoire):
    return _personne("chloe", territoire, "partenaire")


@pytest.fixture
def david(territoire):
    return _personne("david", territoire, "entreprise")


@pytest.fixture
def eve(autre_territoire):
    return _personne("eve", autre_territoire, "equipe")


@pytest.fixture
def personas(alice, bruno, chloe, david, eve):
    """Every persona by name; None is the anonymous public."""
    return {"alice": alice, "bruno": bruno, "chloe": chloe, "david": david, "eve": eve, "public": None}


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """Before any serialized-rollback test (the browser tests), empty the test database again.

    Django restores the migrations' rows into tables that a previous transactional test's
    flush left empty; a transactional test without ``serialized_rollback`` leaves rows behind,
    and the restore would then fail on a unique constraint. The process-wide content-type cache
    is emptied too: it would otherwise hand out ids of rows the flush removed (the guichet's
    browser test failed that way, see ``tests/navigateur_outils.lancer_chromium``). Only ever
    runs on the test database (its name says so), never on a real one.
    """
    marqueur = item.get_closest_marker("django_db")
    if not (marqueur and marqueur.kwargs.get("serialized_rollback")):
        return
    from django.core.management import call_command
    from django.db import connection
    from pytest_django.plugin import blocking_manager_key

    nom = str(connection.settings_dict.get("NAME", ""))
    if not (nom.startswith("test_") or "memorydb" in nom):
        return  # the test database is not set up yet: nothing can have been left behind
    with item.config.stash[blocking_manager_key].unblock():
        call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()


def _django_db(item, cle: str) -> bool:
    marqueur = item.get_closest_marker("django_db") if item is not None else None
    return bool(marqueur and marqueur.kwargs.get(cle))


@pytest.hookimpl(hookwrapper=True, trylast=True)
def pytest_runtest_teardown(item, nextitem):
    """After a transactional test, put the migrations' rows back (content types, permissions,
    shipped filières, desk subjects…) as they were when the test database was created.

    Django runs transactional tests last so that no ordinary test ever sees their flushed
    database; with pytest-xdist's ``--dist loadfile`` a worker may run a file of ordinary tests
    after a file that holds a transactional test, and those tests then met an empty
    content-type table while the process-wide content-type cache still gave the old ids
    (foreign-key errors at teardown), or lost the shipped filières. The flush is redone without
    the post-migrate signal (which recreates content types under new ids), then the rows
    serialized at database creation are loaded back. When the next test is itself a serialized
    transactional one, its own setup restores them (after the flush of ``pytest_runtest_setup``).
    """
    yield
    if not _django_db(item, "transaction"):
        return
    if _django_db(nextitem, "transaction") and _django_db(nextitem, "serialized_rollback"):
        return
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command
    from django.db import connections
    from pytest_django.plugin import blocking_manager_key

    with item.config.stash[blocking_manager_key].unblock():
        for connexion in connections.all(initialized_only=True):
            contenu = getattr(connexion, "_test_serialized_contents", None)
            nom = str(connexion.settings_dict.get("NAME", ""))
            if not contenu or not (nom.startswith("test_") or "memorydb" in nom):
                continue  # never anything but a test database, and only with what to restore
            call_command("flush", database=connexion.alias, interactive=False, inhibit_post_migrate=True,
                         verbosity=0)
            connexion.creation.deserialize_db_from_string(contenu)
    ContentType.objects.clear_cache()
