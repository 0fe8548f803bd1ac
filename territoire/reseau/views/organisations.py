"""Organisations: the CRM list (filters, tags, map), a firm's whole story, create, edit,
history, comments, exports."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Max, OuterRef, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from territoire.comptes.acces import a_un_role
from territoire.comptes.vues import vue_territoire
from territoire.ui.collation import CleFrancaise
from territoire.ui.listes import Colonne, Liste, repondre, trier_sur

from .. import actions, exports
from ..carte import carte_communes
from ..chronologie import chronologie
from ..forms import CommentaireForm, FiltresOrganisations, InteractionForm, OrganisationForm
from ..models import Contact, Interaction, Organisation, OrganisationFusionnee
from ..sections import sections_de
from ._commun import INTERNES, fil_organisations, url, voit_personnes

COLONNES = [
    Colonne("nom", "Nom", tri=(CleFrancaise("nom"), "pk")),
    Colonne("type", "Type", tri=("type", CleFrancaise("nom"), "pk")),
    Colonne("commune", "Commune", tri=(CleFrancaise("commune__nom"), CleFrancaise("nom"), "pk")),
    Colonne("naf", "NAF", tri=("naf", "pk")),
    Colonne("", "Taille"),
    Colonne("echange", "Dernier échange", tri=(trier_sur("derniere_interaction"), "pk")),
    Colonne("", "Étiquettes"),
]
# Historique entries shown on a firm's page; the whole history has its own page.
HISTORIQUE_APERCU = 10


def _derniere_interaction():
    return Subquery(
        Interaction.objects.filter(organisation=OuterRef("pk")).order_by().values("organisation")
        .annotate(m=Max("date")).values("m")[:1]
    )


def _liste(request) -> Liste:
    territoire = request.territoire
    qs = (Organisation.objects.for_user(request.user, territoire)
          .annotate(derniere_interaction=_derniere_interaction())
          .select_related("commune").prefetch_related("etiquettes"))
    return Liste(request, qs, colonnes=COLONNES, filtres=FiltresOrganisations, tri_defaut="nom",
                 noms=("organisation", "organisations"), feminin=True, filtres_kwargs={"territoire": territoire})


@vue_territoire(*INTERNES)
def organisations(request):
    territoire = request.territoire
    liste = _liste(request)
    par_commune = dict(liste.filtres_.order_by().values_list("commune").annotate(n=Count("id", distinct=True)))
    communes = list(territoire.communes.order_by(CleFrancaise("nom"), "code_insee"))
    parametres = request.GET.copy()
    for cle in ("page", "tri"):
        parametres.pop(cle, None)
    return repondre(request, "reseau/organisations.html", {
        "territoire": territoire, "liste": liste, "fil": [("Organisations", None)],
        "carte": carte_communes(communes, par_commune),
        "tableau_communes": [(c, par_commune[c.pk]) for c in communes if par_commune.get(c.pk)],
        "sans_commune": par_commune.get(None, 0), "parametres": parametres.urlencode(), "formats": exports.FORMATS,
        "equipe": a_un_role(request.user, territoire, "equipe"),
        "a_confirmer": Organisation.objects.du_territoire(territoire).filter(doublon_probable__isnull=False).count(),
    })


ENTETES_ORGANISATIONS = ["Nom", "Type", "SIRET", "Commune", "Code commune", "NAF", "Tranche d'effectifs",
                         "Dernière interaction", "Étiquettes", "Fictive"]


@vue_territoire(*INTERNES)
def organisations_export(request, format: str):
    if format not in exports.FORMATS:
        raise Http404("Format inconnu : csv, xlsx ou geojson.")
    orgas = list(_liste(request).tries)
    lignes = [
        [o.nom, o.get_type_display(), o.siret, o.commune.nom if o.commune_id else "",
         o.commune.code_insee if o.commune_id else "", o.naf, o.libelle_tranche() if o.tranche_effectifs else "",
         o.derniere_interaction, ", ".join(e.nom for e in o.etiquettes.all()), o.fictif]
        for o in orgas
    ]
    positions = [
        (o.longitude, o.latitude) if o.latitude is not None
        else ((o.commune.longitude, o.commune.latitude) if o.commune_id and o.commune.latitude is not None else None)
        for o in orgas
    ]
    return exports.reponse(format, "organisations", ENTETES_ORGANISATIONS, lignes, positions)


def organisation_ou_fusion(request, pk: int) -> tuple[Organisation | None, int | None]:
    """(the organisation through `for_user`, None), or (None, the number of the one kept)
    when `pk` was a duplicate merged into another; Http404 otherwise."""
    qs = Organisation.objects.for_user(request.user, request.territoire)
    orga = qs.filter(pk=pk).first()
    if orga is not None:
        return orga, None
    fusion = OrganisationFusionnee.objects.filter(ancien_id=pk, organisation__in=qs).first()
    if fusion is None:
        raise Http404("Organisation introuvable.")
    return None, fusion.organisation_id


@vue_territoire(*INTERNES, "entreprise")
def organisation(request, pk: int):
    territoire = request.territoire
    orga, gardee = organisation_ou_fusion(request, pk)
    if gardee is not None:
        messages.info(request, "Cette organisation a été fusionnée avec celle-ci : son ancienne adresse mène ici.")
        return redirect(url("organisation", territoire, pk=gardee))
    orga = (Organisation.objects.filter(pk=orga.pk)
            .select_related("commune", "etablissement__unite_legale", "etablissement__commune", "unite_legale",
                            "doublon_probable")
            .prefetch_related("etiquettes").get())
    interne = a_un_role(request.user, territoire, *INTERNES)
    equipe = a_un_role(request.user, territoire, "equipe")
    peut_noter = a_un_role(request.user, territoire, "equipe", "partenaire")
    contexte = {
        "territoire": territoire, "organisation": orga, "interne": interne, "equipe": equipe,
        "peut_noter": peut_noter, "voit_personnes": voit_personnes(request.user, territoire),
        "contacts": Contact.objects.for_user(request.user, territoire).filter(organisation=orga),
        "aujourdhui": timezone.localdate(), "sections": sections_de(request, orga),
        "chronologie": chronologie(request, orga),
        "fil": fil_organisations(territoire, (orga.nom, None)) if interne else [(orga.nom, None)],
    }
    if interne:
        contexte["interactions"] = (
            Interaction.objects.for_user(request.user, territoire).filter(organisation=orga)
            .select_related("auteur").prefetch_related("contacts", "etiquettes", "pieces_jointes")
        )
        contexte["suivis"] = orga.suivis.select_related("responsable")
        contexte["historique"] = actions.historique_de(orga)[:HISTORIQUE_APERCU]
        contexte["form_commentaire"] = CommentaireForm()
    else:
        contexte.update(interactions=[], suivis=[], historique=[])
    contexte["onglets"] = _onglets(contexte, interne)
    if peut_noter:
        contexte["form"] = InteractionForm(organisation=orga, territoire=territoire,
                                           initial={"date": timezone.localdate()})
    return render(request, "reseau/organisation.html", contexte)


def _onglets(contexte: dict, interne: bool) -> list[tuple[str, str, bool]]:
    """The page's sections as anchors for ui/_onglets.html (label, link, current)."""
    ancres = [("Identité", "recensement")]
    if contexte["contacts"]:
        ancres.append(("Contacts", "contacts"))
    ancres.append(("Chronologie", "chronologie"))
    if interne:
        ancres += [("Échanges", "echanges"), ("Suites à donner", "suites")]
    ancres += [(s.titre, s.ancre) for s in contexte["sections"]]
    if interne:
        ancres.append(("Historique", "historique"))
    return [(titre, f"#{ancre}", False) for titre, ancre in ancres]


@vue_territoire(*INTERNES)
def organisation_historique(request, pk: int):
    territoire = request.territoire
    orga, gardee = organisation_ou_fusion(request, pk)
    if gardee is not None:
        return redirect(url("organisation_historique", territoire, pk=gardee))
    return render(request, "reseau/organisation_historique.html", {
        "territoire": territoire, "organisation": orga, "entrees": actions.historique_de(orga),
        "fil": fil_organisations(territoire, (orga.nom, url("organisation", territoire, pk=orga.pk)),
                                 ("Historique", None)),
    })


def _formulaire_organisation(request, orga: Organisation | None):
    territoire = request.territoire
    # The form works on a copy: validating a ModelForm writes into its instance, and the action
    # must see the organisation as it was to record what changed.
    copie = Organisation.objects.get(pk=orga.pk) if orga else None
    form = OrganisationForm(request.POST or None, instance=copie, territoire=territoire)
    if request.method == "POST" and form.is_valid():
        d = {k: v for k, v in form.cleaned_data.items()}
        nouvelles = d.pop("nouvelles_etiquettes").split(",")
        etiquettes = list(d.pop("etiquettes"))
        etablissement = form.etablissement()
        if etablissement is not None and (orga is None or orga.etablissement_id != etablissement.pk):
            d["etablissement"] = etablissement
            d["unite_legale"] = etablissement.unite_legale
        try:
            with transaction.atomic():  # new tags and the organisation, or nothing
                etiquettes += [e for e in actions.etiquettes_nommees(nouvelles) if e not in etiquettes]
                if orga is None:
                    orga = actions.creer_organisation(territoire, auteur=request.user, etiquettes=etiquettes, **d)
                    messages.success(request, f"Organisation « {orga.nom} » créée.")
                else:
                    actions.modifier_organisation(orga, request.user, etiquettes=etiquettes, **d)
                    messages.success(request, "Organisation modifiée ; le changement est dans son historique.")
            return redirect(url("organisation", territoire, pk=orga.pk))
        except ValidationError as exc:
            _erreurs_dans(form, exc)
    titre = "Nouvelle organisation" if orga is None else f"Modifier « {orga.nom} »"
    suite = (orga.nom, url("organisation", territoire, pk=orga.pk)) if orga else None
    return render(request, "reseau/organisation_form.html", {
        "territoire": territoire, "form": form, "organisation": orga, "titre": titre,
        "annuler": url("organisation", territoire, pk=orga.pk) if orga else url("organisations", territoire),
        "fil": fil_organisations(territoire, *([suite] if suite else []), (titre, None)),
    }, status=400 if form.is_bound and form.errors else 200)


def _erreurs_dans(form, exc: ValidationError) -> None:
    """An action's refusal, shown on the form's fields (or above it)."""
    if hasattr(exc, "error_dict"):
        for champ, erreurs in exc.error_dict.items():
            form.add_error(champ if champ in form.fields else None, erreurs)
    else:
        form.add_error(None, exc.messages)


@vue_territoire("equipe")
def organisation_nouvelle(request):
    return _formulaire_organisation(request, None)


@vue_territoire("equipe")
def organisation_modifier(request, pk: int):
    orga = get_object_or_404(Organisation.objects.for_user(request.user, request.territoire), pk=pk)
    return _formulaire_organisation(request, orga)


@require_POST
@vue_territoire(*INTERNES)
def commenter(request, pk: int):
    territoire = request.territoire
    orga = get_object_or_404(Organisation.objects.for_user(request.user, territoire), pk=pk)
    form = CommentaireForm(request.POST)
    if form.is_valid():
        actions.commenter(orga, request.user, form.cleaned_data["texte"], territoire=territoire)
        messages.success(request, "Commentaire enregistré dans la chronologie.")
    else:
        messages.error(request, "Commentaire non enregistré : " + " ".join(form.errors["texte"]))
    return redirect(url("organisation", territoire, pk=orga.pk) + "#chronologie")
