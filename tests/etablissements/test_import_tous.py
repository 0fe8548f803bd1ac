"""`territoire sirene import FICHIER --tous-les-territoires`: one read, one run per territory."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from territoire.etablissements.importer import (
    ImportRefuse,
    importer_stock,
    importer_tous_les_territoires,
)
from territoire.etablissements.importer.lecture import Lecteur
from territoire.etablissements.models import Changement, Etablissement, ImportSirene, UniteLegale
from territoire.referentiel.models import Commune, Territoire
from tests.conftest import _carre
from tests.etablissements import fichiers as f

pytestmark = pytest.mark.django_db

AUCHEL, LILLE = "62048", "59350"


@pytest.fixture
def trois(territoire):
    """A (the fixture: Ruitz, Béthune), B (Béthune, Auchel: shares Béthune with A), C (Lille)."""
    auchel = Commune.objects.create(code_insee=AUCHEL, nom="Auchel", population=10000, departement="62",
                                    contour=json.dumps(_carre(2.47, 50.50, 0.02)))
    lille = Commune.objects.create(code_insee=LILLE, nom="Lille", population=230000, departement="59",
                                   contour=json.dumps(_carre(3.06, 50.63, 0.02)))
    b = Territoire.objects.create(nom="Territoire B", slug="b", id_ti="ti-9001", phase="2023-2027")
    b.communes.add(Commune.objects.get(code_insee=f.BETHUNE), auchel)
    c = Territoire.objects.create(nom="Territoire C", slug="c", id_ti="ti-9002", phase="2023-2027")
    c.communes.add(lille)
    return territoire, b, c


def _lignes(fermer: set[int] = frozenset(), sans: set[int] = frozenset()) -> list[dict]:
    """Ruitz 1–40 (A), Béthune 100–109 (A and B), Auchel 200–259 (B), Lille 300–339 (C), Paris 900 (none)."""
    lignes = []
    for i in range(1, 41):
        lignes.append(f.etablissement(i))
    for i in range(100, 110):
        lignes.append(f.etablissement(i, codeCommuneEtablissement=f.BETHUNE, point=f.CENTRE_BETHUNE))
    for i in range(200, 260):
        lignes.append(f.etablissement(i, codeCommuneEtablissement=AUCHEL, point=None))
    for i in range(300, 340):
        lignes.append(f.etablissement(i, codeCommuneEtablissement=LILLE, point=None))
    lignes.append(f.etablissement(900, codeCommuneEtablissement="75056", point=None))
    for ligne in lignes:
        numero = int(ligne["enseigne1Etablissement"].split()[-1])
        if numero in fermer:
            ligne["etatAdministratifEtablissement"] = "F"
    return [ligne for ligne in lignes if int(ligne["enseigne1Etablissement"].split()[-1]) not in sans]


def _etat() -> list[tuple]:
    return sorted(Etablissement.objects.values_list(
        "siret", "etat", "code_commune", "zone_id", "localisation", "present", "emplois_central", "filiere_id",
    ))


def _runs() -> dict[str, tuple]:
    return {
        imp.territoire.slug: (imp.lignes_lues, imp.lignes_retenues, imp.crees, imp.fermes, imp.disparus, imp.inchanges)
        for imp in ImportSirene.objects.select_related("territoire")
    }


def test_une_lecture_remplit_chaque_territoire_comme_des_imports_separes(trois, tmp_path, monkeypatch):
    a, b, c = trois
    chemin = f.ecrire_zip(tmp_path / "national.zip", _lignes())
    lectures = []
    origine = Lecteur.lots_valeurs

    def compter(self, *args, **kwargs):
        lectures.append(self.chemin)
        return origine(self, *args, **kwargs)

    monkeypatch.setattr(Lecteur, "lots_valeurs", compter)
    rapport = importer_tous_les_territoires(chemin, fictif=True)
    assert lectures == [chemin]  # the national file is read once
    assert rapport.lignes_lues == 151 and rapport.lignes_gardees == 150 and not rapport.refuses
    assert [r.territoire.slug for r in rapport.resultats] == ["bethune-bruay", "b", "c"]
    runs = _runs()
    # Béthune's 10 establishments belong to A and B: counted in both runs (each territory's
    # first import creates them, as an import of that territory alone would), stored once.
    assert runs == {"bethune-bruay": (151, 50, 50, 0, 0, 0), "b": (151, 70, 70, 0, 0, 0), "c": (151, 40, 40, 0, 0, 0)}
    assert Etablissement.objects.count() == 150
    national = _etat()
    # The same establishments as three separate imports of the same file.
    Etablissement.objects.all().delete()
    ImportSirene.objects.all().delete()
    for t in (a, b, c):
        importer_stock(t, chemin, fictif=True)
    assert _etat() == national
    # Separately, B's run finds Béthune's establishments already there (A's run wrote them).
    assert _runs()["b"] == (151, 70, 60, 0, 0, 10)
    # The zone of A places Ruitz's establishments whichever run wrote them.
    assert Etablissement.objects.filter(code_commune=f.RUITZ, zone__isnull=False).count() == 40


def _lecture_de_tout_le_fichier(monkeypatch) -> list:
    """Force the read of every territory (thousands of communes: DuckDB parses every row, Arrow
    routes them) on the few communes of these tests; the calls to ``Lecteur.lots`` are noted."""
    from territoire.etablissements.importer import repartition

    monkeypatch.setattr(repartition, "VALEURS_MAX_MOTIF", 0)
    appels = []
    origine = Lecteur.lots

    def noter(self, *args, **kwargs):
        appels.append(kwargs.get("arrow"))
        return origine(self, *args, **kwargs)

    monkeypatch.setattr(Lecteur, "lots", noter)
    return appels


def test_la_lecture_de_tout_le_fichier_remplit_les_territoires_comme_le_filtre_des_lignes(trois, tmp_path, monkeypatch):
    # Rows of a shared commune (Béthune: A and B) mixed with others, in file order.
    chemin = f.ecrire_zip(tmp_path / "national.zip", _lignes())
    rapport = importer_tous_les_territoires(chemin, fictif=True)
    attendu, runs, lignes = _etat(), _runs(), {r.territoire.slug: r.lignes for r in rapport.resultats}
    Etablissement.objects.all().delete()
    ImportSirene.objects.all().delete()
    UniteLegale.objects.all().delete()
    appels = _lecture_de_tout_le_fichier(monkeypatch)
    rapport = importer_tous_les_territoires(chemin, fictif=True)
    assert appels == [True]  # one read, Arrow batches
    assert rapport.lignes_lues == 151 and rapport.lignes_gardees == 150 and not rapport.refuses
    assert {r.territoire.slug: r.lignes for r in rapport.resultats} == lignes == {"bethune-bruay": 50, "b": 70, "c": 40}
    assert _runs() == runs and _etat() == attendu


@pytest.mark.parametrize("tout", [False, True], ids=["filtre-des-lignes", "tout-le-fichier"])
def test_chaque_territoire_a_ses_propres_differences_meme_sur_une_commune_partagee(trois, tmp_path, monkeypatch, tout):
    if tout:
        _lecture_de_tout_le_fichier(monkeypatch)
    importer_tous_les_territoires(f.ecrire_csv(tmp_path / "m1.csv", _lignes()))
    # Next month: two establishments of Béthune (shared) close, one of Auchel (B) and one of Lille (C) disappear.
    rapport = importer_tous_les_territoires(f.ecrire_csv(tmp_path / "m2.csv", _lignes(fermer={100, 101}, sans={200, 300})))
    assert not rapport.refuses
    par = {r.territoire.slug: r.imp for r in rapport.resultats}
    assert (par["bethune-bruay"].fermes, par["bethune-bruay"].disparus) == (2, 0)
    assert (par["b"].fermes, par["b"].disparus) == (2, 1)  # B sees Béthune's closures too, though A wrote them
    assert (par["c"].fermes, par["c"].disparus) == (0, 1)
    for slug, attendu in (("bethune-bruay", {"fermeture": 2}), ("b", {"fermeture": 2, "disparition": 1}),
                          ("c", {"disparition": 1})):
        types = {}
        for type_ in Changement.objects.filter(import_sirene=par[slug]).values_list("type", flat=True):
            types[type_] = types.get(type_, 0) + 1
        assert types == attendu, slug
    assert Etablissement.objects.filter(code_commune=f.BETHUNE, etat="F").count() == 2


def test_un_territoire_refuse_par_la_garde_des_5_pour_cent_ne_bloque_pas_les_autres(trois, tmp_path):
    importer_tous_les_territoires(f.ecrire_csv(tmp_path / "m1.csv", _lignes()))
    avant_c = sorted(Etablissement.objects.filter(code_commune=LILLE).values_list("siret", "etat", "present"))
    # Lille loses 10 of its 40 establishments (25 % > 5 %): C is refused, A and B are imported.
    chemin = f.ecrire_csv(tmp_path / "m2.csv", _lignes(fermer={1}, sans=set(range(300, 310))))
    sortie = StringIO()
    with pytest.raises(CommandError, match=r"1 territoire\(s\) refusé\(s\) sur 3"):
        call_command("sirene", "import", str(chemin), "--tous-les-territoires", "--sans-progression", stdout=sortie)
    texte = sortie.getvalue()
    assert "REFUSÉ  ti-9002 Territoire C (c) : " in texte and "10 des 40 établissements actifs" in texte
    assert "importé ti-9001 Territoire B (b)" in texte
    assert sorted(Etablissement.objects.filter(code_commune=LILLE).values_list("siret", "etat", "present")) == avant_c
    assert ImportSirene.objects.filter(territoire__slug="c").count() == 1
    assert ImportSirene.objects.filter(territoire__slug="bethune-bruay").count() == 2
    assert Etablissement.objects.get(siret=f.siret(1)).etat == "F"


def test_des_territoires_qui_partagent_des_communes_sont_refuses_ensemble(trois, tmp_path):
    importer_tous_les_territoires(f.ecrire_csv(tmp_path / "m1.csv", _lignes()))
    avant = _etat()
    # Auchel (B only) loses everything: B is refused, and A with it (they share Béthune, whose
    # closures would otherwise change B's establishments); C is imported.
    chemin = f.ecrire_csv(tmp_path / "m2.csv", _lignes(fermer={100, 301}, sans=set(range(200, 260))))
    rapport = importer_tous_les_territoires(chemin)
    refuses = {r.territoire.slug: r.refus for r in rapport.refuses}
    assert set(refuses) == {"bethune-bruay", "b"}
    assert "partage des communes" in refuses["bethune-bruay"]
    assert [e for e in _etat() if e[2] != LILLE] == [e for e in avant if e[2] != LILLE]
    assert Etablissement.objects.get(siret=f.siret(301)).etat == "F"


def test_un_fichier_national_sans_code_commune_est_refuse_avant_toute_ecriture(trois, tmp_path):
    colonnes = [c for c in f.ENTETE_STOCK_ETABLISSEMENT if c != "codeCommuneEtablissement"]
    chemin = f.ecrire_csv(tmp_path / "sans_commune.csv", _lignes(), colonnes)
    with pytest.raises(ImportRefuse, match="ligne 1 : colonne\\(s\\) obligatoire\\(s\\) absente\\(s\\) : codeCommuneEtablissement"):
        importer_tous_les_territoires(chemin)
    assert not Etablissement.objects.exists() and not ImportSirene.objects.exists()


def test_essai_a_blanc_de_tous_les_territoires(trois, tmp_path):
    rapport = importer_tous_les_territoires(f.ecrire_parquet(tmp_path / "national.parquet", _lignes()), dry_run=True)
    assert [r.imp.statut for r in rapport.resultats] == ["essai"] * 3
    assert [r.imp.lignes_retenues for r in rapport.resultats] == [50, 70, 40]
    assert not Etablissement.objects.exists() and not ImportSirene.objects.exists()


def test_le_fichier_des_unites_legales_est_lu_une_fois_pour_tous(trois, tmp_path):
    lignes = _lignes()
    ul = f.ecrire_unites_legales(tmp_path / "ul.csv", [f.unite_legale(ligne["siren"]) for ligne in lignes[::2]])
    rapport = importer_tous_les_territoires(f.ecrire_csv(tmp_path / "n.csv", lignes), chemin_unites_legales=ul)
    assert not rapport.refuses
    attendu = {ligne["siren"] for ligne in lignes[::2] if ligne["codeCommuneEtablissement"] != "75056"}
    assert set(UniteLegale.objects.exclude(denomination="").values_list("siren", flat=True)) == attendu
    assert all(r.imp.source_unites_legales.endswith("ul.csv") for r in rapport.resultats)


def test_sans_territoire_aux_communes_rien_a_faire(db, tmp_path):
    with pytest.raises(ImportRefuse, match="Aucun territoire n'a de communes"):
        importer_tous_les_territoires(f.ecrire_csv(tmp_path / "n.csv", _lignes()))


def test_territoire_et_tous_les_territoires_s_excluent(trois, tmp_path):
    chemin = f.ecrire_csv(tmp_path / "n.csv", _lignes())
    with pytest.raises(CommandError, match="s'excluent"):
        call_command("sirene", "import", str(chemin), "--tous-les-territoires", "--territoire", "b")


def test_la_passe_rend_a_sqlite_la_taille_de_son_cache(trois, tmp_path, monkeypatch):
    from django.db import connection

    from territoire.etablissements.importer import tous

    if connection.vendor != "sqlite":
        pytest.skip("réglage propre à SQLite")

    def taille() -> int:
        with connection.cursor() as curseur:
            curseur.execute("PRAGMA cache_size")
            return curseur.fetchone()[0]

    avant, pendant = taille(), []
    origine = tous.ecrire_import

    def noter(*args, **kwargs):
        pendant.append(taille())
        return origine(*args, **kwargs)

    monkeypatch.setattr(tous, "ecrire_import", noter)
    importer_tous_les_territoires(f.ecrire_csv(tmp_path / "m1.csv", _lignes()))
    assert pendant and set(pendant) == {-tous.CACHE_SQLITE_KIO} and taille() == avant


def test_pendant_la_passe_nationale_du_territoire_lit_par_l_index_des_communes(territoire):
    """Same rows either way; inside `par_l_index_des_communes()` the SQLite filter keeps the
    commune index (no unary plus), outside it the demo's scan stays."""
    from django.db import connection

    from territoire.etablissements.queries import du_territoire, par_l_index_des_communes
    from tests.etablissements import factories as fe

    ruitz = territoire.communes.get(code_insee="62729")
    fe.etablissement(ruitz)
    fe.etablissement(ruitz, naf="22.29A")
    dehors = Commune.objects.create(code_insee="59350", nom="Lille", departement="59")
    fe.etablissement(dehors)
    avant = sorted(du_territoire(territoire).values_list("siret", flat=True))
    with par_l_index_des_communes():
        pendant = sorted(du_territoire(territoire).values_list("siret", flat=True))
        sql = str(du_territoire(territoire).query)
    assert pendant == avant and len(avant) == 2
    assert "(+" not in sql
    if connection.vendor == "sqlite":
        assert "(+" in str(du_territoire(territoire).query), "hors de la passe, le balayage de la démo reste"
