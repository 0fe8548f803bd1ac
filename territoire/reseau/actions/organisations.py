"""Organisations: create, edit, tag, and settle the pending link of an anonymous filing."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from territoire.etablissements.identifiants import siret_valide
from territoire.historique.actions import differences, enregistrer_historique
from territoire.historique.models import Entree

from ..models import Etiquette, Organisation
from ._commun import etat, valeur_journal

# The fields the team edits on an organisation's form (the profile, the identity).
CHAMPS_ORGANISATION = (
    "nom", "type", "sigle", "siret", "site_web", "description", "commune", "naf", "tranche_effectifs",
    "etablissement", "unite_legale", "fictif",
)
M2M_ORGANISATION = ("etiquettes",)


def _verifier(orga: Organisation) -> None:
    erreurs = {}
    orga.nom = " ".join((orga.nom or "").split())
    if not orga.nom:
        erreurs["nom"] = "Donnez le nom de l'organisation."
    orga.siret = "".join((orga.siret or "").split())
    if orga.siret and not siret_valide(orga.siret):
        erreurs["siret"] = "Le SIRET compte 14 chiffres avec une clé valide, par exemple 73282932000074."
    if erreurs:
        raise ValidationError(erreurs)
    orga.full_clean(exclude=["territoires", "etiquettes"])


@transaction.atomic
def creer_organisation(territoire, *, auteur=None, etiquettes=(), **champs) -> Organisation:
    """Any actor of the territory (firm, partner, lab, school, public body)."""
    inconnus = set(champs) - set(CHAMPS_ORGANISATION)
    if inconnus:
        raise ValueError(f"Champs inconnus pour une organisation : {', '.join(sorted(inconnus))}")
    orga = Organisation(**champs)
    if orga.etablissement_id and not orga.siret:
        orga.copier_profil_sirene()
    _verifier(orga)
    orga.save()
    orga.territoires.add(territoire)
    if etiquettes:
        orga.etiquettes.set(etiquettes)
    enregistrer_historique(
        orga, auteur, "Organisation créée",
        {c: [None, v] for c, v in etat(orga, CHAMPS_ORGANISATION).items() if v not in (None, "", False)},
        nature=Entree.Nature.CREATION, territoire=territoire,
    )
    return orga


@transaction.atomic
def creer_organisation_entreprise(territoire, *, nom: str, etablissement=None, commune=None, auteur=None,
                                  fictif: bool = False, doublon_probable=None) -> Organisation:
    """A firm's Organisation, linked to its SIRENE establishment when there is one."""
    orga = Organisation(nom=nom, type=Organisation.Type.ENTREPRISE, etablissement=etablissement,
                        commune=commune, fictif=fictif, doublon_probable=doublon_probable)
    orga.copier_profil_sirene()
    orga.nom = " ".join((orga.nom or "").split())[:250]
    orga.save()
    orga.territoires.add(territoire)
    changements = {"nom": [None, orga.nom]}
    if doublon_probable is not None:
        changements["doublon_probable"] = [None, str(doublon_probable)]
    enregistrer_historique(orga, auteur, "Organisation créée", changements, nature=Entree.Nature.CREATION,
                           territoire=territoire)
    return orga


@transaction.atomic
def modifier_organisation(orga: Organisation, auteur=None, **champs) -> dict:
    """Change an organisation's fields (and tags); returns the differences recorded."""
    m2m = {k: champs.pop(k) for k in M2M_ORGANISATION if k in champs}
    inconnus = set(champs) - set(CHAMPS_ORGANISATION)
    if inconnus:
        raise ValueError(f"Champs inconnus pour une organisation : {', '.join(sorted(inconnus))}")
    avant = etat(orga, CHAMPS_ORGANISATION)
    avant.update({k: valeur_journal(list(getattr(orga, k).all())) for k in m2m})
    for c, v in champs.items():
        setattr(orga, c, v)
    _verifier(orga)
    orga.save()
    for nom, valeurs in m2m.items():
        getattr(orga, nom).set(valeurs)
    apres = etat(orga, CHAMPS_ORGANISATION)
    apres.update({k: valeur_journal(list(v)) for k, v in m2m.items()})
    changes = differences(avant, apres)
    if changes:
        enregistrer_historique(orga, auteur, "Organisation modifiée", changes)
    return changes


def etiquettes_nommees(noms) -> list:
    """The tags named (« Club industrie, Export »), created when missing (same name, any case)."""
    etiquettes, vus = [], set()
    for nom in (" ".join(n.split())[:80] for n in noms if n and n.strip()):
        if nom.casefold() in vus:
            continue
        vus.add(nom.casefold())
        existante = Etiquette.objects.filter(nom__iexact=nom).first()
        etiquettes.append(existante or Etiquette.objects.create(nom=nom))
    return etiquettes


@transaction.atomic
def ecarter_rapprochement(orga: Organisation, auteur=None) -> Organisation:
    """The team says the firm of an anonymous filing is not the one it resembles."""
    if orga.doublon_probable_id is None:
        return orga
    ancien = str(orga.doublon_probable)
    orga.doublon_probable = None
    orga.save(update_fields=["doublon_probable", "modifie_le"])
    enregistrer_historique(orga, auteur, f"Rattachement écarté : ce n'est pas « {ancien} »",
                           {"doublon_probable": [ancien, None]})
    return orga
