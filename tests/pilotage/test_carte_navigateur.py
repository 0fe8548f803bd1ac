"""What only a browser shows: the choropleth map of the Region's territories beside its table."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth import get_user_model

from territoire.pilotage.actions import accorder_perimetre
from territoire.referentiel.models import Region, Territoire
from tests.navigateur_outils import (  # noqa: F401
    MOT_DE_PASSE,
    connecter,
    navigateur,
    page,
    problemes_accessibilite,
)
from tests.pilotage.test_vue_regionale import _territoire

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _carre(x: float, y: float) -> str:
    return json.dumps({"type": "Polygon", "coordinates": [[[x, y], [x + 0.3, y], [x + 0.3, y + 0.2], [x, y + 0.2], [x, y]]]})


def test_la_region_voit_ses_territoires_sur_la_carte_et_dans_le_tableau(page, live_server):  # noqa: F811
    hdf = Region.objects.get_or_create(code="32", defaults={"nom": "Hauts-de-France"})[0]
    for i, (nom, n) in enumerate((("Alpha", 3), ("Beta", 1), ("Gamma", 0))):
        t = _territoire(nom, hdf, f"ti-320{i + 1}", etablissements=n)
        Territoire.objects.filter(pk=t.pk).update(contour=_carre(2.0 + i * 0.4, 50.0))
    region = get_user_model().objects.create_user("region", password=MOT_DE_PASSE)
    accorder_perimetre(region, hdf, "Région")
    connecter(page, live_server.url, "region", "/pilotage/hauts-de-france/?indicateur=etablissements_industriels")
    page.wait_for_function(
        "() => document.getElementById('etat-carte').textContent.startsWith('Carte chargée : 3 territoires')",
        timeout=15_000,
    )
    # One coloured shape per territory, a legend of the classes, the table of values beside.
    assert page.locator("#carte path.leaflet-interactive").count() == 3
    couleurs = set(page.eval_on_selector_all("#carte path.leaflet-interactive", "els => els.map(e => e.getAttribute('fill'))"))
    assert len(couleurs) >= 2  # 3, 1 and 0 establishments fall in different classes
    assert "Établissements industriels" in page.locator(".legende-carte").inner_text()
    assert page.locator("table").filter(has_text="Alpha").count() >= 1
    assert problemes_accessibilite(page) == []
