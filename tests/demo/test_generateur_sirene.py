"""The fictitious SIRENE stock of the demo, tested on its rows (no database)."""

from __future__ import annotations

import csv
import re
from collections import Counter, defaultdict

import numpy as np
import pytest
import shapely

from territoire.demo import generateur_sirene as gen
from territoire.etablissements import naf, tranches
from territoire.etablissements.filieres_defaut import FILIERES
from territoire.referentiel import geo
from tests.conftest import shared_file

EXCLUS = {"10.13B", "10.71B", "10.71C", "10.71D"}
NOMS_REELS_INTERDITS = ["LENZE", "ACC", "BRIDGESTONE", "STELLANTIS", "APERAM", "FRANCAISE DE MECANIQUE"]


def _actifs(rec):
    return [e for e in rec.etablissements if e["etatAdministratifEtablissement"] == "A"]


def _division(e) -> int | None:
    if e["nomenclatureActivitePrincipaleEtablissement"] != "NAFRev2":
        return None
    return int(e["activitePrincipaleEtablissement"][:2])


def _suivi(e) -> bool:
    """The default definition of an industrial establishment followed (issue 2 §6)."""
    d = _division(e)
    return (
        e["etatAdministratifEtablissement"] == "A" and d is not None and 5 <= d <= 39
        and e["caractereEmployeurEtablissement"] == "O"
        and tranches.au_moins(e["trancheEffectifsEtablissement"], "11")
        and e["activitePrincipaleEtablissement"] not in EXCLUS
    )


def _codes_services() -> set[str]:
    return {p for _, _, famille, actif, prefixes in FILIERES if famille == "service" and actif for p in prefixes}


def _point(e):
    x, y = e["coordonneeLambertAbscisseEtablissement"], e["coordonneeLambertOrdonneeEtablissement"]
    return (float(x), float(y)) if x and x != gen.ND else None


# ----------------------------------------------------------------------------- the file


def test_meme_graine_memes_octets_autre_graine_autre_fichier(cadre_demo, recensement_demo, tmp_path):
    communes, zones = cadre_demo
    a = gen.ecrire_stocks(recensement_demo, tmp_path / "a")
    b = gen.ecrire_stocks(gen.generer(communes, zones), tmp_path / "b")
    assert a[0].read_bytes() == b[0].read_bytes()
    assert a[1].read_bytes() == b[1].read_bytes()
    c = gen.ecrire_stocks(gen.generer(communes, zones, graine=7), tmp_path / "c")
    assert c[0].read_bytes() != a[0].read_bytes()


def test_fichiers_ont_l_entete_officielle_en_utf8_virgule(recensement_demo, tmp_path):
    etab, ul = gen.ecrire_stocks(recensement_demo, tmp_path)
    brut = etab.read_bytes()
    brut.decode("utf-8")
    assert b"\r\n" not in brut
    entete = brut.split(b"\n", 1)[0].decode().split(",")
    assert len(entete) == 54 and len(set(entete)) == 54
    assert entete[:3] == ["siren", "nic", "siret"]
    assert entete[-1] == "activitePrincipaleNAF25Etablissement"
    debut = entete.index("coordonneeLambertOrdonneeEtablissement") + 1
    seconde_adresse = entete[debut:entete.index("dateDebut")]
    assert len(seconde_adresse) == 14 and all(c.endswith("2Etablissement") for c in seconde_adresse)
    entete_ul = ul.read_text(encoding="utf-8").split("\n", 1)[0].split(",")
    assert len(entete_ul) == 35 and entete_ul[-1] == "activitePrincipaleNAF25UniteLegale"
    with etab.open(encoding="utf-8", newline="") as f:
        relues = list(csv.DictReader(f))
    assert relues == recensement_demo.etablissements


def test_entete_contient_les_colonnes_des_fichiers_reels_dans_le_meme_ordre():
    """The real StockEtablissement / StockUniteLegale fixtures (an older vintage) name a
    subset of our columns, in the same order."""
    for fichier, colonnes in [
        ("sirene/etalab_sirene_as_api_fixture_geo_siret_3rows.csv", gen.COLONNES_ETABLISSEMENT),
        ("sirene/etalab_sirene_as_api_fixture_unites_legales.csv", gen.COLONNES_UNITE_LEGALE),
    ]:
        with shared_file(fichier).open(encoding="utf-8") as f:
            reelles = next(csv.reader(f))
        officielles = [c for c in reelles if not c.startswith("geo_") and c not in {"longitude", "latitude"}]
        assert set(officielles) <= set(colonnes), set(officielles) - set(colonnes)
        assert sorted(officielles, key=colonnes.index) == officielles


def test_siren_et_siret_passent_la_cle_de_luhn(recensement_demo):
    sirets = [e["siret"] for e in recensement_demo.etablissements]
    assert len(sirets) == len(set(sirets))
    for e in recensement_demo.etablissements:
        assert len(e["siret"]) == 14 and e["siret"] == e["siren"] + e["nic"]
        assert gen.luhn_valide(e["siret"]), e["siret"]
        assert gen.luhn_valide(e["siren"]), e["siren"]
    for u in recensement_demo.unites_legales:
        assert gen.luhn_valide(u["siren"]) and len(u["siren"]) == 9


def test_cle_de_luhn_refuse_un_chiffre_change():
    siret = "12345678" + gen.cle_luhn("12345678")
    assert gen.luhn_valide(siret)
    faux = siret[:-1] + str((int(siret[-1]) + 1) % 10)
    assert not gen.luhn_valide(faux)
    assert not gen.luhn_valide("12a456789")


# ----------------------------------------------------------------------------- places


def test_points_dans_leur_commune(recensement_demo, communes_demo):
    geometries = {c.code_insee: c.geometrie for c in communes_demo}
    par_commune = defaultdict(list)
    for e in recensement_demo.etablissements:
        p = _point(e)
        if p:
            par_commune[e["codeCommuneEtablissement"]].append(p)
    assert sum(map(len, par_commune.values())) > 15_000
    for code, points in par_commune.items():
        xy = np.array(points)
        lon, lat = geo.lambert93_vers_wgs84(xy[:, 0], xy[:, 1])
        dedans = shapely.contains_xy(geometries[code], lon, lat)
        assert dedans.all(), f"{(~dedans).sum()} points hors de la commune {code}"


def test_la_plupart_des_industriels_suivis_sont_dans_une_zone(recensement_demo, cadre_demo):
    _, zones = cadre_demo
    union = shapely.union_all([z.geometrie for z in zones])
    suivis = [e for e in recensement_demo.etablissements if _suivi(e) and _point(e)]
    dans = sum(union.contains(shapely.Point(_point(e))) for e in suivis)
    assert dans / len(suivis) > 0.6


def test_repartition_par_commune_suit_la_population(recensement_demo, communes_demo):
    nombre = Counter(e["codeCommuneEtablissement"] for e in _actifs(recensement_demo))
    codes = sorted(c.code_insee for c in communes_demo)
    assert set(nombre) == set(codes), "chaque commune a des établissements"
    population = {c.code_insee: c.population for c in communes_demo}
    correlation = np.corrcoef([nombre[c] for c in codes], [population[c] for c in codes])[0, 1]
    assert correlation > 0.9


# ----------------------------------------------------------------------------- distribution


def test_ordres_de_grandeur_du_socle_sortent_du_fichier(recensement_demo):
    suivis = [e for e in recensement_demo.etablissements if _suivi(e)]
    assert 150 <= len(suivis) <= 180
    central = sum(tranches.emplois(e["trancheEffectifsEtablissement"])[1] for e in suivis)
    assert 10_000 <= central <= 14_000
    services = [
        e for e in _actifs(recensement_demo)
        if e["activitePrincipaleEtablissement"] in _codes_services()
        and e["caractereEmployeurEtablissement"] == "O" and tranches.au_moins(e["trancheEffectifsEtablissement"], "11")
    ]
    assert 80 <= len(services) <= 120
    gigafactory = [e for e in suivis if e["activitePrincipaleEtablissement"] == "27.20Z"]
    assert any(tranches.au_moins(e["trancheEffectifsEtablissement"], "42") for e in gigafactory)


def test_la_definition_compte(recensement_demo):
    """Industrial rows outside the default definition exist, so it changes the figures."""
    lignes = recensement_demo.etablissements
    industriels = [e for e in lignes if _division(e) and 5 <= _division(e) <= 39]
    fermes_au_seuil = [e for e in industriels if e["etatAdministratifEtablissement"] == "F"
                       and tranches.au_moins(e["trancheEffectifsEtablissement"], "11")]
    sous_le_seuil = [e for e in industriels if e["etatAdministratifEtablissement"] == "A"
                     and not tranches.au_moins(e["trancheEffectifsEtablissement"], "11")]
    artisanat = [e for e in industriels if e["activitePrincipaleEtablissement"] in EXCLUS
                 and e["etatAdministratifEtablissement"] == "A"
                 and tranches.au_moins(e["trancheEffectifsEtablissement"], "11")]
    assert len(fermes_au_seuil) >= 20
    assert len(sous_le_seuil) >= 300
    assert len(artisanat) >= 5


def test_distribution_plausible_pour_276000_habitants(recensement_demo):
    lignes = recensement_demo.etablissements
    actifs = _actifs(recensement_demo)
    assert 15_000 <= len(lignes) <= 25_000
    assert 0.2 <= 1 - len(actifs) / len(lignes) <= 0.4
    petites = sum(e["trancheEffectifsEtablissement"] in {"NN", "00", "01", "02"} for e in actifs)
    assert petites / len(actifs) > 0.8
    non_employeurs = sum(e["caractereEmployeurEtablissement"] == "N" for e in actifs)
    assert non_employeurs / len(actifs) > 0.4
    sections = Counter(_division(e) for e in actifs)
    for division in (1, 43, 47, 56, 86, 96, 62, 49):  # agriculture, BTP, commerce, santé…
        assert sections[division] >= 20, division
    fermes = [e for e in lignes if e["etatAdministratifEtablissement"] == "F"]
    assert all(e["dateDebut"] >= e["dateCreationEtablissement"] for e in fermes)
    assert all(e["dateDebut"] <= "2025-12-01" for e in lignes)
    millesimes = {e["anneeEffectifsEtablissement"] for e in actifs if e["trancheEffectifsEtablissement"] != "NN"}
    assert millesimes == {"2023"}
    # A band of vintage 2023 cannot come from a row last processed before the vintage existed.
    assert all(e["dateDernierTraitementEtablissement"] >= "2024-12-01" for e in actifs
               if e["anneeEffectifsEtablissement"] == "2023")
    assert all(e["dateDernierTraitementEtablissement"][:10] >= e["dateDebut"] for e in lignes)


def test_non_diffusibles_masques_mais_commune_activite_tranche_publiques(recensement_demo):
    lignes = recensement_demo.etablissements
    partiels = [e for e in lignes if e["statutDiffusionEtablissement"] == "P"]
    assert 0.03 <= len(partiels) / len(lignes) <= 0.05
    for e in partiels:
        assert e["coordonneeLambertAbscisseEtablissement"] == gen.ND
        assert e["libelleVoieEtablissement"] == gen.ND
        assert gen.ND not in (e["codeCommuneEtablissement"], e["activitePrincipaleEtablissement"],
                              e["trancheEffectifsEtablissement"], e["dateCreationEtablissement"])
    unites_p = [u for u in recensement_demo.unites_legales if u["statutDiffusionUniteLegale"] == "P"]
    personnes_p = [u for u in unites_p if u["categorieJuridiqueUniteLegale"] == "1000"]
    assert personnes_p and all(u["nomUniteLegale"] == gen.ND for u in personnes_p)
    assert not any(gen.ND in e.values() for e in lignes if e["statutDiffusionEtablissement"] == "O")


def test_unites_legales_coherentes_avec_leurs_etablissements(recensement_demo):
    unites = {u["siren"]: u for u in recensement_demo.unites_legales}
    par_siren = defaultdict(list)
    for e in recensement_demo.etablissements:
        par_siren[e["siren"]].append(e)
    assert set(par_siren) == set(unites)
    for siren, etabs in par_siren.items():
        sieges = [e for e in etabs if e["etablissementSiege"] == "true"]
        assert len(sieges) <= 1
        if sieges:
            assert sieges[0]["nic"] == unites[siren]["nicSiegeUniteLegale"]
        actif = any(e["etatAdministratifEtablissement"] == "A" for e in etabs)
        if actif:
            assert unites[siren]["etatAdministratifUniteLegale"] == "A"
    multi = [s for s, etabs in par_siren.items() if len(etabs) > 1]
    reseaux = [s for s, etabs in par_siren.items()
               if sum(e["etatAdministratifEtablissement"] == "A" for e in etabs) >= 3]
    assert len(multi) >= 200 and len(reseaux) >= 10
    hors_territoire = [u for u in unites.values() if u["nicSiegeUniteLegale"] not in
                       {e["nic"] for e in par_siren[u["siren"]]}]
    assert hors_territoire, "des groupes ont leur siège hors du territoire"
    categories = Counter(u["categorieEntreprise"] for u in unites.values())
    assert categories["PME"] > 5000 and 0 < categories["GE"] < 50 and categories["ETI"] > 5
    personnes = [u for u in unites.values() if u["categorieJuridiqueUniteLegale"] == "1000"]
    assert len(personnes) > 3000
    assert all(u["nomUniteLegale"] and not u["denominationUniteLegale"] for u in personnes)
    societes = [u for u in unites.values() if u["categorieJuridiqueUniteLegale"] != "1000"]
    assert all(u["denominationUniteLegale"] and not u["nomUniteLegale"] for u in societes)


def test_noms_inventes_jamais_ceux_d_entreprises_reelles(recensement_demo):
    noms = [u["denominationUniteLegale"] for u in recensement_demo.unites_legales]
    noms += [e["enseigne1Etablissement"] for e in recensement_demo.etablissements]
    for nom in filter(None, noms):
        mots = " " + " ".join(re.split(r"[^A-Z]+", gen.majuscules_sans_accents(nom))) + " "
        for interdit in NOMS_REELS_INTERDITS:
            assert f" {interdit} " not in mots, nom
    assert len(set(filter(None, noms))) > 8_000


def test_codes_naf_reels_et_naf2025_a_cote(recensement_demo):
    connus = naf.libelles()
    for e in recensement_demo.etablissements:
        code = e["activitePrincipaleEtablissement"]
        if e["nomenclatureActivitePrincipaleEtablissement"] == "NAFRev2":
            assert code in connus, code
            assert re.fullmatch(r"\d{2}\.\d{2}[A-Z]", e["activitePrincipaleNAF25Etablissement"]), e
        else:
            assert e["nomenclatureActivitePrincipaleEtablissement"] == "NAFRev1"
            assert e["etatAdministratifEtablissement"] == "F" and e["dateDebut"] < "2008-01-01"
            assert e["activitePrincipaleNAF25Etablissement"] == ""


def test_codes_naf_des_donnees_sont_des_sous_classes_officielles():
    """Every NAF rév. 2 code the demo's data files use exists in the official list."""
    officiels = {
        ligne.split("|")[0] for ligne in
        shared_file("reference/lbb_naf_labels.csv").read_text(encoding="utf-8").splitlines()[1:]
    }
    d = gen.donnees()
    codes = {a["naf"] for a in d["activites"]}
    ind = d["industrie"]
    codes |= {g["naf"] for g in ind["grands_sites"]}
    for famille in ind["filieres"] + ind["services"]:
        codes |= set(famille["naf"])
    manquants = sorted(c for c in codes if c.replace(".", "") not in officiels)
    assert not manquants


@pytest.mark.parametrize("effectif, attendue", [(0, "NN"), (0.5, "00"), (1.5, "01"), (9.5, "03"),
                                                 (14.5, "11"), (1499.5, "42"), (25_000, "53")])
def test_tranche_de_l_effectif(effectif, attendue):
    assert gen.tranche_de_l_effectif(effectif) == attendue


def test_chaque_code_naf_a_son_code_naf2025():
    d = gen.donnees()
    codes = {a["naf"] for a in d["activites"]}
    ind = d["industrie"]
    codes |= {g["naf"] for g in ind["grands_sites"]}
    for famille in ind["filieres"] + ind["services"] + [ind["artisanat_alimentaire_au_seuil"]]:
        codes |= set(famille["naf"])
    assert codes <= set(d["naf2025"]), codes - set(d["naf2025"])
    for code25 in d["naf2025"].values():
        assert re.fullmatch(r"\d{2}\.\d{2}[GHJKY]", code25), code25
    assert gen.naf25("62.01Z", d["naf2025"]) == "62.10Y"
    assert gen.naf25("25.62B", d["naf2025"]) == "25.53Y"  # l'usinage change de classe en NACE rév. 2.1
    with pytest.raises(ValueError, match="naf2025.csv.*99.99Z"):
        gen.naf25("99.99Z", d["naf2025"])
