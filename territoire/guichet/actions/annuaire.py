"""The partner directory: institutions, branches, advisors with their subjects and communes
(the routing rules). Every write in the shared history."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError

from territoire.reseau.models import Organisation

from ..models import Antenne, Conseiller, Institution
from ._commun import enregistrer

CHAMPS_INSTITUTION = ("organisation", "nom")
CHAMPS_ANTENNE = ("nom", "organisation", "courriel")
CHAMPS_CONSEILLER = ("prenom", "nom", "courriel", "telephone", "utilisateur", "actif", "naf_prefixes",
                     "tranche_min", "tranche_max", "sujets", "communes")
M2M_CONSEILLER = ("sujets", "communes")


def _organisation_du_territoire(organisation, territoire, champ="organisation") -> None:
    if organisation is not None and not Organisation.objects.du_territoire(territoire).filter(pk=organisation.pk).exists():
        raise ValidationError({champ: "Choisissez une organisation du territoire."})


def enregistrer_institution(territoire, institution: Institution | None = None, *, auteur=None, **champs) -> Institution:
    institution = institution or Institution(territoire=territoire)
    if institution.territoire_id != territoire.pk:
        raise ValidationError("Cette institution appartient à un autre territoire.")
    _organisation_du_territoire(champs.get("organisation"), territoire)
    if "organisation" in champs and Institution.objects.filter(
        territoire=territoire, organisation=champs["organisation"]
    ).exclude(pk=institution.pk).exists():
        raise ValidationError({"organisation": "Cette organisation est déjà une institution de l'annuaire."})
    enregistrer(institution, champs, {}, permis=CHAMPS_INSTITUTION, auteur=auteur,
                libelles=("Institution créée", "Institution modifiée"), territoire=territoire)
    return institution


def enregistrer_antenne(institution: Institution, antenne: Antenne | None = None, *, auteur=None, **champs) -> Antenne:
    antenne = antenne or Antenne(institution=institution)
    if antenne.institution_id != institution.pk:
        raise ValidationError("Cette antenne appartient à une autre institution.")
    _organisation_du_territoire(champs.get("organisation"), institution.territoire)
    enregistrer(antenne, champs, {}, permis=CHAMPS_ANTENNE, auteur=auteur,
                libelles=("Antenne créée", "Antenne modifiée"), territoire=institution.territoire_id)
    return antenne


def enregistrer_conseiller(antenne: Antenne, conseiller: Conseiller | None = None, *, auteur=None,
                           **champs) -> Conseiller:
    """An advisor and the rules that route requests to them: subjects, communes, NAF, bands."""
    conseiller = conseiller or Conseiller(antenne=antenne)
    if conseiller.antenne_id != antenne.pk:
        raise ValidationError("Ce conseiller appartient à une autre antenne.")
    territoire = antenne.institution.territoire
    m2m = {k: list(champs.pop(k)) for k in M2M_CONSEILLER if k in champs}
    du_territoire = set(territoire.communes.values_list("pk", flat=True)) if "communes" in m2m else set()
    hors = [c for c in m2m.get("communes", []) if c.pk not in du_territoire]
    if hors:
        raise ValidationError({"communes": f"Communes hors du territoire : {', '.join(c.nom for c in hors)}."})
    if conseiller.pk is None and not m2m.get("sujets"):
        raise ValidationError({"sujets": "Choisissez au moins un sujet que traite ce conseiller."})
    if "naf_prefixes" in champs:
        champs["naf_prefixes"] = _normaliser_prefixes(champs["naf_prefixes"])
    enregistrer(conseiller, champs, m2m, permis=CHAMPS_CONSEILLER, auteur=auteur,
                libelles=("Conseiller créé", "Conseiller modifié"), territoire=territoire,
                verifier=lambda c: c.clean())
    return conseiller


def _normaliser_prefixes(texte: str) -> str:
    """« 10, 25.62 ; 28 » → "10, 25.62, 28"; a prefix that is no NAF start is refused."""
    prefixes = [p.strip().upper() for p in (texte or "").replace(";", ",").split(",") if p.strip()]
    mauvais = [p for p in prefixes if not re.fullmatch(r"\d{2}(\.\d{1,2}[A-Z]?)?", p)]
    if mauvais:
        raise ValidationError({"naf_prefixes": f"Préfixes NAF illisibles : {', '.join(mauvais)} "
                                               "(attendu : 25, 25.62 ou 25.62A, séparés par des virgules)."})
    return ", ".join(dict.fromkeys(prefixes))
