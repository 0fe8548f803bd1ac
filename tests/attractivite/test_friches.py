"""Brownfields: the CNIG standard v1.0.6 and v1.0.5, real exports' strays flagged, never guessed."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest

from territoire.attractivite import cnig, tableschema
from territoire.attractivite.exportation import texte_friches
from territoire.attractivite.importation.friches import (
    importer_friches,
    lire_point,
    lire_valeur,
    reparer,
)
from territoire.attractivite.importation.lecture import ImportRefuse
from territoire.attractivite.models import Friche
from territoire.attractivite.tableschema import ValeurInvalide
from tests.conftest import shared_file

SCHEMA = cnig.schema_friches()


@pytest.fixture
def territoire_cransac(db):
    from territoire.referentiel.models import Commune, Territoire

    t = Territoire.objects.create(nom="Cransac (test)", slug="cransac")
    t.communes.add(Commune.objects.create(code_insee="12083", nom="Cransac", departement="12"))
    return t


def _fichier(lignes: list[dict], entetes=None, sep=",") -> bytes:
    entetes = entetes or SCHEMA.noms
    tampon = io.StringIO()
    w = csv.writer(tampon, delimiter=sep)
    w.writerow(entetes)
    for ligne in lignes:
        w.writerow([ligne.get(e, "") for e in entetes])
    return tampon.getvalue().encode()


def _ligne(**v) -> dict:
    return {"site_id": "62729_0001", "site_nom": "Ancienne fonderie", "site_type": "friche industrielle",
            "site_identif_date": "2024-03-01", "site_actu_date": "2025-01-15", "comm_nom": "Ruitz", "comm_insee": "62729",
            "urba_zaer": "non", "source_nom": "Équipe", "geompoint": "POINT(2.59 50.47)"} | v


@pytest.mark.shared
@pytest.mark.parametrize("chemin, version", [("friches/cnig-schema-friches/fichier-valide.csv", "v1.0.6"),
                                             ("friches/cnig-schema-friches/v1.0.5/fichier-valide.csv", "v1.0.5")])
def test_les_exemples_des_deux_versions_s_importent(territoire_cransac, chemin, version):
    rapport = importer_friches(territoire_cransac, shared_file(chemin))
    assert (rapport.version, rapport.gardees, rapport.crees) == (version, 1, 1)
    friche = Friche.objects.get(site_id="12083_22-12.0017")
    assert friche.site_type == "friche industrielle" and friche.bati_surface == 2400 and friche.site_reconv_annee == 2022
    assert friche.unite_fonciere_refcad.startswith("12083000AH0035|")
    # The example's point is written latitude first: read the one way it falls in France, noted.
    assert (friche.longitude, friche.latitude) == (3.9815, 49.2527)
    assert any(s["champ"] == "geompoint" and s.get("correction") for s in friche.signalements)
    # Its outline is cut short ("...") in the example: not readable, left out and flagged.
    assert friche.geomsurf == "" and any(s["champ"] == "geomsurf" and not s.get("correction") for s in friche.signalements)
    if version == "v1.0.5":
        assert any(s["champ"] == "urba_zaer" and "obligatoire" in s["message"] for s in friche.signalements)


@pytest.mark.shared
def test_l_export_friches_csv_suit_le_standard_v106(territoire_cransac):
    importer_friches(territoire_cransac, shared_file("friches/cnig-schema-friches/fichier-valide.csv"))
    table = tableschema.lire_csv(texte_friches(territoire_cransac).encode(), SCHEMA, "friches.csv")
    assert table.valide, [str(e) for e in table.erreurs]
    original = tableschema.lire_csv(shared_file("friches/cnig-schema-friches/fichier-valide.csv").read_bytes(), SCHEMA, "x")
    # What was read unambiguously comes back as it was; the unreadable outline does not.
    attendu = {k: v for k, v in original.lignes[0].items() if k not in ("_ligne", "geomsurf")}
    assert {k: v for k, v in table.lignes[0].items() if k not in ("_ligne", "geomsurf")} == attendu


def test_les_lignes_des_autres_communes_sont_comptees_pas_gardees(territoire):
    contenu = _fichier([_ligne(), _ligne(site_id="59001_0001", comm_insee="59001"), _ligne(site_id="", comm_insee="62729")])
    rapport = importer_friches(territoire, None, contenu=contenu, nom="inventaire.csv")
    assert (rapport.lues, rapport.gardees, rapport.hors_territoire) == (3, 1, 1)
    assert rapport.ecartees == ["ligne 4 : identifiant du site (site_id) absent ou illisible."]


def test_les_ecarts_des_exports_reels_sont_lus_ou_signales(territoire):
    contenu = _fichier([_ligne(
        site_identif_date="01/03/2024",  # French date: one reading only
        site_actu_date="NA",  # a missing value of the standard
        comm_insee="62729",
        bati_surface="2 400",  # thousands separator
        site_statut="Friche avec projet",  # case only
        sol_pollution_existe="polluée",  # outside the enumeration: flagged
        bati_nombre="deux",  # not a number: flagged
        geompoint="POINT(50.47 2.59)",  # latitude first
    )])
    importer_friches(territoire, None, contenu=contenu, nom="export.csv")
    f = Friche.objects.get()
    assert f.site_identif_date.isoformat() == "2024-03-01" and f.bati_surface == 2400 and f.site_statut == "friche avec projet"
    assert f.sol_pollution_existe == "" and f.bati_nombre is None
    douteux = {s["champ"]: s for s in f.signalements if not s.get("correction")}
    corriges = {s["champ"]: s for s in f.signalements if s.get("correction")}
    assert douteux["sol_pollution_existe"]["valeur"] == "polluée" and "valeurs possibles" in douteux["sol_pollution_existe"]["message"]
    assert douteux["bati_nombre"]["valeur"] == "deux"
    assert douteux["site_actu_date"]["message"] == "valeur obligatoire manquante"
    assert set(corriges) == {"site_identif_date", "bati_surface", "site_statut", "geompoint"}
    assert (f.longitude, f.latitude) == (2.59, 50.47)


def test_un_code_commune_qui_a_perdu_son_zero_est_retabli_et_note(db):
    from territoire.referentiel.models import Commune, Territoire

    t = Territoire.objects.create(nom="Ain (test)", slug="ain")
    t.communes.add(Commune.objects.create(code_insee="01053", nom="Bourg-en-Bresse", departement="01"))
    importer_friches(t, None, contenu=_fichier([_ligne(comm_insee="1053", geompoint="POINT(5.22 46.2)")]), nom="x.csv")
    f = Friche.objects.get()
    assert f.comm_insee == "01053" and any("zéro initial rétabli" in s["message"] for s in f.signalements)


def test_un_point_hors_de_sa_commune_connue_est_signale_pas_devine(territoire):
    importer_friches(territoire, None, contenu=_fichier([_ligne(geompoint="POINT(2.64 50.53)")]), nom="x.csv")
    f = Friche.objects.get()
    assert f.geompoint == "" and f.longitude is None
    assert any(s["champ"] == "geompoint" and "pas dans la commune Ruitz" in s["message"] for s in f.signalements)


def test_un_fichier_sans_les_colonnes_du_standard_est_refuse(territoire):
    with pytest.raises(ImportRefuse, match="colonne\\(s\\) site_id, site_nom, comm_insee absente"):
        importer_friches(territoire, None, contenu=b"nom;commune\nFonderie;Ruitz\n", nom="autre.csv")
    with pytest.raises(ImportRefuse, match="pas en UTF-8"):
        importer_friches(territoire, None, contenu=_fichier([_ligne(site_nom="Forgé")]).decode().encode("cp1252"), nom="x.csv")
    assert not Friche.objects.exists()


def test_reimporter_met_a_jour_et_garde_phases_et_argent(territoire):
    from territoire.attractivite.actions.friches import ajouter_ligne_budget, enregistrer_phase

    importer_friches(territoire, None, contenu=_fichier([_ligne()]), nom="x.csv")
    f = Friche.objects.get()
    enregistrer_phase(f, "etude", date_debut=pytest.importorskip("datetime").date(2024, 1, 1))
    ajouter_ligne_budget(f, annee=2024, nature="fonctionnement", type="prevu", montant=Decimal("100000"))
    rapport = importer_friches(territoire, None, contenu=_fichier([_ligne(site_nom="Fonderie (2)")]), nom="x.csv")
    assert rapport.mises_a_jour == 1
    f.refresh_from_db()
    assert f.site_nom == "Fonderie (2)" and f.phases.count() == 1 and f.lignes_budget.count() == 1


def test_reparer_ne_lit_qu_une_seule_facon():
    date = SCHEMA.champ("site_identif_date")
    assert reparer(date, "18/05/2003")[0].isoformat() == "2003-05-18"
    with pytest.raises(ValeurInvalide):
        reparer(date, "2003/05/18")
    with pytest.raises(ValeurInvalide):
        reparer(SCHEMA.champ("bati_surface"), "2400,5")
    assert lire_valeur(SCHEMA.champ("bati_surface"), "N/A", SCHEMA.valeurs_manquantes) == (None, None, None)


def test_lire_point_lambert93_et_ordre():
    assert lire_point("POINT(2.59 50.47)")[:2] == (2.59, 50.47)
    lon, lat, note = lire_point("POINT(660000 7040000)")
    assert 2 < lon < 3.5 and 50 < lat < 51 and "Lambert-93" in note


@pytest.mark.shared
def test_le_registre_des_installations_propose_l_activite_passee(territoire):
    from territoire.attractivite.actions.friches import (
        confirmer_activite_passee,
        rapprocher_registre,
        registre_depuis_fichier,
    )

    installations = registre_depuis_fichier(shared_file("industrial_installations/irep_etablissements_france.csv"))
    fdm = next(i for i in installations if i["siret"] == "36920016700012")
    importer_friches(territoire, None, contenu=_fichier([_ligne(geompoint="POINT(2.59 50.47)")]), nom="x.csv")
    f = Friche.objects.get()
    f.longitude, f.latitude = fdm["longitude"], fdm["latitude"] + 0.001  # about 110 m north of the installation
    f.save()
    assert rapprocher_registre(territoire, installations) >= 1
    f.refresh_from_db()
    candidat = next(c for c in f.candidats_activite if c["siret"] == "36920016700012")
    assert candidat["naf"] == "2910Z" and candidat["source"] == "registre IREP" and candidat["distance_m"] < 300
    assert f.ancien_siret == ""  # offered, never chosen for the team
    confirmer_activite_passee(f, "36920016700012")
    assert (f.ancien_siret, f.ancienne_activite) == ("36920016700012", "2910Z")
