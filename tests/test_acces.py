"""Walk every URL pattern of the project with every persona (STYLE.md, issue 2 §8)."""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

import tests
from tests.acces_outils import TOUS

# Patterns that are not pages of the product: Django's admin has its own permission system
# (staff only), static files are public by nature.
IGNORES_PREFIXES = ("admin:",)


def _noms_des_motifs(resolver=None, prefixe="") -> set[str]:
    resolver = resolver or get_resolver()
    noms = set()
    for motif in resolver.url_patterns:
        if isinstance(motif, URLResolver):
            espace = f"{prefixe}{motif.namespace}:" if motif.namespace else prefixe
            noms |= _noms_des_motifs(motif, espace)
        elif isinstance(motif, URLPattern) and motif.name:
            noms.add(f"{prefixe}{motif.name}")
    return {n for n in noms if not n.startswith(IGNORES_PREFIXES)}


def _attendus():
    attendus = []
    racine = Path(tests.__file__).parent
    for module in pkgutil.walk_packages([str(racine)], prefix="tests."):
        if module.name.endswith(".acces"):
            attendus += importlib.import_module(module.name).ATTENDUS
    return attendus


ATTENDUS = _attendus()


def test_chaque_url_est_declaree_dans_la_marche():
    declares = {a.nom for a in ATTENDUS}
    manquants = sorted(_noms_des_motifs() - declares)
    assert not manquants, (
        "Ces URL n'ont pas de règle d'accès : déclarez-les dans tests/<app>/acces.py : " + ", ".join(manquants)
    )


@pytest.mark.parametrize("attendu", ATTENDUS, ids=lambda a: a.nom)
def test_marche_des_personas(attendu, client, territoire, personas):
    url = reverse(attendu.nom, kwargs=attendu.arguments(territoire))
    for nom in sorted(TOUS):
        user = personas[nom]
        client.logout()
        if user is not None:
            client.force_login(user)
        reponse = client.get(url)
        if not attendu.methode_get:
            assert reponse.status_code == 405, f"{nom} GET {url} : {reponse.status_code}, 405 attendu"
            continue
        if nom in attendu.voient:
            assert reponse.status_code == 200, f"{nom} devrait voir {url} : {reponse.status_code}"
            if attendu.contient:
                assert attendu.contient in reponse.content.decode(), f"{nom} : {url} sans « {attendu.contient} »"
        elif user is None:
            assert reponse.status_code in (302, 401, 403, 404), f"le public ne doit pas voir {url}"
            if reponse.status_code == 302:
                assert reverse("comptes:connexion") in reponse["Location"]
        else:
            assert reponse.status_code in (403, 404), f"{nom} ne doit pas voir {url} : {reponse.status_code}"
