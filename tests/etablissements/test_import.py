"""The SIRENE import through its public interface, on small files written by tests/etablissements/fichiers.py."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from territoire.etablissements.importer import ImportRefuse, importer_stock
from territoire.etablissements.models import Changement, Etablissement, ImportSirene, UniteLegale
from tests.etablissements import fichiers as f

pytestmark = pytest.mark.django_db


def instantane() -> dict:
    """Every row the importer may touch, to prove that a refused import changed nothing."""
    return {
        modele.__name__: sorted(map(repr, modele.objects.order_by("pk").values_list()))
        for modele in (Etablissement, UniteLegale, ImportSirene, Changement)
    }


def _base(n: int = 25) -> list[dict]:
    """n active establishments of Ruitz in the zone, plus one in Béthune and one outside the territory."""
    lignes = [f.etablissement(i) for i in range(1, n + 1)]
    lignes.append(f.etablissement(900, codeCommuneEtablissement=f.BETHUNE, point=f.CENTRE_BETHUNE,
                                  activitePrincipaleEtablissement="62.01Z"))
    lignes.append(f.etablissement(901, codeCommuneEtablissement="75056", point=None))
    return lignes


def _resultat() -> list[tuple]:
    return list(Etablissement.objects.order_by("siret").values_list(
        "siret", "etat", "naf", "filiere__code", "tranche_effectifs", "emplois_central", "zone__nom",
        "localisation", "commune__code_insee", "unite_legale__siren", "present",
    ))


@pytest.mark.parametrize("ecrire", [f.ecrire_csv, f.ecrire_zip, f.ecrire_parquet, f.ecrire_gzip],
                         ids=["csv", "zip", "parquet", "gzip"])
def test_csv_zip_parquet_et_gzip_donnent_le_meme_recensement(territoire, tmp_path, ecrire):
    imp = importer_stock(territoire, f.ecrire_csv(tmp_path / "reference.csv", _base()))
    attendu = _resultat()
    Etablissement.objects.all().delete()
    ImportSirene.objects.all().delete()
    imp = importer_stock(territoire, ecrire(tmp_path / "fichier", _base()))
    assert imp.statut == ImportSirene.Statut.REUSSI
    assert imp.lignes_lues == 27 and imp.lignes_retenues == 26 and imp.crees == 26
    assert _resultat() == attendu
    assert len(attendu) == 26
    # The format is recognised by content: the file written here has no extension.
    assert imp.format in {"csv", "zip", "parquet", "gzip"}


def test_premier_import_remplit_le_recensement(territoire, tmp_path):
    imp = importer_stock(territoire, f.ecrire_csv(tmp_path / "stock.csv", _base()))
    ruitz = Etablissement.objects.get(siret=f.siret(1))
    assert ruitz.zone.nom == "ZI de Ruitz" and ruitz.localisation == "point"
    assert ruitz.latitude == pytest.approx(50.47, abs=1e-5)
    assert ruitz.est_industriel and ruitz.filiere.code == "metallurgie"
    assert (ruitz.emplois_bas, ruitz.emplois_central, ruitz.emplois_haut) == (10, 14.5, 19)
    assert ruitz.naf25 == "25.62Y" and ruitz.employeur == "O" and ruitz.siege
    assert ruitz.unite_legale.siren == ruitz.siren  # a minimal legal unit exists for the link
    bethune = Etablissement.objects.get(siret=f.siret(900))
    assert bethune.zone is None and bethune.filiere.code == "numerique" and not bethune.est_industriel
    assert not Etablissement.objects.filter(code_commune="75056").exists()
    assert imp.crees == 26 and "Premier import" in imp.message
    assert not Changement.objects.exists()  # the first run sets the baseline


def test_le_second_import_enregistre_les_differences(territoire, tmp_path):
    importer_stock(territoire, f.ecrire_csv(tmp_path / "mois1.csv", _base(40)))
    lignes = _base(40)
    lignes[0]["etatAdministratifEtablissement"] = "F"
    lignes[1].update(numeroVoieEtablissement="99", libelleVoieEtablissement="DU PORT")
    lignes[2]["trancheEffectifsEtablissement"] = "22"
    lignes[3]["activitePrincipaleEtablissement"] = "28.11Z"
    del lignes[4]
    lignes.append(f.etablissement(500))
    imp = importer_stock(territoire, f.ecrire_csv(tmp_path / "mois2.csv", lignes))
    assert (imp.crees, imp.fermes, imp.demenages, imp.tranches_changees, imp.activites_changees, imp.disparus) == (
        1, 1, 1, 1, 1, 1)
    assert imp.inchanges == 36
    changements = {(c.etablissement.siret, c.type) for c in imp.changements.select_related("etablissement")}
    assert changements == {
        (f.siret(1), "fermeture"), (f.siret(2), "demenagement"), (f.siret(3), "tranche"),
        (f.siret(4), "activite"), (f.siret(5), "disparition"), (f.siret(500), "creation"),
    }
    disparu = Etablissement.objects.get(siret=f.siret(5))
    assert not disparu.present and disparu.etat == "A"  # kept, flagged absent
    tranche = imp.changements.get(type="tranche")
    assert (tranche.avant, tranche.apres) == ("10 à 19 salariés", "100 à 199 salariés")
    assert Etablissement.objects.get(siret=f.siret(3)).emplois_central == 149.5
    assert Etablissement.objects.get(siret=f.siret(4)).filiere.code == "mecanique"


def test_un_etablissement_qui_revient_est_de_nouveau_present_et_rouvert(territoire, tmp_path):
    importer_stock(territoire, f.ecrire_csv(tmp_path / "a.csv", _base(30)))
    lignes = _base(30)
    lignes[0]["etatAdministratifEtablissement"] = "F"
    importer_stock(territoire, f.ecrire_csv(tmp_path / "b.csv", lignes))
    imp = importer_stock(territoire, f.ecrire_csv(tmp_path / "c.csv", _base(30)))
    assert imp.rouverts == 1
    assert Etablissement.objects.get(siret=f.siret(1)).etat == "A"


def test_colonnes_supplementaires_et_ordre_quelconque_acceptes(territoire, tmp_path):
    colonnes = list(reversed(f.ENTETE_STOCK_ETABLISSEMENT)) + ["colonneInconnue2030", "geo_score"]
    lignes = [dict(ligne, colonneInconnue2030="x", geo_score="0.9") for ligne in _base()]
    imp = importer_stock(territoire, f.ecrire_csv(tmp_path / "autre_ordre.csv", lignes, colonnes))
    assert imp.lignes_retenues == 26
    assert Etablissement.objects.get(siret=f.siret(1)).naf25 == "25.62Y"


def test_la_colonne_naf25_peut_manquer(territoire, tmp_path):
    colonnes = [c for c in f.ENTETE_STOCK_ETABLISSEMENT if c != "activitePrincipaleNAF25Etablissement"]
    importer_stock(territoire, f.ecrire_csv(tmp_path / "avant_2025.csv", _base(), colonnes))
    e = Etablissement.objects.get(siret=f.siret(1))
    assert e.naf25 == "" and e.naf == "25.62A"


def test_les_siret_invalides_sont_ecartes_et_signales_avec_des_exemples(territoire, tmp_path):
    lignes = _base(5)
    faux = []
    for i in range(12):
        bon = f.siret(100 + i)
        faux.append(bon[:-1] + str((int(bon[-1]) + 1) % 10))  # one wrong digit: the key fails
        lignes.append(f.etablissement(100 + i, siret=faux[-1]))
    lignes.append(f.etablissement(200, siret="ABC"))
    imp = importer_stock(territoire, f.ecrire_csv(tmp_path / "invalides.csv", lignes))
    assert imp.lignes_retenues == 6
    assert imp.siret_invalides == 13
    assert len(imp.exemples_invalides) == 10
    premier = imp.exemples_invalides[0]
    assert premier["ligne"] == 9  # header, 5 + 2 valid rows, then the first invalid one
    assert premier["siret"] == faux[0] and "clé" in premier["motif"]
    assert not Etablissement.objects.filter(siret__in=faux).exists()


def test_non_diffusible_sans_adresse_place_dans_la_zone_unique_de_sa_commune(territoire, tmp_path):
    lignes = _base(3) + [
        f.etablissement(300, statutDiffusionEtablissement="P", libelleVoieEtablissement="[ND]",
                        numeroVoieEtablissement="[ND]", enseigne1Etablissement="[ND]",
                        coordonneeLambertAbscisseEtablissement="[ND]", coordonneeLambertOrdonneeEtablissement="[ND]"),
        f.etablissement(301, statutDiffusionEtablissement="P", codeCommuneEtablissement=f.BETHUNE,
                        coordonneeLambertAbscisseEtablissement="[ND]", coordonneeLambertOrdonneeEtablissement="[ND]"),
        f.etablissement(302, point=f.HORS_ZONE_RUITZ),
    ]
    importer_stock(territoire, f.ecrire_csv(tmp_path / "p.csv", lignes))
    p_ruitz = Etablissement.objects.get(siret=f.siret(300))
    assert p_ruitz.zone.nom == "ZI de Ruitz" and p_ruitz.localisation == "zone_unique"
    assert p_ruitz.libelle_voie == "" and p_ruitz.enseigne == "" and p_ruitz.latitude is None
    p_bethune = Etablissement.objects.get(siret=f.siret(301))  # Béthune holds no zone
    assert p_bethune.zone is None and p_bethune.localisation == "commune"
    hors_zone = Etablissement.objects.get(siret=f.siret(302))
    assert hors_zone.zone is None and hors_zone.localisation == "point"


def test_garde_fou_des_5_pour_cent_puis_force(territoire, tmp_path):
    importer_stock(territoire, f.ecrire_csv(tmp_path / "complet.csv", _base(40)))
    tronque = f.ecrire_csv(tmp_path / "tronque.csv", _base(40)[:30])
    avant = instantane()
    with pytest.raises(ImportRefuse) as refus:
        importer_stock(territoire, tronque)
    message = str(refus.value)
    assert "\n" not in message and "--force" in message and "11 des 41" in message
    assert instantane() == avant
    imp = importer_stock(territoire, tronque, force=True)
    assert imp.disparus == 11
    assert Etablissement.objects.filter(present=False).count() == 11


def test_fermetures_sous_le_seuil_acceptees_sans_force(territoire, tmp_path):
    importer_stock(territoire, f.ecrire_csv(tmp_path / "a.csv", _base(40)))
    lignes = _base(40)
    lignes[0]["etatAdministratifEtablissement"] = "F"
    lignes[1]["etatAdministratifEtablissement"] = "F"
    imp = importer_stock(territoire, f.ecrire_csv(tmp_path / "b.csv", lignes))
    assert imp.fermes == 2


def test_essai_a_blanc_calcule_tout_et_n_enregistre_rien(territoire, tmp_path):
    importer_stock(territoire, f.ecrire_csv(tmp_path / "a.csv", _base(30)))
    avant = instantane()
    lignes = _base(30)
    lignes[0]["trancheEffectifsEtablissement"] = "31"
    imp = importer_stock(territoire, f.ecrire_csv(tmp_path / "b.csv", lignes), dry_run=True)
    assert imp.statut == ImportSirene.Statut.ESSAI and imp.pk is None
    assert imp.tranches_changees == 1 and imp.lignes_retenues == 31
    assert instantane() == avant


def test_effectif_connu_de_l_equipe_remplace_la_tranche(territoire, tmp_path):
    importer_stock(territoire, f.ecrire_csv(tmp_path / "a.csv", _base(3)))
    Etablissement.objects.filter(siret=f.siret(1)).update(effectif_connu=150)
    lignes = _base(3)
    lignes[0]["trancheEffectifsEtablissement"] = "12"
    importer_stock(territoire, f.ecrire_csv(tmp_path / "b.csv", lignes))
    e = Etablissement.objects.get(siret=f.siret(1))
    assert (e.emplois_bas, e.emplois_central, e.emplois_haut, e.effectif_connu) == (150, 150.0, 150, 150)
    assert e.tranche_effectifs == "12"


def test_fichier_des_unites_legales_nomme_les_unites_des_etablissements_gardes(territoire, tmp_path):
    lignes = _base(3)
    gardees = [f.unite_legale(ligne["siren"]) for ligne in lignes]
    etrangere = f.unite_legale("732829320", denominationUniteLegale="HORS TERRITOIRE")
    ul = f.ecrire_unites_legales(tmp_path / "ul.csv", [*gardees, etrangere])
    imp = importer_stock(territoire, f.ecrire_csv(tmp_path / "e.csv", lignes), chemin_unites_legales=ul)
    assert imp.unites_legales == 4  # the three of Ruitz and the one of Béthune (not the Paris one)
    e = Etablissement.objects.select_related("unite_legale").get(siret=f.siret(1))
    assert e.unite_legale.denomination == f"SOCIETE {e.siren}"
    assert e.unite_legale.categorie_entreprise == "PME"
    assert not UniteLegale.objects.filter(siren="732829320").exists()
    # A later file that renames the unit updates it in place.
    gardees[0]["denominationUniteLegale"] = "NOUVEAU NOM"
    ul2 = f.ecrire_zip(tmp_path / "ul.zip", gardees, f.ENTETE_STOCK_UNITE_LEGALE, membre="StockUniteLegale_utf8.csv")
    imp2 = importer_stock(territoire, f.ecrire_csv(tmp_path / "e2.csv", lignes), chemin_unites_legales=ul2)
    assert imp2.unites_legales == 1
    assert UniteLegale.objects.get(siren=lignes[0]["siren"]).denomination == "NOUVEAU NOM"


def test_import_fictif_marque_etablissements_unites_et_import(territoire, tmp_path):
    imp = importer_stock(territoire, f.ecrire_csv(tmp_path / "demo.csv", _base(3)), fictif=True, lance_par="demo")
    assert imp.fictif and imp.lance_par == "demo"
    assert set(Etablissement.objects.values_list("fictif", flat=True)) == {True}
    assert set(UniteLegale.objects.values_list("fictif", flat=True)) == {True}


def test_valeurs_hostiles_conservees_comme_texte(territoire, tmp_path):
    lignes = _base(2)
    lignes[0]["enseigne1Etablissement"] = '<script>alert("x")</script>'
    lignes[1]["enseigne1Etablissement"] = "=HYPERLINK(\"http://x\")"
    lignes[1]["denominationUsuelleEtablissement"] = "é" * 5000
    importer_stock(territoire, f.ecrire_csv(tmp_path / "hostile.csv", lignes))
    assert Etablissement.objects.get(siret=f.siret(1)).enseigne == '<script>alert("x")</script>'
    assert len(Etablissement.objects.get(siret=f.siret(2)).denomination_usuelle) == 200


# Batches, not rows: SQLite caps a statement at 999 parameters, so Django splits a bulk insert of
# establishments (about 40 columns) every couple of dozen rows and of legal units every fifty;
# PostgreSQL takes a whole batch. A query per row would add about 400 queries here.
LIGNES_PAR_REQUETE_MIN = 10


def _requetes(territoire, chemin) -> int:
    with CaptureQueriesContext(connection) as contexte:
        importer_stock(territoire, chemin)
    return len(contexte.captured_queries)


def test_le_nombre_de_requetes_ne_croit_pas_avec_le_nombre_de_lignes(territoire, tmp_path):
    petit = _requetes(territoire, f.ecrire_csv(tmp_path / "petit.csv", _base(5)))
    Etablissement.objects.all().delete()
    UniteLegale.objects.all().delete()
    ImportSirene.objects.all().delete()
    grand = _requetes(territoire, f.ecrire_csv(tmp_path / "grand.csv", _base(400)))
    assert grand - petit <= 395 / LIGNES_PAR_REQUETE_MIN
    if connection.vendor == "postgresql":
        assert grand == petit
    # A second run that changes every row: updates go by batches too.
    lignes = _base(400)
    for ligne in lignes:
        ligne["trancheEffectifsEtablissement"] = "12"
    grand2 = _requetes(territoire, f.ecrire_csv(tmp_path / "grand2.csv", lignes))
    assert grand2 - petit <= 2 * 395 / LIGNES_PAR_REQUETE_MIN


def test_reimporter_le_meme_fichier_ne_change_rien(territoire, tmp_path):
    lignes = _base(10)
    lignes[0]["dateDernierTraitementEtablissement"] = "2023-03-26T02:28:37"  # in the DST gap
    lignes[1]["statutDiffusionEtablissement"] = "P"
    chemin = f.ecrire_csv(tmp_path / "stock.csv", lignes)
    importer_stock(territoire, chemin)
    avant = dict(Etablissement.objects.values_list("siret", "mise_a_jour"))
    imp = importer_stock(territoire, chemin)
    assert imp.inchanges == imp.lignes_retenues == 11
    assert not imp.changements.exists()
    assert dict(Etablissement.objects.values_list("siret", "mise_a_jour")) == avant


def test_parquet_aux_codes_stockes_en_entiers_retrouve_les_zeros_de_tete(db, tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    from territoire.referentiel.models import Commune, Territoire

    ain = Territoire.objects.create(nom="Ain", slug="ain")
    ain.communes.add(Commune.objects.create(code_insee="01053", nom="Bourg-en-Bresse", departement="01"))
    lignes = [f.etablissement(i, codeCommuneEtablissement="01053", siret=f.siret(i, siren="005880034"))
              for i in range(1, 4)]
    colonnes = {c: pa.array([ligne.get(c) or None for ligne in lignes], pa.string()) for c in f.ENTETE_STOCK_ETABLISSEMENT}
    for code in ("siren", "nic", "siret", "codeCommuneEtablissement"):
        colonnes[code] = pa.array([int(ligne[code]) for ligne in lignes], pa.int64())
    pq.write_table(pa.table(colonnes), tmp_path / "entiers.parquet")
    imp = importer_stock(ain, tmp_path / "entiers.parquet")
    assert imp.lignes_retenues == 3 and imp.siret_invalides == 0
    assert Etablissement.objects.get(siret=f.siret(1, siren="005880034")).code_commune == "01053"
