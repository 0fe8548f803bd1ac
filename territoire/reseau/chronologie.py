"""A firm's timeline: one chronological feed of everything that happened with it.

Exchanges (visits, calls, meetings, emails), follow-ups, event registrations, comments and
the other entries of its history come from the network; each app adds its own items by
naming, in its AppConfig, `chronologie_organisation = "module.fonction"`: the function takes
(request, organisation) and returns a list of `Element` the signed-in person may see, in a
number of queries that does not grow with the data (the desk adds the requests and their
status changes). Every item carries who, when, its status and its age ("J+12").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from django.apps import apps
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string

from territoire.comptes.acces import a_un_role
from territoire.historique.models import Entree

from .models import Inscription, Interaction, Suivi


@dataclass
class Element:
    """One item of a timeline."""

    le: datetime
    genre: str  # "echange", "suivi", "evenement", "demande", "statut", "commentaire", "historique"…
    libelle_genre: str
    titre: str
    statut: str = ""
    statut_code: str = ""  # a key of the shared status palette (territoire.ui.statuts), or ""
    qui: str = ""
    url: str = ""
    detail: str = ""

    @property
    def jour(self) -> date:
        return timezone.localdate(self.le) if isinstance(self.le, datetime) else self.le

    def age(self, aujourdhui: date | None = None) -> int:
        """Days from the item to today (negative for an item to come)."""
        return ((aujourdhui or timezone.localdate()) - self.jour).days

    @property
    def age_libelle(self) -> str:
        jours = self.age()
        return f"J+{jours}" if jours >= 0 else f"dans {-jours} j"


# The entries of a firm's own history that the timeline shows (the others are on its history).
NATURES = (Entree.Nature.COMMENTAIRE, Entree.Nature.FUSION, Entree.Nature.STATUT)


def instant(jour: date | datetime) -> datetime:
    """A date as an aware datetime at noon (so that dated items sort among timed ones)."""
    if isinstance(jour, datetime):
        return jour
    return timezone.make_aware(datetime.combine(jour, time(12, 0)))


def nom_de(user) -> str:
    if user is None:
        return "système"
    return (user.get_full_name() or user.get_username()).strip()


def elements_reseau(request, organisation) -> list[Element]:
    """The network's own items: exchanges, follow-ups, registrations, comments, history."""
    territoire = request.territoire
    interne = a_un_role(request.user, territoire, "equipe", "pilotage", "partenaire")
    voit_personnes = a_un_role(request.user, territoire, "equipe", "partenaire")
    elements: list[Element] = []
    aujourdhui = timezone.localdate()
    if interne:
        for i in (Interaction.objects.for_user(request.user, territoire).filter(organisation=organisation)
                  .select_related("auteur").prefetch_related("contacts")):
            avec = ", ".join(str(c) for c in i.contacts.all()) if voit_personnes else ""
            elements.append(Element(
                le=instant(i.date), genre="echange", libelle_genre=i.get_type_display(), titre=i.objet,
                qui=nom_de(i.auteur), detail=f"Avec {avec}" if avec else "",
                url=reverse("reseau:organisation", kwargs={"territoire": territoire.slug, "pk": organisation.pk})
                + "#echanges",
            ))
        for s in Suivi.objects.filter(organisation=organisation).select_related("responsable"):
            if s.fait_le:
                statut, code = f"Faite le {timezone.localdate(s.fait_le):%d/%m/%Y}", "fait"
            elif s.echeance < aujourdhui:
                statut, code = "En retard", "en_retard"
            else:
                statut, code = "À faire", "a_faire"
            elements.append(Element(
                le=instant(s.echeance), genre="suivi", libelle_genre="Suite à donner", titre=s.action,
                statut=statut, statut_code=code, qui=nom_de(s.responsable),
            ))
        for h in Entree.objects.de(organisation).filter(nature__in=NATURES).exclude(element="inscription"):
            commentaire = h.nature == Entree.Nature.COMMENTAIRE
            elements.append(Element(
                le=h.le, genre="commentaire" if commentaire else "historique",
                libelle_genre="Commentaire" if commentaire else h.get_nature_display(),
                titre=h.note if commentaire else h.action, qui=h.auteur_affiche,
            ))
    for ins in Inscription.objects.filter(organisation=organisation,
                                          evenement__territoire=territoire).select_related("evenement"):
        ev = ins.evenement
        statut, code = ((f"Annulé : {ev.motif_annulation}", "annule") if ev.annule_le
                        else (ins.get_presence_display(), ins.presence))
        elements.append(Element(
            le=ev.date, genre="evenement", libelle_genre=ev.get_type_display(), titre=ev.titre,
            statut=statut, statut_code=code,
            url=reverse("reseau:evenement", kwargs={"territoire": territoire.slug, "pk": ev.pk}) if interne else "",
        ))
    return elements


def chronologie(request, organisation) -> list[Element]:
    """Every app's items about `organisation` that the signed-in person may see, newest first."""
    elements = elements_reseau(request, organisation)
    for config in apps.get_app_configs():
        chemin = getattr(config, "chronologie_organisation", None)
        if chemin:
            elements += import_string(chemin)(request, organisation)
    return sorted(elements, key=lambda e: e.le, reverse=True)
