"""Hostile input on the desk's screens for the team (directory, aid catalogue): refused with a
message and nothing written, or kept inert."""

from __future__ import annotations

import pytest
from django.urls import reverse

from territoire.guichet.models import Antenne, Dispositif, Institution
from territoire.historique.models import Entree
from tests.guichet import factories as f
from tests.reseau import factories as reseau

pytestmark = pytest.mark.django_db

NUL = "Le caractère nul n’est pas autorisé"


def _url(nom, territoire, **kw):
    return reverse(f"guichet:{nom}", kwargs={"territoire": territoire.slug, **kw})


@pytest.fixture
def partenaire(territoire):
    return reseau.organisation(territoire, nom="CCI Artois", type="partenaire", naf="", tranche="")


def _dispositif(partenaire, **modifs):
    return {"nom": "Prêt d'honneur", "financeur": partenaire.pk, "type_aide": "pret", "publics": "",
            "sujets": [f.sujet().pk], "debut": "", "fin": "", "lien": "", "description": "", "naf_prefixes": "",
            "tranche_min": "", "tranche_max": "", **modifs}


@pytest.mark.parametrize("modifs, message", [
    ({"nom": "Prêt \x00"}, NUL),
    ({"nom": "P" * 1000}, "caractères"),
    ({"lien": "javascript:alert(1)"}, "URL valide"),
    ({"debut": "2026-06-01", "fin": "2026-01-01"}, "précède son début"),
    ({"naf_prefixes": "=HYPERLINK(1)"}, "illisibles"),
    ({"tranche_min": "22", "tranche_max": "11"}, "tranche maximale"),
])
def test_un_dispositif_hostile_est_refuse_sans_rien_ecrire(client, territoire, alice, partenaire, modifs, message):
    client.force_login(alice)
    avant = Entree.objects.count()
    reponse = client.post(_url("dispositif_nouveau", territoire), _dispositif(partenaire, **modifs))
    assert reponse.status_code == 400 and message in reponse.content.decode().replace("&#x27;", "'")
    assert not Dispositif.objects.exists() and Entree.objects.count() == avant


def test_un_financeur_ou_une_institution_d_un_autre_territoire_est_refuse(client, territoire, autre_territoire, alice,
                                                                         partenaire):
    ailleurs = reseau.organisation(autre_territoire, nom="Banque d'ailleurs", type="partenaire", naf="", tranche="")
    client.force_login(alice)
    assert client.post(_url("dispositif_nouveau", territoire), _dispositif(ailleurs)).status_code == 400
    assert client.post(_url("institution_nouvelle", territoire), {"nom": "Banque", "organisation": ailleurs.pk}).status_code == 400
    assert not Dispositif.objects.exists() and not Institution.objects.exists()


def test_une_institution_ou_une_antenne_hostile_est_refusee(client, territoire, alice, partenaire):
    client.force_login(alice)
    assert client.post(_url("institution_nouvelle", territoire), {"nom": "CCI \x00", "organisation": partenaire.pk}).status_code == 400
    assert not Institution.objects.exists()
    inst = f.institution(territoire)
    reponse = client.post(_url("antenne_nouvelle", territoire, pk=inst.pk), {"nom": "Antenne", "courriel": "pas-un-courriel"})
    assert reponse.status_code == 400 and not Antenne.objects.exists()


def test_un_lien_ou_un_html_hostile_du_catalogue_reste_inerte(client, territoire, alice, partenaire):
    client.force_login(alice)
    client.post(_url("dispositif_nouveau", territoire), _dispositif(
        partenaire, nom="<script>alert(1)</script>", lien="https://aides.example/?q=<b>", description="<img src=x onerror=alert(2)>"))
    d = Dispositif.objects.get()
    page = client.get(_url("dispositifs", territoire)).content.decode()
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<img src=x" not in page
    assert d.lien.startswith("https://")
