"""Writes on premises and their photos.

A photo is checked before anything is stored: its size, then what Pillow reads in it (JPEG, PNG
or WebP only, whatever its name says; at most 40 million pixels, against decompression bombs).
It is then re-encoded (turned upright, at most 2 400 px a side, metadata such as GPS position
dropped), so that what is served is an image Pillow wrote, never the bytes that were sent.
"""

from __future__ import annotations

import io

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction

from territoire.reseau.actions import enregistrer_historique

from ..models import Local, PhotoLocal

TAILLE_MAX_PHOTO = 8 * 1024 * 1024
PIXELS_MAX = 40_000_000
COTE_MAX = 2400
FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
PHOTOS_MAX_PAR_LOCAL = 12
# Alternative texts that say nothing of what the photo shows.
TEXTES_VIDES = {"photo", "image", "img", "photographie", "illustration", "local", "vue", "picture"}


def verifier_texte_alternatif(texte: str, nom_fichier: str = "") -> str:
    texte = " ".join((texte or "").split())
    if len(texte) < 5 or texte.casefold() in TEXTES_VIDES:
        raise ValidationError({"texte_alternatif": "Décrivez ce que montre la photo (par exemple « Façade nord avec "
                                                   "deux quais de chargement ») : ce texte remplace l'image pour qui ne la voit pas."})
    base = nom_fichier.rsplit(".", 1)[0].casefold()
    if base and texte.casefold() in (base, nom_fichier.casefold()):
        raise ValidationError({"texte_alternatif": "Le nom du fichier ne décrit pas la photo : écrivez ce qu'elle montre."})
    return texte


def preparer_photo(fichier) -> tuple[bytes, str, int, int]:
    """(bytes to store, extension, width, height) of an uploaded photo, or ValidationError."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    taille = getattr(fichier, "size", None)
    if taille is None:
        fichier.seek(0, io.SEEK_END)
        taille = fichier.tell()
    if taille > TAILLE_MAX_PHOTO:
        raise ValidationError({"image": f"Photo de {taille / 1048576:.1f} Mo : {TAILLE_MAX_PHOTO // 1048576} Mo au plus. "
                                        "Réduisez-la (une largeur de 2 000 pixels suffit) puis recommencez."})
    if taille == 0:
        raise ValidationError({"image": "Le fichier est vide."})
    fichier.seek(0)
    ancien = Image.MAX_IMAGE_PIXELS
    Image.MAX_IMAGE_PIXELS = PIXELS_MAX
    try:
        with Image.open(fichier) as image:
            format_ = image.format
            if format_ not in FORMATS:
                raise ValidationError({"image": f"Format {format_ or 'inconnu'} refusé : envoyez une photo JPEG, PNG ou WebP."})
            image.verify()
        fichier.seek(0)
        with Image.open(fichier) as image:
            image = ImageOps.exif_transpose(image)
            image.thumbnail((COTE_MAX, COTE_MAX))
            if format_ == "JPEG" and image.mode not in ("RGB", "L"):
                image = image.convert("RGB")
            sortie = io.BytesIO()
            options = {"quality": 85, "optimize": True} if format_ in ("JPEG", "WEBP") else {"optimize": True}
            image.save(sortie, format=format_, **options)
            largeur, hauteur = image.size
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        if isinstance(exc, UnidentifiedImageError):
            raise ValidationError({"image": "Ce fichier n'est pas une image lisible : envoyez une photo JPEG, PNG ou WebP."}) from exc
        raise ValidationError({"image": f"Image de plus de {PIXELS_MAX // 1_000_000} millions de pixels refusée : réduisez-la."}) from exc
    except (OSError, SyntaxError, ValueError) as exc:  # Pillow's errors for truncated or corrupt files
        raise ValidationError({"image": f"Image endommagée ou tronquée ({exc}) : enregistrez-la à nouveau puis recommencez."}) from exc
    finally:
        Image.MAX_IMAGE_PIXELS = ancien
    return sortie.getvalue(), FORMATS[format_], largeur, hauteur


@transaction.atomic
def ajouter_photo(local: Local, fichier, texte_alternatif: str, *, auteur=None) -> PhotoLocal:
    if local.photos.count() >= PHOTOS_MAX_PAR_LOCAL:
        raise ValidationError({"image": f"{PHOTOS_MAX_PAR_LOCAL} photos au plus par local : retirez-en une d'abord."})
    texte = verifier_texte_alternatif(texte_alternatif, getattr(fichier, "name", ""))
    contenu, extension, largeur, hauteur = preparer_photo(fichier)
    photo = PhotoLocal(local=local, texte_alternatif=texte, largeur=largeur, hauteur=hauteur,
                       ordre=local.photos.count())
    photo.image.save(f"photo.{extension}", ContentFile(contenu), save=False)
    photo.save()
    enregistrer_historique(local, auteur, f"Photo ajoutée : {texte}")
    return photo


@transaction.atomic
def retirer_photo(photo: PhotoLocal, *, auteur=None) -> None:
    local = photo.local
    texte = photo.texte_alternatif
    fichier = photo.image
    photo.delete()
    transaction.on_commit(lambda: fichier.storage.delete(fichier.name))
    enregistrer_historique(local, auteur, f"Photo retirée : {texte}")


@transaction.atomic
def enregistrer_local(local: Local, *, auteur=None, champs_modifies: list[str] | None = None) -> Local:
    """Save premises (created or edited through the form), with its history."""
    cree = local.pk is None
    avant = {}
    if not cree:
        ancien = Local.objects.get(pk=local.pk)
        avant = {f: getattr(ancien, f) for f in (champs_modifies or [])}
    local.full_clean()
    local.save()
    changes = {f: [str(v) if v is not None else None, str(getattr(local, f)) if getattr(local, f) is not None else None]
               for f, v in avant.items() if v != getattr(local, f)}
    enregistrer_historique(local, auteur, "Local créé" if cree else "Local modifié", changes)
    return local


def changer_statut_local(local: Local, statut: str, *, auteur=None) -> Local:
    if statut not in Local.Statut.values:
        raise ValidationError({"statut": "Statut inconnu."})
    avant = local.statut
    local.statut = statut
    local.save(update_fields=["statut", "modifie_le"])
    enregistrer_historique(local, auteur, f"Statut : {Local.Statut(avant).label} → {local.get_statut_display()}",
                           {"statut": [avant, statut]})
    return local
