"""Merge two duplicate organisations, keeping every link.

The links are discovered from the model graph, never listed by hand, so that an app added
later is covered without a change here:

- every foreign key and one-to-one field of any model that points at Organisation (the
  reverse relations of `Organisation._meta`, hidden ones included);
- every many-to-many relation, wherever it is declared (on Organisation or on another
  model): its through table holds a foreign key to Organisation, found by the same walk;
- every generic foreign key (content type + object id) of any model, such as the shared
  history, whose rows name the duplicate.

A row of the duplicate that the kept organisation already has (same values on the other
fields of a unique constraint) is a link already there: an automatic through row is
dropped, and so is any other row that says nothing more than the kept one and that nothing
points at. Any other such row is a conflict: the merge is refused, with a message saying
what to settle first, and nothing changes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone

from territoire.comptes.acces import a_un_role
from territoire.historique.actions import enregistrer_historique
from territoire.historique.models import Entree

from ..models import Organisation, OrganisationFusionnee
from ._commun import etat
from .organisations import CHAMPS_ORGANISATION, _verifier


@dataclass(frozen=True)
class Lien:
    """One relation that points at Organisation."""

    modele: type[models.Model]
    champ: str  # the field holding the organisation (a foreign key, or a generic key's id field)
    libelle: str
    automatique: bool = False  # an automatic many-to-many through table
    generique: str = ""  # the content-type field of a generic key

    def lignes(self, orga):
        gestionnaire = self.modele._base_manager
        if self.generique:
            return gestionnaire.filter(**{self.generique: ContentType.objects.get_for_model(Organisation).pk,
                                          self.champ: orga.pk})
        return gestionnaire.filter(**{self.champ: orga.pk})


@dataclass
class Apercu:
    """What a merge would do: links moved per relation, duplicate links dropped, conflicts."""

    deplaces: dict[str, int] = field(default_factory=dict)
    doublons: dict[str, int] = field(default_factory=dict)
    conflits: list[str] = field(default_factory=list)
    champs: dict[str, tuple] = field(default_factory=dict)  # field -> (kept value, duplicate value)

    @property
    def total(self) -> int:
        return sum(self.deplaces.values())


def _libelle_through(through) -> str:
    for modele in apps.get_models():
        for m2m in modele._meta.local_many_to_many:
            if m2m.remote_field.through is through:
                return f"{modele._meta.verbose_name_plural} : {m2m.verbose_name}"
    return str(through._meta.verbose_name_plural)


def liens_vers_organisation() -> list[Lien]:
    """Every relation of the project that points at Organisation (see the module's doc)."""
    liens = []
    for rel in Organisation._meta.get_fields(include_hidden=True):
        if not (rel.auto_created and not rel.concrete and (rel.one_to_many or rel.one_to_one)):
            continue
        modele, champ = rel.related_model, rel.field
        if modele._meta.auto_created:
            liens.append(Lien(modele, champ.attname, _libelle_through(modele), automatique=True))
        else:
            libelle = f"{modele._meta.verbose_name_plural} ({champ.verbose_name})"
            liens.append(Lien(modele, champ.attname, libelle))
    for modele, ct_champ, id_champ in _liens_generiques():
        liens.append(Lien(modele, id_champ, str(modele._meta.verbose_name_plural), generique=ct_champ))
    return liens


def _contraintes(lien: Lien) -> list[tuple[str, ...]]:
    """The unique field sets of the relation's model that include the organisation's field."""
    meta = lien.modele._meta
    noms = {f.name: f.attname for f in meta.concrete_fields}
    ensembles = [tuple(noms.get(n, n) for n in ut) for ut in meta.unique_together]
    for c in meta.constraints:
        if isinstance(c, models.UniqueConstraint) and c.fields and c.condition is None:
            ensembles.append(tuple(noms.get(n, n) for n in c.fields))
    for f in meta.concrete_fields:
        if f.unique and not f.primary_key:
            ensembles.append((f.attname,))
    return [e for e in ensembles if lien.champ in e]


def _liens_generiques() -> list[tuple[type[models.Model], str, str]]:
    """(model, content-type field, id field) of every generic foreign key of the project."""
    return [
        (modele, modele._meta.get_field(prive.ct_field).attname, prive.fk_field)
        for modele in apps.get_models() for prive in modele._meta.private_fields
        if isinstance(prive, GenericForeignKey)
    ]


def _dependants(objet) -> bool:
    """True when some row points at `objet` (any reverse relation, or a generic key)."""
    for rel in objet._meta.get_fields(include_hidden=True):
        if rel.auto_created and not rel.concrete and (rel.one_to_many or rel.one_to_one):
            if rel.related_model._base_manager.filter(**{rel.field.attname: objet.pk}).exists():
                return True
    ct = ContentType.objects.get_for_model(objet)
    return any(
        modele._base_manager.filter(**{ct_champ: ct.pk, id_champ: objet.pk}).exists()
        for modele, ct_champ, id_champ in _liens_generiques()
    )


def _identiques(a, b, lien: Lien) -> bool:
    """The two rows say the same thing (the organisation, the key and the timestamps aside)."""
    for f in a._meta.concrete_fields:
        if f.primary_key or f.attname == lien.champ or getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            continue
        if getattr(a, f.attname) != getattr(b, f.attname):
            return False
    return True


def _examiner(lien: Lien, gardee, doublon) -> tuple[list, list, list[str]]:
    """(rows to move, rows to drop, conflicts) for one relation."""
    lignes = list(lien.lignes(doublon))
    if not lignes:
        return [], [], []
    a_deplacer, a_supprimer, conflits = [], [], []
    contraintes = _contraintes(lien)
    existantes = list(lien.lignes(gardee)) if contraintes else []
    for ligne in lignes:
        jumelle = None
        for ensemble in contraintes:
            autres = [c for c in ensemble if c != lien.champ]
            jumelle = next((e for e in existantes if all(getattr(e, c) == getattr(ligne, c) for c in autres)), None)
            if jumelle is not None:
                break
        if jumelle is None:
            a_deplacer.append(ligne)
        elif lien.automatique or (_identiques(ligne, jumelle, lien) and not _dependants(ligne)):
            a_supprimer.append(ligne)
        else:
            conflits.append(
                f"{lien.libelle} : « {ligne} » existe pour les deux organisations ; la fusion le mettrait en double. "
                "Réglez-le d'abord sur l'une des deux fiches (supprimez ou modifiez l'un des deux)."
            )
    return a_deplacer, a_supprimer, conflits


def apercu_fusion(gardee: Organisation, doublon: Organisation) -> Apercu:
    """What `fusionner_organisations` would do, without doing it."""
    apercu = Apercu()
    if gardee.pk == doublon.pk:
        apercu.conflits.append("Choisissez deux organisations différentes.")
        return apercu
    for lien in liens_vers_organisation():
        a_deplacer, a_supprimer, conflits = _examiner(lien, gardee, doublon)
        if a_deplacer:
            apercu.deplaces[lien.libelle] = apercu.deplaces.get(lien.libelle, 0) + len(a_deplacer)
        if a_supprimer:
            apercu.doublons[lien.libelle] = apercu.doublons.get(lien.libelle, 0) + len(a_supprimer)
        apercu.conflits += conflits
    ga, do = etat(gardee, CHAMPS_ORGANISATION), etat(doublon, CHAMPS_ORGANISATION)
    apercu.champs = {c: (ga[c], do[c]) for c in CHAMPS_ORGANISATION if ga[c] != do[c]}
    return apercu


def _verifier_droits(gardee, doublon, auteur) -> None:
    if auteur is None:
        return  # a command or the demo
    territoires = {t.pk: t for o in (gardee, doublon) for t in o.territoires.all()}
    for t in territoires.values():
        if not a_un_role(auteur, t, "equipe"):
            raise PermissionDenied(
                f"L'une de ces organisations appartient aussi au territoire {t.nom}, où vous n'êtes pas dans "
                "l'équipe : seule l'équipe de chacun de leurs territoires peut les fusionner."
            )


@transaction.atomic
def fusionner_organisations(gardee: Organisation, doublon: Organisation, *, auteur=None,
                            valeurs: dict | None = None) -> Apercu:
    """Move every link of `doublon` onto `gardee`, then delete `doublon`.

    `valeurs` gives the fields of the kept organisation after the merge (the team chooses,
    field by field, which of the two values to keep); by default a blank field of `gardee`
    takes the duplicate's value. Refused (ValidationError, nothing changed) when a conflict
    remains; PermissionDenied when `auteur` is not in the team of every territory of both.
    """
    gardee = Organisation.objects.select_for_update().get(pk=gardee.pk)
    doublon = Organisation.objects.select_for_update().get(pk=doublon.pk)
    if gardee.pk == doublon.pk:
        raise ValidationError("Choisissez deux organisations différentes.")
    _verifier_droits(gardee, doublon, auteur)
    avant = etat(gardee, CHAMPS_ORGANISATION)
    resultat = Apercu()
    plan = []
    for lien in liens_vers_organisation():
        a_deplacer, a_supprimer, conflits = _examiner(lien, gardee, doublon)
        resultat.conflits += conflits
        plan.append((lien, a_deplacer, a_supprimer))
    if resultat.conflits:
        raise ValidationError(resultat.conflits)
    for lien, a_deplacer, a_supprimer in plan:
        if a_supprimer:
            lien.modele._base_manager.filter(pk__in=[x.pk for x in a_supprimer]).delete()
            resultat.doublons[lien.libelle] = resultat.doublons.get(lien.libelle, 0) + len(a_supprimer)
        if a_deplacer:
            n = lien.modele._base_manager.filter(pk__in=[x.pk for x in a_deplacer]).update(**{lien.champ: gardee.pk})
            resultat.deplaces[lien.libelle] = resultat.deplaces.get(lien.libelle, 0) + n
    # The kept organisation's own fields: chosen values, else its own, else the duplicate's.
    gardee.refresh_from_db()
    if gardee.doublon_probable_id == gardee.pk:
        gardee.doublon_probable = None  # the pending link it pointed at is now itself
    choix = dict(valeurs or {})
    for champ in CHAMPS_ORGANISATION:
        if champ in choix:
            setattr(gardee, champ, choix[champ])
        elif getattr(gardee, champ) in (None, "") and getattr(doublon, champ) not in (None, ""):
            setattr(gardee, champ, getattr(doublon, champ))
    _verifier(gardee)
    gardee.save()
    nom, ancien_id = doublon.nom, doublon.pk
    OrganisationFusionnee.objects.create(ancien_id=ancien_id, nom=nom, organisation=gardee,
                                         fusionnee_le=timezone.now())
    Organisation.objects.filter(pk=ancien_id).delete()
    changements = {c: v for c, v in
                   {c: [avant[c], x] for c, x in etat(gardee, CHAMPS_ORGANISATION).items()}.items() if v[0] != v[1]}
    changements["liens déplacés"] = [None, resultat.deplaces]
    enregistrer_historique(gardee, auteur, f"Fusion : « {nom} » (n° {ancien_id}) absorbée, tous ses liens repris",
                           changements, nature=Entree.Nature.FUSION)
    return resultat
