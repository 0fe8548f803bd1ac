"""Sections this app contributes to other apps' pages (constant queries each).

- `section_demande(request, demande)`: on a desk request about recruitment, the trainings
  of the territory (and within the default radius) that lead to the ROME codes of the
  needs recorded from that request, or of the firm's open needs; the advisor sees them.
- `section_organisation(request, organisation)`: on a firm's page, its recruitment needs
  (as `for_user` allows) and its open job offers.
"""

from __future__ import annotations

from territoire.comptes.acces import a_un_role
from territoire.reseau.sections import Section

from .appariement import RAYON_DEFAUT_KM, formations_par_rome, libelles_rome
from .models import BesoinRecrutement, OffreEmploi

SUJET_RECRUTEMENT = "recrutement"


def section_demande(request, demande):
    territoire = demande.territoire
    if not a_un_role(request.user, territoire, "equipe", "partenaire", "pilotage"):
        return None
    besoins = list(BesoinRecrutement.objects.filter(demande=demande).order_by("rome"))
    if not besoins:
        if demande.sujet.code != SUJET_RECRUTEMENT:
            return None
        besoins = list(BesoinRecrutement.objects.du_territoire(territoire).ouverts()
                       .filter(organisation_id=demande.organisation_id).order_by("rome"))
    codes = sorted({b.rome for b in besoins})
    formations = formations_par_rome(territoire, codes, RAYON_DEFAUT_KM) if codes else {}
    libelles = libelles_rome(codes) if codes else {}
    lignes = [{"rome": c, "libelle": libelles.get(c, ("", None))[0], "formations": formations.get(c, [])} for c in codes]
    return Section(
        titre="Formations qui mènent à ces métiers", gabarit="recrutement/_section_demande.html",
        contexte={"lignes": lignes, "territoire": territoire, "rayon_km": RAYON_DEFAUT_KM, "demande": demande,
                  "peut_saisir": a_un_role(request.user, territoire, "equipe")},
        ordre=40, ancre="formations",
    )


def section_organisation(request, organisation):
    territoire = getattr(request, "territoire", None)
    if territoire is None or organisation.type != "entreprise":
        return None
    besoins = list(BesoinRecrutement.objects.for_user(request.user, territoire).filter(organisation=organisation)
                   .order_by("statut", "-cree_le"))
    offres = list(OffreEmploi.objects.du_territoire(territoire).ouvertes().filter(organisation=organisation)[:20])
    if not besoins and not offres and not a_un_role(request.user, territoire, "equipe"):
        return None
    return Section(
        titre="Recrutement", gabarit="recrutement/_section_organisation.html",
        contexte={"besoins": besoins, "offres": offres, "territoire": territoire, "organisation": organisation,
                  "peut_saisir": a_un_role(request.user, territoire, "equipe", "entreprise")},
        ordre=60, ancre="recrutement",
    )
