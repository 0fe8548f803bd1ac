"""The desk's section and timeline items on a firm's page (see territoire.reseau.sections and
territoire.reseau.chronologie), and the extension point of a request's page (`sections_demande`)."""

from __future__ import annotations

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils.module_loading import import_string

from territoire.comptes.acces import a_un_role
from territoire.historique.models import Entree
from territoire.reseau.chronologie import Element
from territoire.reseau.sections import Section

from .models import Demande


def section_demandes(request, organisation) -> Section | None:
    territoire = request.territoire
    demandes = Demande.objects.for_user(request.user, territoire).filter(organisation=organisation).select_related("sujet")
    return Section(
        titre="Demandes au guichet", gabarit="guichet/_section_demandes.html", ordre=10, ancre="demandes",
        contexte={
            "demandes": demandes,
            "peut_deposer": a_un_role(request.user, territoire, "equipe", "entreprise"),
        },
    )


def chronologie_demandes(request, organisation) -> list:
    """The firm's requests and their status changes on its timeline (two queries)."""
    territoire = request.territoire
    interne = a_un_role(request.user, territoire, "equipe", "pilotage", "partenaire")
    demandes = {d.pk: d for d in Demande.objects.for_user(request.user, territoire)
                .filter(organisation=organisation).select_related("sujet")}
    elements = []
    for d in demandes.values():
        elements.append(Element(
            le=d.deposee_le, genre="demande", libelle_genre="Demande au guichet", titre=f"Demande n° {d.pk} : {d.sujet}",
            statut=d.get_statut_display(), statut_code=d.statut, qui=d.get_origine_display(),
            url=reverse("guichet:demande", kwargs={"territoire": territoire.slug, "pk": d.pk}),
        ))
    if demandes:
        ct = ContentType.objects.get_for_model(Demande)
        for h in Entree.objects.des_identifiants({ct.pk: list(demandes)}).filter(nature=Entree.Nature.STATUT):
            d = demandes[h.object_id]
            elements.append(Element(
                le=h.le, genre="statut", libelle_genre="Statut d'une demande", titre=f"Demande n° {d.pk} — {h.action}",
                statut=h.action.removeprefix("Statut : "), statut_code=(h.changements.get("statut") or [None, ""])[1],
                qui=h.auteur_affiche if interne else "", detail=h.note if interne else "",
                url=reverse("guichet:demande", kwargs={"territoire": territoire.slug, "pk": d.pk}),
            ))
    return elements


def sections_de_demande(request, demande) -> list[Section]:
    """Extension point of a request's page, for the advisor who handles it.

    An app contributes by naming, in its AppConfig, `sections_demande = "module.fonction"`:
    the function takes (request, demande) and returns a `territoire.reseau.sections.Section`
    or None (nothing to show, or not for this user), in a constant number of queries. The
    recruitment app shows matching trainings, the innovation app competence holders.
    """
    sections = []
    for config in apps.get_app_configs():
        chemin = getattr(config, "sections_demande", None)
        if chemin:
            section = import_string(chemin)(request, demande)
            if section is not None:
                sections.append(section)
    return sorted(sections, key=lambda s: (s.ordre, s.titre))
