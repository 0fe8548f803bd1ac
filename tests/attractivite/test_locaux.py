"""Premises: who may edit them, and their photos (size, type, alternative text, metadata)."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from territoire.attractivite.actions import locaux as actions
from territoire.attractivite.models import Local
from tests.attractivite import factories as f


def _image(format_="JPEG", taille=(800, 600), exif=False) -> bytes:
    sortie = io.BytesIO()
    image = Image.new("RGB", taille, (40, 90, 160))
    options = {}
    if exif:
        donnees = Image.Exif()
        donnees[0x010F] = "Fabricant"  # Make
        donnees[0x8825] = {2: (50.0, 28.0, 0.0)}  # GPS latitude
        options["exif"] = donnees
    image.save(sortie, format=format_, **options)
    return sortie.getvalue()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_une_photo_est_reencodee_sans_ses_metadonnees(territoire, media):
    local = f.local(territoire)
    photo = actions.ajouter_photo(local, SimpleUploadedFile("IMG_2041.jpg", _image(exif=True, taille=(4000, 3000))),
                                  "Façade avec deux quais de chargement")
    with Image.open(photo.image.path) as image:
        assert image.format == "JPEG" and max(image.size) == 2400 and not image.getexif()
    assert photo.image.name.startswith(f"attractivite/locaux/{local.pk}/") and "IMG_2041" not in photo.image.name
    assert (photo.largeur, photo.hauteur) == (2400, 1800)


@pytest.mark.parametrize("contenu, nom, message", [
    (b"%PDF-1.4 ceci est un pdf", "photo.jpg", "n'est pas une image lisible"),
    (_image("GIF"), "anim.gif", "Format GIF refusé"),
    (b"", "vide.jpg", "vide"),
    (_image()[:200], "tronquee.jpg", "endommagée ou tronquée"),
])
def test_ce_qui_n_est_pas_une_photo_acceptee_est_refuse(territoire, media, contenu, nom, message):
    local = f.local(territoire)
    with pytest.raises(ValidationError, match=message):
        actions.ajouter_photo(local, SimpleUploadedFile(nom, contenu), "Vue intérieure de l'atelier")
    assert not local.photos.exists()


def test_une_photo_trop_lourde_est_refusee_avant_lecture(territoire, media, monkeypatch):
    monkeypatch.setattr(actions, "TAILLE_MAX_PHOTO", 1000)
    with pytest.raises(ValidationError, match="Mo au plus"):
        actions.ajouter_photo(f.local(territoire), SimpleUploadedFile("x.jpg", _image()), "Vue intérieure de l'atelier")


def test_une_bombe_de_decompression_est_refusee(territoire, media, monkeypatch):
    monkeypatch.setattr(actions, "PIXELS_MAX", 1000)
    with pytest.raises(ValidationError, match="millions de pixels"):
        actions.ajouter_photo(f.local(territoire), SimpleUploadedFile("x.png", _image("PNG", (200, 200))), "Vue du quai")


@pytest.mark.parametrize("texte", ["", "photo", "IMG_2041", "img"])
def test_le_texte_alternatif_doit_decrire_la_photo(territoire, media, texte):
    with pytest.raises(ValidationError, match="photo"):
        actions.ajouter_photo(f.local(territoire), SimpleUploadedFile("IMG_2041.jpg", _image()), texte)


def test_l_equipe_et_le_partenaire_proprietaire_modifient_les_autres_non(territoire, personas):
    from territoire.comptes.models import Adhesion
    from territoire.reseau.models import Organisation

    epf = Organisation.objects.create(nom="EPF Hauts-de-France", type="partenaire")
    Adhesion.objects.filter(utilisateur=personas["chloe"]).update(organisation=epf)
    a_lui = f.local(territoire, proprietaire=epf)
    autre = f.local(territoire, nom="Entrepôt")
    peut = {nom: set(Local.objects.modifiables_par(u, territoire).values_list("pk", flat=True))
            for nom, u in personas.items()}
    assert peut["alice"] == {a_lui.pk, autre.pk}
    chloe = type(personas["chloe"]).objects.get(pk=personas["chloe"].pk)
    assert set(Local.objects.modifiables_par(chloe, territoire).values_list("pk", flat=True)) == {a_lui.pk}
    assert peut["bruno"] == peut["david"] == peut["eve"] == peut["public"] == set()


def test_le_public_ne_voit_que_les_locaux_publics_encore_disponibles(territoire, personas):
    public = f.local(territoire, public=True)
    f.local(territoire, nom="Interne")
    f.local(territoire, nom="Pris", public=True, statut="pris")
    assert list(Local.objects.for_user(None, territoire)) == [public]
    assert Local.objects.for_user(personas["chloe"], territoire).count() == 3
