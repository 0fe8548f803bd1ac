"""« Innover avec le territoire »: the public page (competence holders and their public competences,
searchable), a holder's page, and the form that files an innovation request into the desk."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from territoire.comptes.acces import a_un_role
from territoire.comptes.vues import vue_territoire
from territoire.guichet import actions as guichet
from territoire.guichet.models import Demande, Sujet
from territoire.guichet.sujets_defaut import installer_sujets
from territoire.ui.collation import CleFrancaise

from .. import queries
from ..actions import besoin_depuis_demande
from ..forms import DepotInnovationForm, OffreForm
from ..models import Competence, DetenteurCompetences
from ..sections import SUJET_INNOVATION

PAR_PAGE = 30


def _sujet_innovation() -> Sujet:
    sujet = Sujet.objects.filter(code=SUJET_INNOVATION).first()
    if sujet is None:
        installer_sujets(Sujet)
        sujet = Sujet.objects.get(code=SUJET_INNOVATION)
    return sujet


@vue_territoire()
def accueil(request):
    territoire = request.territoire
    qs = queries.detenteurs_visibles(request.user, territoire)
    q = (request.GET.get("q") or "").strip()[:100]
    type_ = request.GET.get("type", "")
    if type_ not in DetenteurCompetences.Type.values:
        type_ = ""
    competence = Competence.objects.filter(code=request.GET.get("competence", ""), actif=True).first()
    trouves = queries.chercher_detenteurs(qs, q, type_, competence,
                                          publics_seulement=not queries.voit_tout_des_detenteurs(request.user, territoire))
    total = trouves.count()
    try:
        page = max(1, int(request.GET.get("page", "1")))
    except ValueError:
        page = 1
    detenteurs = list(
        trouves.order_by(CleFrancaise("organisation__nom"), "pk").prefetch_related(*queries.offres_prefetch(request.user, territoire))
        [(page - 1) * PAR_PAGE: page * PAR_PAGE]
    )
    competences = Competence.objects.filter(actif=True, detentions__detenteur__organisation__territoires=territoire).distinct().order_by("libelle")
    return render(request, "innovation/accueil.html", {
        "territoire": territoire, "detenteurs": detenteurs, "total": total, "q": q, "type": type_,
        "competence": competence, "types": DetenteurCompetences.Type.choices, "competences": competences,
        "page": page, "pages": max(1, (total + PAR_PAGE - 1) // PAR_PAGE),
        "membre": a_un_role(request.user, territoire, "equipe", "pilotage", "partenaire", "entreprise"),
        "est_equipe": a_un_role(request.user, territoire, "equipe"),
        "fil": [("Innover avec le territoire", None)],
    })


@vue_territoire()
def detenteur(request, pk: int):
    territoire = request.territoire
    d = get_object_or_404(
        queries.detenteurs_visibles(request.user, territoire).select_related("structure_parente__organisation")
        .prefetch_related(*queries.offres_prefetch(request.user, territoire), "tutelles__organisation"),
        pk=pk,
    )
    membre = queries.voit_tout_des_detenteurs(request.user, territoire)
    return render(request, "innovation/detenteur.html", {
        "territoire": territoire, "d": d, "membre": membre, "est_equipe": a_un_role(request.user, territoire, "equipe"),
        "structures_filles": list(d.structures_filles.filter(**({} if membre else {"public": True}))
                                  .select_related("organisation").order_by("organisation__nom")),
        "competences_vocabulaire": Competence.objects.filter(actif=True).order_by("libelle") if a_un_role(request.user, territoire, "equipe") else [],
        "natures_offre": OffreForm.base_fields["nature"].choices,
        "fil": [("Innover avec le territoire", f"/{territoire.slug}/innovation/"), (d.nom, None)],
    })


def _ip(request) -> str:
    return request.META.get("REMOTE_ADDR", "")


@vue_territoire()
def deposer(request):
    """The desk's public form with the subject « Innover »: same honeypot, rate limit and consent;
    the request goes to the desk (routed like any other) and opens a confidential innovation need."""
    territoire = request.territoire
    sujet = _sujet_innovation()
    form = DepotInnovationForm(request.POST or None, territoire=territoire, sujet=sujet)
    statut = 200
    if request.method == "POST":
        if form.est_un_robot():
            return redirect("guichet:merci", territoire=territoire.slug)
        if guichet.depots_recents(_ip(request)) >= settings.GUICHET_DEPOTS_PAR_HEURE:
            form.is_valid()
            form.add_error(None, "Trop de demandes envoyées depuis votre connexion en une heure. "
                                 "Réessayez plus tard : ce que vous avez saisi est conservé ci-dessous.")
            statut = 429
        elif form.is_valid():
            d = form.cleaned_data
            demande = guichet.deposer_demande(
                territoire, sujet=sujet, description=d["description"], nom_entreprise=d["entreprise"],
                etablissement=form.etablissement, commune=d["commune"], origine=Demande.Origine.FORMULAIRE,
                contact={k: d[k] for k in ("prenom", "nom", "fonction", "email", "telephone", "consentement")},
                ip=_ip(request),
            )
            besoin_depuis_demande(demande)
            return redirect("guichet:merci", territoire=territoire.slug)
        else:
            statut = 400
    return render(request, "innovation/deposer.html", {
        "territoire": territoire, "form": form,
        "fil": [("Innover avec le territoire", f"/{territoire.slug}/innovation/"), ("Nous écrire", None)],
    }, status=statut)


def exiger(condition: bool) -> None:
    if not condition:
        raise Http404("Page introuvable.")
