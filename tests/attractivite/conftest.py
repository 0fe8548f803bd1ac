"""Fixtures of Attirer: the standard's real examples, a territory holding their communes."""

from __future__ import annotations

import pytest


@pytest.fixture
def territoire_somme(db):
    """The communes of the CNIG examples (Argoeuves, Saint-Sauveur), outlines unknown."""
    from territoire.referentiel.models import EPCI, Commune, Territoire

    epci = EPCI.objects.create(siren="200071223", nom="Communauté de Communes Nièvre et Somme", nature="CC")
    t = Territoire.objects.create(nom="Nièvre et Somme (test)", slug="nievre-somme")
    t.epcis.add(epci)
    for code, nom in (("80024", "Argoeuves"), ("80718", "Saint-Sauveur")):
        t.communes.add(Commune.objects.create(code_insee=code, nom=nom, departement="80", epci=epci))
    return t
