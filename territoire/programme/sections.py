"""The programme's section of a firm's page (see territoire.reseau.sections).

Lists the fiches-actions the organisation is tied to — as lead, partner, beneficiary or
funder (co-financing) — through the one door to fiches, `fiches_visibles`: confidential
fiches stay with the team and the steering committee. A reader who only sees a fiche as
published (see `voit_version_interne`) gets its published status and the roles its
published version states; the funder role is money, which never leaves the internal
version. Constant number of queries, whatever the number of fiches.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, Q

from territoire.reseau.sections import Section

from .models import Cofinancement, FicheAction
from .queries import fiches_suivies, fiches_visibles, lit_tout

PILOTE = "Pilote"
PARTENAIRE = "Partenaire"
BENEFICIAIRE = "Bénéficiaire"
FINANCEUR = "Cofinanceur"


@dataclass
class LienFiche:
    fiche: FicheAction
    titre: str
    statut: str
    roles: list[str]
    publique: bool


def _nomme(nom: str, texte: str) -> bool:
    """Beneficiaries are free text: the organisation is one when its name appears in it."""
    return bool(nom) and nom.casefold() in (texte or "").casefold()


def _roles_internes(fiche: FicheAction, organisation) -> list[str]:
    roles = []
    if fiche.pilote_organisation_id == organisation.pk:
        roles.append(PILOTE)
    if fiche.partenaires_orga:
        roles.append(PARTENAIRE)
    if _nomme(organisation.nom, fiche.beneficiaires):
        roles.append(BENEFICIAIRE)
    if fiche.cofinancements_orga:
        roles.append(FINANCEUR)
    return roles


def _roles_publies(version: dict, organisation) -> list[str]:
    roles = []
    if version.get("pilote") == organisation.nom:
        roles.append(PILOTE)
    if organisation.nom in (version.get("partenaires") or []):
        roles.append(PARTENAIRE)
    if _nomme(organisation.nom, version.get("beneficiaires", "")):
        roles.append(BENEFICIAIRE)
    return roles


def liens_programme(user, territoire, organisation) -> list[LienFiche]:
    """The fiches `user` may open that `organisation` takes part in, with status and roles."""
    liees = (
        Q(pilote_organisation=organisation)
        | Q(partenaires=organisation)
        | Q(cofinancements__financeur=organisation)
    )
    if organisation.nom:
        liees |= Q(beneficiaires__icontains=organisation.nom)
    fiches = (
        fiches_visibles(user, territoire)
        .filter(pk__in=FicheAction.objects.filter(liees).values("pk"))
        .select_related("programme__territoire", "statut")
        .prefetch_related(
            Prefetch(
                "partenaires",
                queryset=organisation.__class__.objects.filter(pk=organisation.pk),
                to_attr="partenaires_orga",
            ),
            Prefetch(
                "cofinancements",
                queryset=Cofinancement.objects.filter(financeur=organisation),
                to_attr="cofinancements_orga",
            ),
        )
        .order_by("programme__debut", "programme__code", "numero")
    )
    tout = lit_tout(user, territoire)
    suivies = set() if tout else set(fiches_suivies(user, territoire).values_list("pk", flat=True))
    liens = []
    for fiche in fiches:
        if tout or fiche.pk in suivies:
            statut = fiche.statut.libelle if fiche.statut_id else ""
            liens.append(
                LienFiche(fiche, fiche.titre, statut, _roles_internes(fiche, organisation), False)
            )
        elif fiche.version_publiee:
            roles = _roles_publies(fiche.version_publiee, organisation)
            if roles:
                version = fiche.version_publiee
                liens.append(
                    LienFiche(
                        fiche, version.get("titre", ""), version.get("statut", ""), roles, True
                    )
                )
    return liens


def section_fiches(request, organisation) -> Section | None:
    liens = liens_programme(request.user, request.territoire, organisation)
    return Section(
        titre="Fiches-actions du programme",
        gabarit="programme/_section_fiches.html",
        ordre=20,
        ancre="programme",
        contexte={"liens": liens},
    )
