"""`etablissement_visible` (one SIRET, checked in Python) answers as `etablissements_visibles`
(the census's only door, in SQL) for every persona and every kind of establishment."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from territoire.etablissements.models import Etablissement
from territoire.etablissements.queries import etablissement_visible, etablissements_visibles
from territoire.referentiel.models import EPCI, Commune
from tests.etablissements import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def cas(territoire):
    recensement = f.petit_recensement(territoire)
    ailleurs = Commune.objects.create(code_insee="59350", nom="Lille", population=230000, departement="59",
                                      epci=EPCI.objects.create(siren="200093201", nom="MEL", nature="ME"))
    recensement["ailleurs"] = f.etablissement(ailleurs, denomination="Usine de Lille", naf="25.62A")
    sans_commune = f.etablissement(ailleurs, denomination="Commune inconnue", naf="25.62A")
    Etablissement.objects.filter(pk=sans_commune.pk).update(commune=None)  # a code the COG no longer knows
    recensement["sans_commune"] = sans_commune
    return recensement


@pytest.mark.parametrize("persona", ["alice", "bruno", "chloe", "david", "eve", "public"])
def test_meme_reponse_que_la_porte_du_recensement(cas, personas, territoire, persona):
    user = personas[persona] or AnonymousUser()
    attendus = set(etablissements_visibles(user, territoire).values_list("siret", flat=True))
    assert attendus, "le cas doit montrer au moins un établissement"
    for nom, etab in cas.items():
        trouve = etablissement_visible(user, territoire, etab.siret)
        assert (trouve is not None) == (etab.siret in attendus), (persona, nom)
        if trouve is not None:
            assert trouve.pk == etab.pk
    assert etablissement_visible(user, territoire, "00000000000000") is None


def test_le_public_ne_voit_pas_un_etablissement_non_diffusible(cas, territoire, alice):
    cache = cas["cache"]
    assert cache.statut_diffusion != "O"
    assert etablissement_visible(AnonymousUser(), territoire, cache.siret) is None
    assert etablissement_visible(alice, territoire, cache.siret).pk == cache.pk


def test_hors_du_territoire_personne_ne_le_voit(cas, territoire, autre_territoire, alice, eve):
    assert etablissement_visible(alice, territoire, cas["ailleurs"].siret) is None
    # A member of another territory sees nothing of this one's establishments through it.
    assert etablissement_visible(eve, autre_territoire, cas["decolletage"].siret) is None


def test_le_queryset_donne_garde_ses_relations(cas, territoire, django_assert_num_queries):
    qs = Etablissement.objects.select_related("commune", "unite_legale")
    with django_assert_num_queries(2):  # the establishment, the territory's communes
        etab = etablissement_visible(AnonymousUser(), territoire, cas["decolletage"].siret, qs)
        assert etab.commune.code_insee == "62729"
