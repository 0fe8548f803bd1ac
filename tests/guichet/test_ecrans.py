"""The desk's screens: the queue (filters, overdue marker, sort, all in the URL), the partner
directory and its routing rules with their preview, the aid catalogue, the measures chart."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from territoire.guichet import actions
from territoire.guichet.models import AideProposee, Conseiller, Dispositif, Institution
from territoire.guichet.queries import dispositifs_eligibles, limite_de_depot
from territoire.historique.models import Entree
from tests.guichet import factories as f
from tests.reseau import factories as reseau

pytestmark = pytest.mark.django_db


def _url(nom, territoire, **kw):
    return reverse(f"guichet:{nom}", kwargs={"territoire": territoire.slug, **kw})


# --- The queue --------------------------------------------------------------------------------


def test_la_file_filtre_par_statut_sujet_partenaire_commune_age_et_garde_tout_dans_l_url(
        client, territoire, communes, annuaire, alice):
    maintenant = timezone.now()
    vieille = f.demande(territoire, reseau.organisation(territoire, nom="Ancienne Fonderie"), commune=communes["Ruitz"],
                        quand=maintenant - timedelta(days=30))
    actions.orienter_demande(vieille, [annuaire["lea"]])
    recente = f.demande(territoire, reseau.organisation(territoire, nom="Jeune Pousse"), code_sujet="financement",
                        commune=communes["Béthune"], quand=maintenant - timedelta(hours=2))
    client.force_login(alice)
    page = client.get(_url("demandes", territoire), {"age": "souffrance"}).content.decode()
    assert "Ancienne Fonderie" in page and "Jeune Pousse" not in page and "En souffrance" in page and "J+30" in page
    page = client.get(_url("demandes", territoire), {"partenaire": annuaire["cci"].pk}).content.decode()
    assert "Ancienne Fonderie" in page and "Jeune Pousse" not in page
    page = client.get(_url("demandes", territoire), {"sujet": recente.sujet_id, "commune": communes["Béthune"].pk,
                                                     "a_orienter": "on"}).content.decode()
    assert "Jeune Pousse" in page and "Ancienne Fonderie" not in page and "À orienter" in page
    page = client.get(_url("demandes", territoire), {"q": "fonderie"}).content.decode()
    assert "Ancienne Fonderie" in page and "Jeune Pousse" not in page
    page = client.get(_url("demandes", territoire), {"q": str(recente.pk)}).content.decode()
    assert "Jeune Pousse" in page
    # Oldest first: the team routes the oldest request first.
    page = client.get(_url("demandes", territoire), {"tri": "deposee"}).content.decode()
    assert page.index("Ancienne Fonderie") < page.index("Jeune Pousse")
    page = client.get(_url("demandes", territoire), {"age": "21"}).content.decode()
    assert "Ancienne Fonderie" in page and "Jeune Pousse" not in page
    page = client.get(_url("demandes", territoire), {"age": "semaine"}).content.decode()
    assert "Jeune Pousse" in page and "Ancienne Fonderie" not in page
    actions.changer_statut(recente, "prise_en_charge", alice)
    page = client.get(_url("demandes", territoire), {"statut": "prise_en_charge"}).content.decode()
    assert "Jeune Pousse" in page and "Ancienne Fonderie" not in page
    # The sort link keeps the filters; the export keeps them too.
    page = client.get(_url("demandes", territoire), {"statut": "nouvelle"}).content.decode()
    assert "?statut=nouvelle&amp;tri=" in page and "Ancienne Fonderie" in page and "Jeune Pousse" not in page
    export = client.get(_url("demandes_export", territoire, format="csv"), {"commune": communes["Béthune"].pk})
    lignes = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig")), delimiter=";"))
    assert [ligne[2] for ligne in lignes[1:]] == ["Jeune Pousse"]


def test_la_file_dit_aucune_demande_et_jamais_zero_demandes(client, territoire, alice):
    client.force_login(alice)
    page = client.get(_url("demandes", territoire)).content.decode()
    assert "Aucune demande" in page and "0 demandes" not in page
    f.demande(territoire)
    page = client.get(_url("demandes", territoire)).content.decode()
    assert "1 demande" in page and "1 demandes" not in page


def test_la_file_n_offre_jamais_des_tirets_comme_choix_vide(client, territoire, alice):
    client.force_login(alice)
    for nom in ("demandes", "demande_nouvelle", "regles", "dispositif_nouveau", "institution_nouvelle"):
        assert "---------" not in client.get(_url(nom, territoire)).content.decode(), nom
    d = f.demande(territoire)
    assert "---------" not in client.get(_url("demande", territoire, pk=d.pk)).content.decode()


def test_des_filtres_hostiles_sont_ignores_avec_un_message(client, territoire, alice):
    f.demande(territoire)
    client.force_login(alice)
    reponse = client.get(_url("demandes", territoire), {"statut": "<script>", "commune": "999999", "age": "'; DROP",
                                                        "page": "9223372036854775807", "tri": "mot_de_passe"})
    contenu = reponse.content.decode()
    assert reponse.status_code == 200 and "<script>" not in contenu and "Certains filtres" in contenu


def test_la_file_en_nombre_de_requetes_constant(client, territoire, annuaire, communes, alice):
    client.force_login(alice)

    def requetes():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(_url("demandes", territoire), {"ouvertes": "on"}).status_code == 200
        return len(ctx.captured_queries)

    f.demande(territoire, commune=communes["Ruitz"])
    avant = requetes()
    for _ in range(20):
        d = f.demande(territoire, commune=communes["Ruitz"])
        actions.orienter_demande(d, [annuaire["lea"]])
    assert requetes() == avant


def test_le_statut_change_sans_recharger_la_page_avec_htmx(client, territoire, annuaire, communes, chloe):
    d = f.demande(territoire, commune=communes["Ruitz"])
    actions.orienter_demande(d, [annuaire["lea"]])
    client.force_login(chloe)
    reponse = client.post(_url("changer_statut", territoire, pk=d.pk), {"vers": "prise_en_charge", "note": "J'appelle"},
                          HTTP_HX_REQUEST="true")
    contenu = reponse.content.decode()
    assert reponse.status_code == 200 and '<section class="panneau" id="statut-demande"' in contenu and "<html" not in contenu
    assert "Statut enregistré" in contenu
    d.refresh_from_db()
    assert d.statut == "prise_en_charge"
    mauvais = client.post(_url("changer_statut", territoire, pk=d.pk), {"vers": "nouvelle"}, HTTP_HX_REQUEST="true")
    assert mauvais.status_code == 400 and "message-erreur" in mauvais.content.decode()


def test_la_limite_de_souffrance_compte_les_jours_ouvres(territoire):
    from datetime import date

    # Friday 1 May 2026 is a public holiday: filed Wednesday 22 April, the 5th working day is
    # Wednesday 29 April; on Thursday 30 April the request is overdue, filed the 23rd it is not.
    limite = limite_de_depot(date(2026, 4, 30))
    assert timezone.localtime(limite).date() == date(2026, 4, 23)
    # Monday 11 May (1 May and 8 May are holidays): filed on 29 April, the deadline was 7 May;
    # filed on 30 April, it is today.
    limite = limite_de_depot(date(2026, 5, 11))
    assert timezone.localtime(limite).date() == date(2026, 4, 30)


# --- The directory and its routing rules ---------------------------------------------------------


def test_l_equipe_tient_l_annuaire_et_l_apercu_dit_ou_irait_une_demande(client, territoire, communes, alice):
    partenaire = reseau.organisation(territoire, nom="Bpifrance", type="partenaire", naf="", tranche="")
    client.force_login(alice)
    client.post(_url("institution_nouvelle", territoire), {"nom": "Bpifrance", "organisation": partenaire.pk})
    inst = Institution.objects.get()
    assert client.post(_url("institution_nouvelle", territoire), {"nom": "Bis", "organisation": partenaire.pk}).status_code == 400
    client.post(_url("antenne_nouvelle", territoire, pk=inst.pk), {"nom": "Lille", "organisation": partenaire.pk,
                                                                    "courriel": "lille@bpi.example"})
    antenne = inst.antennes.get()
    assert Entree.objects.de(inst).get().action == "Institution créée" and Entree.objects.de(antenne).get().auteur == alice
    sujet = f.sujet("financement")
    reponse = client.post(_url("conseiller_nouveau", territoire, pk=antenne.pk), {
        "prenom": "Paul", "nom": "Petit", "courriel": "paul@bpi.example", "actif": "on", "sujets": [sujet.pk],
        "communes": [communes["Béthune"].pk], "naf_prefixes": "25 ; 28.1, 28.1", "tranche_min": "11"})
    assert reponse.status_code == 302
    paul = Conseiller.objects.get()
    assert paul.naf_prefixes == "25, 28.1"
    assert Entree.objects.de(paul).get().action == "Conseiller créé"

    def apercu(**criteres):
        return client.get(_url("regles", territoire), criteres).content.decode()

    page = apercu(sujet=sujet.pk, commune=communes["Béthune"].pk, naf="25.62A", tranche="12")
    assert "irait à" in page and "1 conseiller" in page and "Paul Petit" in page
    assert "Aucun conseiller ne couvre ce cas" in apercu(sujet=sujet.pk, commune=communes["Ruitz"].pk)
    assert "Aucun conseiller ne couvre ce cas" in apercu(sujet=sujet.pk, commune=communes["Béthune"].pk, naf="10.11Z")
    assert "Aucun conseiller ne couvre ce cas" in apercu(sujet=sujet.pk, commune=communes["Béthune"].pk, tranche="01")
    # The preview and the routing of a real request give the same answer.
    d = f.demande(territoire, reseau.organisation(territoire, commune=communes["Béthune"], naf="25.62A", tranche="12"),
                  code_sujet="financement", commune=communes["Béthune"])
    assert actions.proposer_conseillers(d) == [paul]
    client.post(_url("conseiller_modifier", territoire, pk=paul.pk), {
        "prenom": "Paul", "nom": "Petit", "courriel": "paul@bpi.example", "sujets": [sujet.pk],
        "communes": [communes["Béthune"].pk], "naf_prefixes": "", "tranche_min": ""})
    paul.refresh_from_db()
    assert not paul.actif and actions.proposer_conseillers(d) == []
    assert Entree.objects.de(paul).filter(action="Conseiller modifié").get().changements["actif"] == [True, False]


def test_des_regles_illisibles_sont_refusees_avec_un_message(client, territoire, communes, alice, annuaire):
    client.force_login(alice)
    base = {"prenom": "Léa", "nom": "Durand", "courriel": "lea@cci.example", "sujets": [f.sujet().pk],
            "communes": [communes["Ruitz"].pk]}
    reponse = client.post(_url("conseiller_modifier", territoire, pk=annuaire["lea"].pk), {**base, "naf_prefixes": "=SUM(A1)"})
    assert reponse.status_code == 400 and "Préfixes NAF illisibles" in reponse.content.decode()
    reponse = client.post(_url("conseiller_modifier", territoire, pk=annuaire["lea"].pk),
                          {**base, "tranche_min": "22", "tranche_max": "11"})
    assert reponse.status_code == 400 and "tranche maximale" in reponse.content.decode()
    reponse = client.get(_url("regles", territoire), {"sujet": "abc", "naf": "<b>"})
    assert reponse.status_code == 400 and "<b>" not in reponse.content.decode()


def test_une_commune_d_un_autre_territoire_est_refusee(client, territoire, autre_territoire, alice, annuaire):
    from territoire.referentiel.models import Commune

    ailleurs = Commune.objects.create(code_insee="59350", nom="Lille", population=1, departement="59")
    autre_territoire.communes.add(ailleurs)
    client.force_login(alice)
    reponse = client.post(_url("conseiller_modifier", territoire, pk=annuaire["lea"].pk), {
        "prenom": "Léa", "nom": "Durand", "courriel": "lea@cci.example", "sujets": [f.sujet().pk], "communes": [ailleurs.pk]})
    assert reponse.status_code == 400
    assert ailleurs not in annuaire["lea"].communes.all()


# --- The aid catalogue ------------------------------------------------------------------------------


def test_le_catalogue_se_cree_se_modifie_et_s_archive_sans_perdre_les_aides_proposees(client, territoire, alice):
    client.force_login(alice)
    sujet = f.sujet("financement")
    reponse = client.post(_url("dispositif_nouveau", territoire), {"nom": "Prêt d'honneur", "type_aide": "pret",
                                                                   "sujets": [sujet.pk], "debut": "2026-03-01",
                                                                   "fin": "2026-01-01"})
    assert reponse.status_code == 400 and "précède son début" in reponse.content.decode()
    client.post(_url("dispositif_nouveau", territoire), {"nom": "Prêt d'honneur", "type_aide": "pret", "sujets": [sujet.pk]})
    dispositif = Dispositif.objects.get()
    assert list(dispositif.territoires.all()) == [territoire]
    d = f.demande(territoire, code_sujet="financement")
    aide = actions.proposer_aide(d, dispositif)
    client.post(_url("dispositif_modifier", territoire, pk=dispositif.pk), {"nom": "Prêt d'honneur industrie",
                                                                            "type_aide": "pret", "sujets": [sujet.pk]})
    client.post(_url("dispositif_archiver", territoire, pk=dispositif.pk))
    dispositif.refresh_from_db()
    assert dispositif.archive and dispositif.nom == "Prêt d'honneur industrie"
    assert AideProposee.objects.filter(pk=aide.pk).exists()
    client.get(_url("dispositifs", territoire))  # shows (and consumes) the confirmation messages
    public = client.get(_url("dispositifs", territoire)).content.decode()
    assert "Prêt d&#x27;honneur industrie" not in public
    assert "Prêt d&#x27;honneur industrie" in client.get(_url("dispositifs", territoire), {"archives": "1"}).content.decode()
    assert dispositif not in dispositifs_eligibles(d)
    client.post(_url("dispositif_archiver", territoire, pk=dispositif.pk), {"rouvrir": "1"})
    dispositif.refresh_from_db()
    assert not dispositif.archive
    assert [e.action for e in Entree.objects.de(dispositif).order_by("le", "pk")] == [
        "Dispositif créé", "Dispositif modifié", "Dispositif archivé : il ne se propose plus", "Dispositif rouvert au catalogue"]


def test_un_dispositif_d_un_autre_territoire_ne_se_modifie_pas_d_ici(client, territoire, autre_territoire, alice):
    ailleurs = Dispositif.objects.create(nom="Aide d'ailleurs", type_aide="pret")
    ailleurs.territoires.add(autre_territoire)
    commun = Dispositif.objects.create(nom="Aide nationale", type_aide="pret")
    client.force_login(alice)
    for d in (ailleurs, commun):
        assert client.get(_url("dispositif_modifier", territoire, pk=d.pk)).status_code == 404
        assert client.post(_url("dispositif_archiver", territoire, pk=d.pk)).status_code == 404


# --- Measures, exports ------------------------------------------------------------------------------


def test_le_graphique_des_mesures_est_a_la_taille_de_la_page_et_ne_coupe_aucun_libelle(client, territoire, alice, communes):
    inst = f.institution(territoire, "Chambre de métiers et de l'artisanat des Hauts-de-France, antenne du Béthunois")
    lea = f.conseiller(f.antenne(inst), communes=communes.values())
    d = f.demande(territoire, commune=communes["Ruitz"])
    actions.orienter_demande(d, [lea])
    client.force_login(alice)
    page = client.get(_url("mesures", territoire)).content.decode()
    assert f">{escape(inst.nom)}</text>" in page, "le libellé entier, jamais tronqué"
    assert 'font-size="1"' in page and 'em" height="' in page, "dessiné en em : le texte a la taille de celui de la page"
    assert "," not in page.split('class="barres-guichet"')[1].split('viewBox="')[1].split('"')[0], "des coordonnées SVG, pas des décimales françaises"


def test_les_exports_csv_ecrivent_les_decimales_avec_une_virgule(territoire):
    from decimal import Decimal

    from territoire.reseau import exports

    reponse = exports.reponse_csv("essai", ["Montant", "Part", "Texte"], [[Decimal("1500.50"), 0.125, "=1+1"]])
    lignes = list(csv.reader(io.StringIO(reponse.content.decode("utf-8-sig")), delimiter=";"))
    assert lignes[1] == ["1500,50", "0,125", "'=1+1"]
