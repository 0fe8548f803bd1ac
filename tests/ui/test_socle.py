"""The design system's foundation: token contrasts, French sort, navigation per persona,
error pages, footer pages, the territory's identity."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.urls import reverse

from territoire.ui import couleurs
from territoire.ui.collation import CleFrancaise, cle_fr
from tests.ui.acces import PNG

SITE_CSS = Path(__file__).resolve().parents[2] / "territoire" / "static" / "territoire" / "site.css"


def _jetons() -> dict[str, str]:
    racine = SITE_CSS.read_text().split(":root {", 1)[1].split("}", 1)[0]
    return dict(re.findall(r"--([a-z0-9-]+):\s*(#[0-9a-fA-F]{6})", racine))


# Every text/background pairing the stylesheet uses, and the ratio it needs.
PAIRES = [
    ("texte", "fond", 4.5), ("texte", "fond-doux", 4.5), ("texte-doux", "fond", 4.5), ("texte-doux", "fond-doux", 4.5),
    ("accent", "fond", 4.5), ("accent", "fond-doux", 4.5), ("accent", "accent-clair", 4.5), ("sur-accent", "accent", 4.5),
    ("sur-accent", "accent-fonce", 4.5), ("accent-fonce", "accent-clair", 4.5), ("sur-accent", "danger", 4.5),
    ("bordure-champ", "fond", 3.0), ("texte", "attention-fond", 4.5), ("texte", "info-fond", 4.5),
    ("texte", "succes-fond", 4.5), ("texte", "erreur-fond", 4.5),
] + [(f"{t}-texte", f"{t}-fond", 4.5) for t in ("neutre", "info", "succes", "attention", "erreur", "important")] + [
    (f"{t}-texte", "fond", 4.5) for t in ("neutre", "info", "succes", "attention", "erreur", "important")
]


@pytest.mark.parametrize("texte,fond,minimum", PAIRES, ids=lambda v: str(v))
def test_chaque_paire_de_jetons_passe_aa(texte, fond, minimum):
    jetons = _jetons()
    assert couleurs.contraste(jetons[texte], jetons[fond]) >= minimum


def test_les_declinaisons_de_l_accent_par_defaut_sont_celles_de_la_feuille():
    jetons = _jetons()
    d = couleurs.declinaisons(jetons["accent"])
    assert jetons["accent"] == couleurs.ACCENT_DEFAUT
    assert couleurs.problemes_accent(jetons["accent"]) == []
    assert d["accent"] == jetons["accent"]


def test_une_couleur_d_accent_trop_claire_est_refusee_avec_son_contraste():
    problemes = couleurs.problemes_accent("#7fb2ff")
    assert problemes and "4,5:1" in problemes[0] and "plus foncée" in problemes[0]
    assert couleurs.problemes_accent("rouge")[0].startswith("« rouge » n'est pas une couleur")


def test_cle_francaise_ignore_accents_casse_et_ligatures():
    noms = ["Beuvry", "Nœux-les-Mines", "Béthune", "Noeud", "beugin", "L'Écluse", "Labourse", "ÉPERLECQUES"]
    assert sorted(noms, key=cle_fr) == [
        "Béthune", "beugin", "Beuvry", "ÉPERLECQUES", "L'Écluse", "Labourse", "Noeud", "Nœux-les-Mines",
    ]
    assert cle_fr("Cœur d'Æther") == "coeur d aether"
    assert cle_fr(None) is None


@pytest.mark.django_db
def test_le_tri_francais_est_le_meme_en_base_qu_en_python(territoire):
    from territoire.referentiel.models import Commune

    noms = ["Beuvry", "Nœux-les-Mines", "Béthune", "Noeud", "Beugin", "L'Écluse", "Labourse", "Œuilly", "Oblinghem"]
    for i, nom in enumerate(noms):
        Commune.objects.create(code_insee=f"9{i:04d}", nom=nom)
    en_base = list(
        Commune.objects.filter(code_insee__startswith="9").annotate(cle=CleFrancaise("nom")).order_by("cle", "pk").values_list("nom", flat=True)
    )
    assert en_base == sorted(noms, key=cle_fr)
    assert en_base[:3] == ["Béthune", "Beugin", "Beuvry"]
    assert en_base.index("Noeud") < en_base.index("Nœux-les-Mines")
    cles = dict(Commune.objects.filter(code_insee__startswith="9").annotate(cle=CleFrancaise("nom")).values_list("nom", "cle"))
    assert cles == {n: cle_fr(n) for n in noms}  # the same key, character for character


@pytest.mark.django_db
@pytest.mark.parametrize("nom", ["public", "alice", "bruno", "chloe", "david", "eve"])
def test_chaque_lien_de_la_navigation_s_ouvre_pour_qui_le_voit(nom, client, territoire, personas):
    """A link that a role may not follow is never shown to it."""
    from territoire.comptes.acces import roles
    from territoire.ui.navigation import navigation_de

    user = personas[nom]
    if user is not None:
        client.force_login(user)
    nav = navigation_de(territoire, roles(user, territoire), f"/{territoire.slug}/")
    liens = [lien.url for g in nav.groupes for lien in g.liens]
    assert liens, "chacun voit au moins les pages publiques"
    for url in liens:
        assert client.get(url).status_code == 200, f"{nom} voit un lien vers {url} qui ne s'ouvre pas"
    page = client.get(reverse("portail:accueil", kwargs={"territoire": territoire.slug})).content.decode()
    assert 'aria-label="Navigation principale"' in page and 'aria-current="page"' in page


@pytest.mark.django_db
def test_l_en_tete_nomme_la_personne_et_son_role(client, territoire, alice):
    client.force_login(alice)
    page = client.get(reverse("portail:accueil", kwargs={"territoire": territoire.slug})).content.decode()
    assert "Équipe (intercommunalité)" in page and "Se déconnecter" in page
    assert "nav-laterale" in page  # a member gets the side navigation of the current domain


@pytest.mark.django_db
def test_sans_role_ici_l_en_tete_mene_a_mes_espaces_et_non_a_un_espace_refuse(client, territoire, eve):
    client.force_login(eve)
    page = client.get(reverse("portail:accueil", kwargs={"territoire": territoire.slug})).content.decode()
    assert reverse("comptes:espace", kwargs={"territoire": territoire.slug}) not in page
    assert f'href="{reverse("comptes:espaces")}"' in page


@pytest.mark.django_db
def test_une_page_introuvable_est_en_francais_dans_la_mise_en_page_avec_un_retour(client, territoire):
    reponse = client.get(f"/{territoire.slug}/etablissements/00000000000000/")
    assert reponse.status_code == 404
    page = reponse.content.decode()
    assert "Page introuvable" in page and "Aller à l'accueil de" in page and "Plan du site" in page
    assert 'class="pied"' in page and territoire.nom in page
    reponse = client.get("/nulle-part/", HTTP_REFERER="http://testserver/autre/")
    assert reponse.status_code == 404 and "Revenir à la page précédente" in reponse.content.decode()


@pytest.mark.django_db
def test_l_echec_csrf_dit_quoi_faire_en_francais(territoire, alice):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    reponse = client.post(reverse("ui:identite", kwargs={"territoire": territoire.slug}), {"couleur_accent": "#000000"})
    assert reponse.status_code == 403
    page = reponse.content.decode()
    assert "Le formulaire a expiré" in page and "Aller à l'accueil de" in page


@pytest.mark.django_db
def test_le_403_d_une_page_reservee_est_en_francais(client, territoire, david):
    client.force_login(david)
    reponse = client.get(reverse("etablissements:imports", kwargs={"territoire": territoire.slug}))
    assert reponse.status_code == 403
    assert "Vous n'avez pas accès à cette page" in reponse.content.decode()


@pytest.mark.django_db
def test_le_registre_rassemble_les_traitements_declares(client, territoire):
    page = client.get(reverse("portail:donnees_personnelles", kwargs={"territoire": territoire.slug})).content.decode()
    for nom in ("Répertoire des établissements (SIRENE)", "Pilotes et partenaires des fiches-actions",
                "Participants aux réunions de concertation"):
        assert nom in page
    assert "Mission d&#x27;intérêt public" in page


def test_une_base_legale_inconnue_est_refusee():
    from territoire.ui.donnees_personnelles import Traitement

    with pytest.raises(ValueError, match="base légale"):
        Traitement(nom="x", personnes="x", donnees="x", finalite="x", base_legale="envie", conservation="x", destinataires="x")


@pytest.mark.django_db
def test_l_identite_change_la_couleur_et_les_mentions(client, territoire, alice):
    client.force_login(alice)
    url = reverse("ui:identite", kwargs={"territoire": territoire.slug})
    reponse = client.post(url, {"couleur_accent": "#1F6F43", "editeur": "CA de Béthune-Bruay", "conformite": "partielle"})
    assert reponse.status_code == 302
    theme = client.get(reverse("ui:theme", kwargs={"territoire": territoire.slug})).content.decode()
    assert "--accent: #1f6f43" in theme
    mentions = client.get(reverse("portail:mentions_legales", kwargs={"territoire": territoire.slug})).content.decode()
    assert "CA de Béthune-Bruay" in mentions
    accueil = client.get(reverse("portail:accueil", kwargs={"territoire": territoire.slug})).content.decode()
    assert "Accessibilité : partiellement conforme" in accueil


@pytest.mark.django_db
@pytest.mark.parametrize("contenu,message", [
    (b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>", "script"),
    (b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'></svg>", "script"),
    (b"GIF89a....", "PNG, JPEG, WebP ou SVG"),
    (b"\x89PNG\r\n\x1a\nabime", "illisible"),
    (b"<svg" + b" " * 400_000, "300 Ko"),
])
def test_un_logo_hostile_est_refuse_et_rien_ne_change(client, territoire, alice, contenu, message):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from territoire.ui.models import Identite

    client.force_login(alice)
    url = reverse("ui:identite", kwargs={"territoire": territoire.slug})
    fichier = SimpleUploadedFile("logo.svg", contenu)
    reponse = client.post(url, {"couleur_accent": "#005f73", "conformite": "non", "fichier_logo": fichier})
    assert reponse.status_code == 200
    page = reponse.content.decode()
    assert message in page and "resume-erreurs" in page and 'aria-invalid="true"' in page
    assert not Identite.objects.filter(territoire=territoire).exclude(logo_type="").exists()


@pytest.mark.django_db
def test_un_logo_png_est_servi_sans_pouvoir_executer_quoi_que_ce_soit(client, territoire, alice):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(alice)
    url = reverse("ui:identite", kwargs={"territoire": territoire.slug})
    client.post(url, {"couleur_accent": "#005f73", "conformite": "non", "fichier_logo": SimpleUploadedFile("l.png", PNG)})
    reponse = client.get(reverse("ui:logo", kwargs={"territoire": territoire.slug}))
    assert reponse.status_code == 200 and reponse["Content-Type"] == "image/png" and reponse.content == PNG
    assert "sandbox" in reponse["Content-Security-Policy"]
    accueil = client.get(reverse("portail:accueil", kwargs={"territoire": territoire.slug})).content.decode()
    assert reverse("ui:logo", kwargs={"territoire": territoire.slug}) in accueil


@pytest.mark.django_db
def test_aucun_gabarit_n_a_de_style_ni_de_script_en_ligne():
    racine = Path(__file__).resolve().parents[2] / "territoire"
    fautifs = []
    for chemin in list((racine / "templates").rglob("*.html")) + [
        p for app in ("portail", "etablissements", "programme", "concertation", "referentiel") for p in (racine / app).rglob("*.html")
    ]:
        texte = re.sub(r"{% comment %}.*?{% endcomment %}", "", chemin.read_text(), flags=re.S)
        if "documents" in chemin.parts or chemin.name.endswith("_pdf.html"):
            continue  # PDF documents rendered by WeasyPrint, never served to a browser
        if re.search(r"\sstyle=\"", texte) or re.search(r"<style[\s>]", texte) or re.search(r"<script(?![^>]*\ssrc=)[^>]*>\s*\S", texte):
            fautifs.append(str(chemin.relative_to(racine)))
    assert fautifs == []


@pytest.mark.django_db
def test_la_page_d_une_fiche_marque_les_fiches_actions_et_non_le_tableau_de_bord(territoire):
    """The dashboard's URL (/<t>/programme/) is a prefix of a fiche's; the entry "Fiches-actions"
    claims programme/fiches/ through `aussi`, a longer prefix: it is the current one."""
    from territoire.ui.navigation import navigation_de

    nav = navigation_de(territoire, {"equipe"}, f"/{territoire.slug}/programme/fiches/8/")
    courants = [lien.libelle for g in nav.groupes for lien in g.liens if lien.courant]
    assert courants == ["Fiches-actions"]
    nav = navigation_de(territoire, {"equipe"}, f"/{territoire.slug}/programme/")
    assert [lien.libelle for g in nav.groupes for lien in g.liens if lien.courant] == ["Tableau de bord"]


def test_chaque_bibliotheque_vendue_porte_sa_licence_et_htmx_vient_du_depot():
    """htmx, Leaflet and its clusters are in the repository with their licences (no CDN, no
    copy served from a Python package whose version could drift); base.html loads that htmx."""
    racine = Path(__file__).resolve().parents[2] / "territoire"
    vendus = [d for d in (racine / "static" / "vendor").iterdir() if d.is_dir()]
    assert {d.name.split("-")[0] for d in vendus} >= {"htmx", "leaflet", "leaflet.markercluster"}
    for dossier in vendus:
        assert any(p.name.upper().startswith(("LICENSE", "MIT-LICEN")) for p in dossier.iterdir()), dossier.name
    (htmx,) = [d for d in vendus if d.name.startswith("htmx-")]
    version = htmx.name.removeprefix("htmx-")
    assert f'version:"{version}"' in (htmx / "htmx.min.js").read_text()
    base = (racine / "templates" / "base.html").read_text()
    assert f"vendor/{htmx.name}/htmx.min.js" in base and "htmx_script" not in base
