"""The filière mappings edited from the web: a preview of how many establishments change
filière, then all or nothing, every establishment's stored filière recomputed."""

from __future__ import annotations

import pytest
from django.urls import reverse

from territoire.etablissements.models import Etablissement, Filiere, RegleNaf
from territoire.historique.models import Entree
from tests.etablissements import factories as ef

pytestmark = pytest.mark.django_db


def _url(territoire):
    return reverse("etablissements:filieres", kwargs={"territoire": territoire.slug})


@pytest.fixture
def recensement(territoire):
    """Three establishments: décolletage (25.62A, metallurgy), batteries (27.20Z), bakery (10.71C)."""
    from territoire.etablissements.filieres_defaut import charger

    charger(Filiere, RegleNaf)
    ruitz = territoire.communes.get(nom="Ruitz")
    for naf in ("25.62A", "27.20Z", "10.71C"):
        ef.etablissement(ruitz, naf=naf)
    return {f.code: f for f in Filiere.objects.all()}


def _saisie(filieres, **changes):
    donnees = {}
    for f in filieres.values():
        donnees[f"f{f.pk}-libelle"] = f.libelle
        if f.actif:
            donnees[f"f{f.pk}-actif"] = "on"
        donnees[f"f{f.pk}-prefixes"] = ", ".join(f.regles.values_list("prefixe", flat=True))
    donnees.update({"nouvelle-famille": "industrie", "nouvelle-libelle": "", "nouvelle-prefixes": "", "nouvelle-code": ""})
    donnees.update(changes)
    return donnees


def test_l_apercu_compte_les_etablissements_qui_changent_sans_rien_enregistrer(client, territoire, alice, recensement):
    metal, mecanique = recensement["metallurgie"], recensement["mecanique"]
    client.force_login(alice)
    # 25.62 leaves metallurgy for mechanics.
    saisie = _saisie(recensement, **{f"f{metal.pk}-prefixes": "24, 25.1, 25.2, 25.3, 25.5, 25.7, 25.9",
                                     f"f{mecanique.pk}-prefixes": "28, 25.6", "apercu": "1"})
    page = client.post(_url(territoire), saisie).content.decode()
    assert "Aperçu : 1 établissement du territoire change de filière" in page and "Métallurgie" in page
    assert Etablissement.objects.filter(naf="25.62A", filiere=metal).exists(), "l'aperçu n'écrit rien"
    assert RegleNaf.objects.filter(prefixe="25", filiere=metal).exists()
    reponse = client.post(_url(territoire), {**saisie, "enregistrer": "1"})
    assert reponse.status_code == 302
    assert Etablissement.objects.get(naf="25.62A").filiere == mecanique
    assert Etablissement.objects.get(naf="27.20Z").filiere == recensement["batteries"], "27.20 garde sa filière"
    entree = Entree.objects.de(mecanique).get()
    assert entree.auteur == alice and entree.changements["prefixes"] == [["28"], ["25.6", "28"]]


def test_une_nouvelle_filiere_et_une_filiere_desactivee(client, territoire, alice, recensement):
    agro = recensement["agroalimentaire"]
    client.force_login(alice)
    saisie = _saisie(recensement, **{f"f{agro.pk}-prefixes": "10.1, 10.2, 10.3, 10.4, 10.5, 10.8, 10.9, 11, 12",
                                     "nouvelle-libelle": "Boulangerie industrielle", "nouvelle-prefixes": "10.71",
                                     "enregistrer": "1"})
    client.post(_url(territoire), saisie)
    nouvelle = Filiere.objects.get(code="boulangerie-industrielle")
    assert Etablissement.objects.get(naf="10.71C").filiere == nouvelle


def test_une_saisie_fausse_est_refusee_en_entier(client, territoire, alice, recensement):
    metal, mecanique = recensement["metallurgie"], recensement["mecanique"]
    client.force_login(alice)
    for changes, attendu in (
        ({f"f{mecanique.pk}-prefixes": "28, 25"}, "Un préfixe NAF ne mène qu'à une filière : 25"),
        ({f"f{metal.pk}-prefixes": "24, 25, =SOMME(A1)"}, "préfixes NAF illisibles : =SOMME(A1)"),
        ({f"f{metal.pk}-libelle": "   "}, "a besoin d'un libellé"),
    ):
        reponse = client.post(_url(territoire), _saisie(recensement, enregistrer="1", **changes))
        assert reponse.status_code == 400 and attendu in reponse.content.decode().replace("&#x27;", "'"), attendu
    assert Etablissement.objects.get(naf="25.62A").filiere == metal
    assert RegleNaf.objects.get(prefixe="25").filiere == metal and not Entree.objects.exists()


def test_seule_l_equipe_modifie_les_filieres(client, territoire, bruno, chloe, recensement):
    for qui in (bruno, chloe):
        client.force_login(qui)
        assert client.post(_url(territoire), _saisie(recensement, enregistrer="1")).status_code == 403
