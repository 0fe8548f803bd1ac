"""Tiles of Recruter in each role's workspace (the `tuiles_espace` hook, docs/comptes.md)."""

from __future__ import annotations

from django.urls import reverse

from territoire.comptes.espace import Tuile

from .chiffres import besoins_sans_formation
from .models import BesoinRecrutement


def tuiles(request, role) -> list[Tuile]:
    territoire = request.territoire
    slug = {"territoire": territoire.slug}
    if role == "equipe":
        besoins = BesoinRecrutement.objects.for_user(request.user, territoire).ouverts().select_related("organisation")
        manquants = sorted(besoins_sans_formation(territoire))
        return [
            Tuile("Besoins de recrutement ouverts", "recrutement/_tuile_besoins.html",
                  {"besoins": list(besoins.order_by("-cree_le")[:8])}, ordre=35, compte=besoins.count(),
                  lien=reverse("recrutement:appariement", kwargs=slug), lien_libelle="Besoins et formations",
                  aide="Besoins déclarés par les entreprises ou notés par l'équipe, pas encore pourvus."),
            Tuile("Métiers demandés sans formation sur le territoire", "recrutement/_tuile_codes.html",
                  {"codes": manquants[:8]}, ordre=36, compte=len(manquants), alerte=bool(manquants),
                  lien=reverse("recrutement:ecart", kwargs=slug), lien_libelle="Voir les écarts",
                  aide="Codes ROME des besoins ouverts qu'aucune formation active donnée sur le territoire ne prépare."),
        ]
    if role == "pilotage":
        manquants = sorted(besoins_sans_formation(territoire))
        return [Tuile("Métiers demandés sans formation sur le territoire", "recrutement/_tuile_codes.html",
                      {"codes": manquants[:8]}, ordre=80, compte=len(manquants),
                      lien=reverse("recrutement:ecart", kwargs=slug), lien_libelle="Voir les écarts",
                      aide="Codes ROME des besoins ouverts qu'aucune formation du territoire ne prépare.")]
    if role == "entreprise":
        from territoire.reseau.queries import organisations_du_compte

        miens = BesoinRecrutement.objects.du_territoire(territoire).ouverts().filter(
            organisation__in=organisations_du_compte(request.user, territoire)).select_related("organisation")
        return [Tuile("Mes besoins de recrutement", "recrutement/_tuile_besoins.html",
                      {"besoins": list(miens.order_by("-cree_le")[:8])}, ordre=40, compte=miens.count(),
                      lien=reverse("recrutement:besoin_nouveau", kwargs=slug), lien_libelle="Enregistrer un besoin",
                      aide="Vos besoins ouverts ; ils restent confidentiels sauf si vous acceptez de les publier.")]
    return []
