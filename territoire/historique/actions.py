"""The writes of the shared history. Every app writes its entries through these functions
(docs/historique.md): views, forms, importers, commands and the demo alike."""

from __future__ import annotations

import json

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.utils import timezone

from .models import Entree

EFFACE = "[effacé]"
# Longest sentence an entry keeps (the model's limit); longer ones are cut with an ellipsis.
LONGUEUR_ACTION = 300


def _utilisateur(auteur):
    return auteur if auteur is not None and getattr(auteur, "is_authenticated", False) else None


def _territoire_de(objet):
    territoire_id = getattr(objet, "territoire_id", None)
    if territoire_id is not None:
        return territoire_id
    return None


def _phrase(action: str) -> str:
    action = " ".join(str(action).split())
    return action if len(action) <= LONGUEUR_ACTION else action[: LONGUEUR_ACTION - 1] + "…"


def enregistrer_historique(objet, auteur, action: str, changements: dict | None = None, *, le=None,
                           nature: str = Entree.Nature.MODIFICATION, territoire=None, element: str = "",
                           element_id: int | None = None, note: str = "") -> Entree:
    """Write one history entry on the record `objet` (any model instance).

    `auteur` is the signed-in user (None or anonymous: "système"); `action` says what happened
    in one French sentence; `changements` maps a field to [before, after]; `le` defaults to
    now; `territoire` defaults to the record's own `territoire` when it has one; `element`
    and `element_id` name the part of the record that changed (a milestone of a fiche…);
    `note` carries the note of a status change or the text of a comment.
    """
    territoire_id = getattr(territoire, "pk", territoire) if territoire is not None else _territoire_de(objet)
    return Entree.objects.create(
        territoire_id=territoire_id,
        content_type=ContentType.objects.get_for_model(objet),
        object_id=objet.pk,
        element=element[:60],
        element_id=element_id,
        auteur=_utilisateur(auteur),
        nature=nature,
        action=_phrase(action),
        changements=changements or {},
        note=note,
        le=le or timezone.now(),
    )


def historique_de(objet):
    """The entries of one record, newest first (one query)."""
    return Entree.objects.de(objet)


def commenter(objet, auteur, texte: str, territoire=None) -> Entree:
    """A comment on a record, in its history and on the firm's timeline."""
    texte = texte.strip()
    if not texte:
        raise ValidationError({"texte": "Écrivez le commentaire avant de l'enregistrer."})
    return enregistrer_historique(objet, auteur, "Commentaire", nature=Entree.Nature.COMMENTAIRE,
                                  territoire=territoire, note=texte)


def differences(avant: dict, apres: dict) -> dict:
    """Field → [before, after] for the fields of `apres` whose value changed."""
    return {k: [avant.get(k), v] for k, v in apres.items() if avant.get(k) != v}


@transaction.atomic
def rattacher_historique(ancien, nouveau) -> int:
    """Move every entry of the record `ancien` onto `nouveau` (two duplicates merged).

    Returns the number of entries moved. The entries keep their date, author and text.
    """
    return Entree.objects.filter(
        content_type=ContentType.objects.get_for_model(ancien), object_id=ancien.pk
    ).update(content_type=ContentType.objects.get_for_model(nouveau), object_id=nouveau.pk)


def _masquer(valeur, mentions: tuple[str, ...]):
    if isinstance(valeur, str):
        for m in mentions:
            valeur = _remplacer(valeur, m)
        return valeur
    if isinstance(valeur, list):
        return [_masquer(v, mentions) for v in valeur]
    if isinstance(valeur, dict):
        return {k: _masquer(v, mentions) for k, v in valeur.items()}
    return valeur


def _remplacer(texte: str, mention: str) -> str:
    """`texte` with every occurrence of `mention` (any case) replaced by [effacé]."""
    if not mention:
        return texte
    bas, cible = texte.casefold(), mention.casefold()
    if len(bas) != len(texte):  # casefold changed lengths (ß…): plain replacement
        return texte.replace(mention, EFFACE)
    morceaux, debut = [], 0
    while (i := bas.find(cible, debut)) >= 0:
        morceaux += [texte[debut:i], EFFACE]
        debut = i + len(cible)
    morceaux.append(texte[debut:])
    return "".join(morceaux)


def entrees_qui_citent(mentions):
    """Entries whose sentence, note or changed values quote one of `mentions` (any case).

    The values are searched in their stored JSON text, which escapes accents on SQLite
    (\\u00e9) and not on PostgreSQL: both spellings are looked for.
    """
    filtre = Q(pk__in=[])
    for m in mentions:
        echappee = json.dumps(m)[1:-1]
        filtre |= Q(action__icontains=m) | Q(note__icontains=m) | Q(texte_changements__icontains=m)
        if echappee != m:
            filtre |= Q(texte_changements__icontains=echappee)
    return Entree.objects.annotate(texte_changements=Cast("changements", TextField())).filter(filtre)


@transaction.atomic
def effacer_dans_historique(objet, mentions=()) -> int:
    """Blank the personal data an erased person left in history entries.

    Every value of `changements` on the record `objet` becomes [effacé] (the keys stay: the
    history keeps its shape); on every entry, whatever its record, the `mentions` (name,
    email, phone) are replaced by [effacé] in the sentence, the note and the values.
    Returns the number of entries changed.
    """
    mentions = tuple(m for m in mentions if m and len(m.strip()) >= 3)
    n = 0
    for h in historique_de(objet):
        h.changements = {
            k: [EFFACE if v[0] else v[0], EFFACE if v[1] else v[1]] if isinstance(v, list) and len(v) == 2 else EFFACE
            for k, v in h.changements.items()
        }
        h.action, h.note = _masquer(h.action, mentions), _masquer(h.note, mentions)
        h.save(update_fields=["changements", "action", "note"])
        n += 1
    if mentions:
        for h in entrees_qui_citent(mentions).exclude(
            content_type=ContentType.objects.get_for_model(objet), object_id=objet.pk
        ):
            h.action, h.note = _masquer(h.action, mentions), _masquer(h.note, mentions)
            h.changements = _masquer(h.changements, mentions)
            h.save(update_fields=["changements", "action", "note"])
            n += 1
    return n
