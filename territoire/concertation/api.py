"""The consultation's part of the JSON API (/api/v1/): its synthesis as open data.

The same aggregates as the public synthesis page: findings ranked by support, the sectors and
size classes behind them (never a firm's name; below 3 firms a count reads "moins de 3" and small
sectors are grouped into "Autres secteurs", except for the team), and the fiches-actions that answer them
(published ones only, unless the signed-in caller may see more).
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from territoire.referentiel.models import Territoire

from . import queries
from .models import Consultation

router = Router(tags=["concertation"])


class ReponseOut(Schema):
    numero: str
    titre: str
    statut: str
    type: str
    commentaire: str


class ConstatOut(Schema):
    rang: int
    titre: str
    entreprises: int
    reunions: int
    reunions_collectives: int
    entretiens_individuels: int
    contributions: int
    filieres: dict[str, int | str]
    tailles: dict[str, int | str]
    fiches_actions: list[ReponseOut]
    fiches_non_publiees: int


class ConsultationOut(Schema):
    titre: str
    debut: str
    fin: str | None
    constats: list[ConstatOut]


@router.get(
    "/territoires/{slug}/concertation", response=list[ConsultationOut], url_name="concertation_synthese",
    summary="Synthèse de la concertation : constats classés, filières et tailles, fiches-actions qui y répondent",
)
def synthese(request, slug: str):
    territoire = get_object_or_404(Territoire, slug=slug)
    # Small-count protection: exact counts for the team only (see queries.SEUIL_PETITS_EFFECTIFS).
    equipe = queries.equipe(request.user, territoire)
    resultat = []
    for consultation in Consultation.objects.filter(territoire=territoire):
        classes = queries.constats_classes(consultation)
        ouvertes = queries.fiches_ouvertes(
            request.user, territoire, [r.fiche_id for c, _ in classes for r in c.reponses.all()]
        )
        constats = []
        for rang, (constat, s) in enumerate(classes, start=1):
            s = s if equipe else s.public()
            visibles = queries.reponses_visibles(constat, request.user, territoire, ouvertes)
            constats.append({
                "rang": rang, "titre": constat.titre, "entreprises": s.entreprises, "reunions": s.reunions,
                "reunions_collectives": s.reunions_collectives, "entretiens_individuels": s.entretiens,
                "contributions": s.contributions, "filieres": dict(s.filieres), "tailles": dict(s.tailles),
                "fiches_actions": [
                    {"numero": r.fiche.numero, "titre": r.fiche.titre, "type": r.type, "commentaire": r.commentaire,
                     "statut": r.fiche.statut.libelle if r.fiche.statut_id else ""}
                    for r in visibles
                ],
                "fiches_non_publiees": len(constat.reponses.all()) - len(visibles),
            })
        resultat.append({
            "titre": consultation.titre, "debut": consultation.debut.isoformat(),
            "fin": consultation.fin.isoformat() if consultation.fin else None, "constats": constats,
        })
    return resultat
