"""Pages of the network: directory of organisations, a firm's whole story, portfolio, events."""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from territoire.comptes.acces import a_un_role
from territoire.comptes.vues import vue_territoire

from . import actions, exports
from .carte import carte_communes
from .forms import FiltresOrganisationsForm, InscriptionForm, InteractionForm, PresenceForm
from .models import (
    Contact,
    EvenementReseau,
    Inscription,
    Interaction,
    Organisation,
    PieceJointe,
    Suivi,
)
from .queries import douze_mois_avant
from .sections import sections_de

INTERNES = ("equipe", "pilotage", "partenaire")
PAR_PAGE = 50


def _organisations_filtrees(request):
    territoire = request.territoire
    filtres = FiltresOrganisationsForm(request.GET or None, territoire=territoire)
    qs = filtres.filtrer(Organisation.objects.for_user(request.user, territoire))
    return filtres, qs


@vue_territoire(*INTERNES)
def organisations(request):
    territoire = request.territoire
    filtres, qs = _organisations_filtrees(request)
    page = Paginator(qs.select_related("commune").order_by("nom", "pk"), PAR_PAGE).get_page(request.GET.get("page"))
    par_commune = dict(qs.order_by().values_list("commune").annotate(n=Count("id")).values_list("commune", "n"))
    communes = list(territoire.communes.order_by("nom"))
    tableau = [(c, par_commune[c.pk]) for c in communes if par_commune.get(c.pk)]
    sans_commune = par_commune.get(None, 0)
    parametres = request.GET.copy()
    parametres.pop("page", None)
    return render(request, "reseau/organisations.html", {
        "territoire": territoire, "filtres": filtres, "page": page, "total": page.paginator.count,
        "carte": carte_communes(communes, par_commune), "tableau_communes": tableau, "sans_commune": sans_commune,
        "parametres": parametres.urlencode(), "formats": exports.FORMATS,
    })


ENTETES_ORGANISATIONS = ["Nom", "Type", "SIRET", "Commune", "Code commune", "NAF", "Tranche d'effectifs",
                         "Dernière interaction", "Fictive"]


@vue_territoire(*INTERNES)
def organisations_export(request, format: str):
    if format not in exports.FORMATS:
        raise Http404("Format inconnu : csv, xlsx ou geojson.")
    _, qs = _organisations_filtrees(request)
    orgas = list(qs.avec_derniere_interaction().select_related("commune").order_by("nom", "pk"))
    lignes = [
        [o.nom, o.get_type_display(), o.siret, o.commune.nom if o.commune_id else "",
         o.commune.code_insee if o.commune_id else "", o.naf, o.libelle_tranche() if o.tranche_effectifs else "",
         o.derniere_interaction, o.fictif]
        for o in orgas
    ]
    positions = [
        (o.longitude, o.latitude) if o.latitude is not None
        else ((o.commune.longitude, o.commune.latitude) if o.commune_id and o.commune.latitude is not None else None)
        for o in orgas
    ]
    return exports.reponse(format, "organisations", ENTETES_ORGANISATIONS, lignes, positions)


@vue_territoire(*INTERNES, "entreprise")
def organisation(request, pk: int):
    territoire = request.territoire
    orga = get_object_or_404(
        Organisation.objects.for_user(request.user, territoire).select_related(
            "commune", "etablissement__unite_legale", "etablissement__commune", "unite_legale"
        ).prefetch_related("etiquettes"),
        pk=pk,
    )
    interne = a_un_role(request.user, territoire, *INTERNES)
    peut_noter = a_un_role(request.user, territoire, "equipe", "partenaire")
    contexte = {
        "territoire": territoire, "organisation": orga, "interne": interne, "peut_noter": peut_noter,
        "contacts": Contact.objects.for_user(request.user, territoire).filter(organisation=orga),
        "peut_gerer_contacts": a_un_role(request.user, territoire, "equipe"),
        "aujourdhui": timezone.localdate(),
        "sections": sections_de(request, orga),
        "inscriptions": orga.inscriptions.select_related("evenement", "contact"),
    }
    if interne:
        contexte["interactions"] = (
            Interaction.objects.for_user(request.user, territoire).filter(organisation=orga)
            .select_related("auteur").prefetch_related("contacts", "etiquettes", "pieces_jointes")
        )
        contexte["suivis"] = orga.suivis.select_related("responsable")
        contexte["historique"] = actions.historique_de(orga).select_related("auteur")[:30]
    else:
        contexte.update(interactions=[], suivis=[], historique=[])
    if peut_noter:
        contexte["form"] = InteractionForm(organisation=orga, territoire=territoire,
                                           initial={"date": timezone.localdate()})
    return render(request, "reseau/organisation.html", contexte)


@require_POST
@vue_territoire("equipe", "partenaire")
def interaction_nouvelle(request, pk: int):
    territoire = request.territoire
    orga = get_object_or_404(Organisation.objects.for_user(request.user, territoire), pk=pk)
    form = InteractionForm(request.POST, request.FILES, organisation=orga, territoire=territoire)
    if not form.is_valid():
        messages.error(request, "L'échange n'a pas été enregistré : corrigez les champs signalés.")
        return render(request, "reseau/interaction_form.html",
                      {"territoire": territoire, "organisation": orga, "form": form}, status=400)
    d = form.cleaned_data
    interaction = actions.enregistrer_interaction(
        territoire, orga, type=d["type"], date=d["date"], objet=d["objet"], notes=d["notes"],
        contacts=d["contacts"], etiquettes=d["etiquettes"], auteur=request.user,
        suivi={"action": d["suite"], "echeance": d["echeance"], "responsable": d["responsable"]},
    )
    if d["fichier"]:
        PieceJointe.objects.create(interaction=interaction, fichier=d["fichier"], nom=d["fichier"].name[:250])
    messages.success(request, "Échange enregistré.")
    return redirect("reseau:organisation", territoire=territoire.slug, pk=orga.pk)


@vue_territoire(*INTERNES)
def piece_jointe(request, pk: int):
    """Attachments are served through this check, never from a public media folder."""
    piece = get_object_or_404(
        PieceJointe.objects.filter(interaction__in=Interaction.objects.for_user(request.user, request.territoire)), pk=pk
    )
    return FileResponse(piece.fichier.open("rb"), as_attachment=True, filename=piece.nom)


@require_POST
@vue_territoire("equipe", "partenaire")
def suivi_fait(request, pk: int):
    territoire = request.territoire
    suivi = get_object_or_404(Suivi.objects.filter(organisation__territoires=territoire), pk=pk)
    actions.marquer_suivi_fait(suivi, request.user)
    messages.success(request, "Suite marquée comme faite.")
    return redirect("reseau:organisation", territoire=territoire.slug, pk=suivi.organisation_id)


@vue_territoire(*INTERNES)
def non_rencontrees(request):
    territoire = request.territoire
    depuis = douze_mois_avant()
    qs = (Organisation.objects.non_rencontrees(territoire, depuis).avec_derniere_interaction()
          .select_related("commune").order_by("nom"))
    page = Paginator(qs, PAR_PAGE).get_page(request.GET.get("page"))
    return render(request, "reseau/non_rencontrees.html",
                  {"territoire": territoire, "page": page, "depuis": depuis, "total": page.paginator.count})


@vue_territoire(*INTERNES)
def evenements(request):
    territoire = request.territoire
    qs = EvenementReseau.objects.filter(territoire=territoire).select_related("commune").annotate(
        inscrits=Count("inscriptions"),
    )
    presents = dict(
        Inscription.objects.filter(evenement__territoire=territoire, presence="present")
        .values_list("evenement").annotate(n=Count("id")).values_list("evenement", "n")
    )
    liste = list(qs)
    for e in liste:
        e.presents = presents.get(e.pk, 0)
    return render(request, "reseau/evenements.html", {"territoire": territoire, "evenements": liste})


@vue_territoire(*INTERNES)
def evenement(request, pk: int):
    territoire = request.territoire
    ev = get_object_or_404(EvenementReseau.objects.filter(territoire=territoire).select_related("commune", "organisateur"), pk=pk)
    inscriptions = list(ev.inscriptions.select_related("organisation", "contact"))
    equipe = a_un_role(request.user, territoire, "equipe")
    for i in inscriptions:
        i.form = PresenceForm(instance=i, prefix=f"i{i.pk}") if equipe else None
    return render(request, "reseau/evenement.html", {
        "territoire": territoire, "evenement": ev, "inscriptions": inscriptions, "equipe": equipe,
        "form_inscription": InscriptionForm(territoire=territoire) if equipe else None,
    })


@require_POST
@vue_territoire("equipe")
def inscrire(request, pk: int):
    territoire = request.territoire
    ev = get_object_or_404(EvenementReseau, territoire=territoire, pk=pk)
    form = InscriptionForm(request.POST, territoire=territoire)
    if form.is_valid():
        actions.inscrire(ev, form.cleaned_data["organisation"], auteur=request.user)
        messages.success(request, "Inscription enregistrée.")
    else:
        messages.error(request, "Choisissez une organisation du territoire.")
    return redirect("reseau:evenement", territoire=territoire.slug, pk=ev.pk)


@require_POST
@vue_territoire("equipe")
def presence(request, pk: int):
    territoire = request.territoire
    ins = get_object_or_404(Inscription.objects.select_related("evenement", "organisation"),
                            evenement__territoire=territoire, pk=pk)
    form = PresenceForm(request.POST, instance=ins, prefix=f"i{ins.pk}")
    if form.is_valid():
        actions.noter_presence(ins, form.cleaned_data["presence"], form.cleaned_data["suite"], auteur=request.user)
        messages.success(request, f"Présence de {ins.organisation} enregistrée.")
    else:
        messages.error(request, "Présence non enregistrée : choisissez une valeur de la liste.")
    return redirect("reseau:evenement", territoire=territoire.slug, pk=ins.evenement_id)


def _contact_gere(request, pk):
    territoire = request.territoire
    if not a_un_role(request.user, territoire, "equipe"):
        raise PermissionDenied("Réservé à l'équipe.")
    return get_object_or_404(Contact.objects.for_user(request.user, territoire), pk=pk)


@vue_territoire("equipe")
def contact_export(request, pk: int):
    contact = _contact_gere(request, pk)
    actions.enregistrer_historique(contact, request.user, "Données exportées à la demande de la personne (RGPD)")
    corps = json.dumps(actions.exporter_contact(contact), ensure_ascii=False, indent=2)
    reponse = HttpResponse(corps.encode("utf-8"), content_type="application/json; charset=utf-8")
    reponse["Content-Disposition"] = f'attachment; filename="donnees-personnelles-{contact.pk}.json"'
    return reponse


@require_POST
@vue_territoire("equipe")
def contact_effacer(request, pk: int):
    contact = _contact_gere(request, pk)
    actions.effacer_contact(contact, request.user)
    messages.success(request, "Les données de la personne ont été effacées ; l'historique garde sa forme.")
    if contact.organisation_id:
        return redirect("reseau:organisation", territoire=request.territoire.slug, pk=contact.organisation_id)
    return redirect("reseau:organisations", territoire=request.territoire.slug)


