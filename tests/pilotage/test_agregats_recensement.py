"""The census's aggregates (``AgregatRecensement``): written by each SIRENE import and once after the
national pass, read by the page of territories side by side instead of a scan of every
establishment; exactly the figures of the scan; the census's part of the table stays in the cache
while a desk filing, a fiche or an event changes the steering's figures only."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from territoire.etablissements import tranches
from territoire.etablissements.importer import importer_stock, importer_tous_les_territoires
from territoire.etablissements.models import Etablissement
from territoire.observatoire.models import CentreDecision
from territoire.pilotage import recensement
from territoire.pilotage.actions import accorder_perimetre
from territoire.pilotage.indicateurs import tableau
from territoire.pilotage.models import AgregatRecensement
from territoire.referentiel.models import Commune, Territoire
from tests.conftest import _carre
from tests.etablissements import fichiers as f

pytestmark = pytest.mark.django_db

AUCHEL, LILLE = "62048", "59350"
ETABLISSEMENTS = Etablissement._meta.db_table
AGREGATS = AgregatRecensement._meta.db_table


@pytest.fixture
def trois(territoire):
    """A (Ruitz, Béthune), B (Béthune, Auchel: shares Béthune with A, follows from 3 employees),
    C (Lille), all of the current phase."""
    auchel = Commune.objects.create(code_insee=AUCHEL, nom="Auchel", population=10000, departement="62",
                                    contour=json.dumps(_carre(2.47, 50.50, 0.02)))
    lille = Commune.objects.create(code_insee=LILLE, nom="Lille", population=230000, departement="59",
                                   contour=json.dumps(_carre(3.06, 50.63, 0.02)))
    Territoire.objects.filter(pk=territoire.pk).update(phase="2023-2027", id_ti="ti-9000")
    territoire.refresh_from_db()
    b = Territoire.objects.create(nom="Territoire B", slug="b", id_ti="ti-9001", phase="2023-2027",
                                  definition_suivi={"tranche_min": "03"})
    b.communes.add(Commune.objects.get(code_insee=f.BETHUNE), auchel)
    c = Territoire.objects.create(nom="Territoire C", slug="c", id_ti="ti-9002", phase="2023-2027")
    c.communes.add(lille)
    return territoire, b, c


def _lignes(tranche_lille: str = "12") -> list[dict]:
    """Ruitz (A): industry of 10–19 and 20–49 employees, a shop; Béthune (A and B): industry of
    6–9 (followed by B's definition only) and of 50–99; Auchel (B): industry of another filière
    and millésime; Lille (C): industry of ``tranche_lille``."""
    lignes = [
        f.etablissement(1, trancheEffectifsEtablissement="11", anneeEffectifsEtablissement="2022"),
        f.etablissement(2, trancheEffectifsEtablissement="12"),
        f.etablissement(3, activitePrincipaleEtablissement="47.11F", trancheEffectifsEtablissement="12"),
        f.etablissement(100, codeCommuneEtablissement=f.BETHUNE, point=f.CENTRE_BETHUNE,
                        trancheEffectifsEtablissement="03"),
        f.etablissement(101, codeCommuneEtablissement=f.BETHUNE, point=f.CENTRE_BETHUNE,
                        trancheEffectifsEtablissement="21"),
        f.etablissement(200, codeCommuneEtablissement=AUCHEL, point=None, activitePrincipaleEtablissement="20.11Z",
                        trancheEffectifsEtablissement="21", anneeEffectifsEtablissement="2024"),
        f.etablissement(300, codeCommuneEtablissement=LILLE, point=None, trancheEffectifsEtablissement=tranche_lille),
    ]
    return lignes


def _figures(lignes) -> dict[str, dict]:
    return {ligne.territoire.slug: ligne.valeurs for ligne in lignes}


def _requetes_sur(capture, table: str) -> list[str]:
    return [q["sql"] for q in capture.captured_queries if f'"{table}"' in q["sql"]]


def _national(tmp_path, lignes, nom="national.zip"):
    return importer_tous_les_territoires(f.ecrire_zip(tmp_path / nom, lignes))


def test_les_agregats_ecrits_par_la_passe_donnent_exactement_les_chiffres_du_parcours(trois, tmp_path):
    """Shared commune counted in both territories under each one's definition, decision centres
    inside and outside, millésime, filière dominante: the stored path gives the scan's figures."""
    a, b, c = trois
    rapport = _national(tmp_path, _lignes())
    assert not rapport.refuses
    # Decision centres as the team knows them: A's head office in Ruitz (inside A, outside B, C).
    for etab in Etablissement.objects.filter(code_commune__in=[f.BETHUNE, LILLE]):
        CentreDecision.objects.update_or_create(unite_legale=etab.unite_legale, defaults={
            "localisation": "territoire", "code_commune_siege": f.RUITZ, "source": "test"})
    AgregatRecensement.objects.all().delete()
    territoires = list(Territoire.objects.order_by("id_ti"))
    with CaptureQueriesContext(connection) as parcours:
        par_le_parcours = _figures(tableau(territoires))
    assert _requetes_sur(parcours, ETABLISSEMENTS)  # no aggregate: the scan
    assert recensement.agreger() == 3
    with CaptureQueriesContext(connection) as stocke:
        par_les_agregats = _figures(tableau(territoires))
    assert not _requetes_sur(stocke, ETABLISSEMENTS)  # every aggregate holds: no scan
    assert par_les_agregats == par_le_parcours
    fa, fb, fc = (par_le_parcours[t.slug] for t in (a, b, c))
    assert fa["etablissements_industriels"] == 3 and fb["etablissements_industriels"] == 3
    assert fa["millesime"] == "2023" and fb["millesime"] == "2024"
    assert fa["part_centre_exterieur"] == 0.0 and fc["part_centre_exterieur"] == 1.0
    assert fb["filiere_dominante"] and fa["part_filiere_dominante"] == 1.0
    assert 0 < fa["part_emplois_industriels"] < 1


def test_un_agregat_ne_vaut_plus_quand_la_definition_les_communes_ou_le_registre_changent(trois, tmp_path):
    a, b, c = trois
    _national(tmp_path, _lignes())
    assert AgregatRecensement.objects.count() == 3

    def scannes() -> bool:
        with CaptureQueriesContext(connection) as capture:
            tableau(Territoire.objects.order_by("id_ti"))
        return bool(_requetes_sur(capture, ETABLISSEMENTS))

    assert not scannes()
    Territoire.objects.filter(pk=c.pk).update(definition_suivi={"tranche_min": "03"})
    assert scannes()  # C's definition changed: C is scanned, the others read
    recensement.agreger()
    assert not scannes()
    c.communes.add(Commune.objects.get(code_insee=AUCHEL))
    assert scannes()
    recensement.agreger()
    # A decision centre entered by the team: every aggregate is computed again from the scan.
    etab = Etablissement.objects.filter(code_commune=LILLE).first()
    CentreDecision.objects.update_or_create(unite_legale=etab.unite_legale, defaults={
        "localisation": "etranger", "code_commune_siege": "99134", "source": "équipe", "saisi_par_equipe": True})
    assert scannes()
    recensement.agreger()
    assert not scannes()
    Etablissement.objects.filter(pk=etab.pk).first().save()  # any write of the registry
    assert scannes()


@pytest.fixture
def etat(db):
    user = get_user_model().objects.create_user("etat", password="mot-de-passe-solide-42")
    accorder_perimetre(user, None, "État")
    return user


def test_la_page_apres_un_depot_au_guichet_ne_parcourt_pas_les_etablissements(client, trois, etat, tmp_path):
    from tests.guichet.factories import demande

    a, b, c = trois
    _national(tmp_path, _lignes())
    client.force_login(etat)
    url = reverse("pilotage:perimetre", kwargs={"perimetre": "france"})
    client.get(url)
    demande(a, quand=timezone.now())
    with CaptureQueriesContext(connection) as capture:
        assert client.get(url).status_code == 200
    # The census's part comes from the cache: neither the scan nor the aggregates are read,
    # the desk's figures are computed again.
    assert not _requetes_sur(capture, ETABLISSEMENTS) and not _requetes_sur(capture, AGREGATS)
    assert _requetes_sur(capture, "guichet_demande")
    # Even with the cache emptied (another process): the aggregates, not the scan.
    cache.clear()
    with CaptureQueriesContext(connection) as capture:
        assert client.get(url).status_code == 200
    assert not _requetes_sur(capture, ETABLISSEMENTS) and _requetes_sur(capture, AGREGATS)


def test_la_page_juste_apres_un_import_montre_les_nouveaux_chiffres_sans_parcours(client, trois, etat, tmp_path):
    a, b, c = trois
    _national(tmp_path, _lignes())
    client.force_login(etat)
    url = reverse("pilotage:carte", kwargs={"perimetre": "france"})

    def figures():
        with CaptureQueriesContext(connection) as capture:
            reponse = client.get(url)
        proprietes = {p["properties"]["slug"]: p["properties"] for p in json.loads(reponse.content)["features"]}
        return proprietes, capture

    avant, _ = figures()
    assert avant["c"]["emplois_industriels"] == round(tranches.emplois("12")[1])
    # C's own import: its establishment grows to 50–99 employees (another process: cache emptied too).
    importer_stock(c, f.ecrire_zip(tmp_path / "c.zip", _lignes(tranche_lille="21")))
    apres, capture = figures()
    assert apres["c"]["emplois_industriels"] == round(tranches.emplois("21")[1])
    assert apres["c"]["etablissements_industriels"] == 1 and apres[a.slug] == avant[a.slug]
    assert not _requetes_sur(capture, ETABLISSEMENTS)
    cache.clear()
    apres_vide, capture = figures()
    assert apres_vide == apres and not _requetes_sur(capture, ETABLISSEMENTS)
    # The national pass: the aggregates are computed once, at its end, for every territory.
    _national(tmp_path, _lignes(tranche_lille="12"), "second.zip")
    retour, capture = figures()
    assert retour["c"]["emplois_industriels"] == avant["c"]["emplois_industriels"] and not _requetes_sur(capture, ETABLISSEMENTS)


def test_la_passe_calcule_les_agregats_une_fois_a_sa_fin(trois, tmp_path, monkeypatch):
    appels = []
    origine = recensement.agreger
    monkeypatch.setattr(recensement, "agreger", lambda *a, **k: appels.append(1) or origine(*a, **k))
    _national(tmp_path, _lignes())
    assert appels == [1]
    assert importer_tous_les_territoires(f.ecrire_zip(tmp_path / "essai.zip", _lignes()), dry_run=True)
    assert appels == [1]  # a dry run writes nothing
