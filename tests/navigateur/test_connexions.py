"""The browser toolkit keeps the test's database connections while Chromium runs.

Not transactional, so pytest-django runs it before every browser test: the test database is
then set up, and a content type cached, outside any Playwright session, as when the browser
tests follow the others in one process (guichet's browser test after test_actions.py).
"""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connections

from territoire.guichet.models import Sujet
from territoire.referentiel.models import Territoire
from tests.navigateur_outils import lancer_chromium

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


def test_chromium_lance_l_orm_du_test_garde_sa_connexion(territoire):
    ContentType.objects.get_for_model(Sujet)  # cached for the whole process, as any test does
    connexion = connections["default"]
    with lancer_chromium():
        # Playwright's event loop is marked as running in this thread from here on.
        assert connections["default"] is connexion
        # The test's rows, not committed yet, are seen through that same connection.
        assert Territoire.objects.filter(pk=territoire.pk).exists()
    assert connections["default"] is connexion
