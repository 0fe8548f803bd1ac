"""Pages of the desk: requests (list, filing, public form, routing, lifecycle), directory,
measures, aid catalogue, exports."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from territoire.comptes.acces import a_un_role
from territoire.comptes.vues import vue_territoire
from territoire.reseau import exports
from territoire.reseau.actions import historique_de
from territoire.reseau.models import Organisation

from . import actions, mesures
from .forms import (
    AideForm,
    DemandeCompteForm,
    DepotPublicForm,
    IssueAideForm,
    OrientationForm,
    SatisfactionForm,
    StatutForm,
)
from .models import AideProposee, Demande, Dispositif, Institution, Orientation, Sujet
from .queries import dispositifs_eligibles, trous_de_couverture

INTERNES = ("equipe", "pilotage", "partenaire")
MEMBRES = (*INTERNES, "entreprise")
PAR_PAGE = 50


def limite_depots_par_heure() -> int:
    return settings.GUICHET_DEPOTS_PAR_HEURE


def _demandes(request):
    return Demande.objects.for_user(request.user, request.territoire)


def peut_traiter(user, territoire, demande) -> bool:
    """The team, or a partner of a branch the request was routed to."""
    if a_un_role(user, territoire, "equipe"):
        return True
    return a_un_role(user, territoire, "partenaire") and Demande.objects.for_user(user, territoire).filter(pk=demande.pk).exists()


@vue_territoire(*MEMBRES)
def demandes(request):
    territoire = request.territoire
    qs = _demandes(request).select_related("organisation", "sujet", "commune").prefetch_related(
        Prefetch("orientations", queryset=Orientation.objects.select_related("conseiller__antenne__institution"))
    )
    statut = request.GET.get("statut", "")
    if statut in Demande.Statut.values:
        qs = qs.filter(statut=statut)
    page = Paginator(qs, PAR_PAGE).get_page(request.GET.get("page"))
    return render(request, "guichet/demandes.html", {
        "territoire": territoire, "page": page, "statuts": Demande.Statut.choices, "statut": statut,
        "parametres": f"statut={statut}" if statut else "", "total": page.paginator.count,
        "peut_deposer": a_un_role(request.user, territoire, "equipe", "entreprise"),
        "peut_exporter": a_un_role(request.user, territoire, "equipe", "pilotage"),
        "formats": ("csv", "xlsx", "geojson"),
        "mes_organisations": (
            Organisation.objects.for_user(request.user, territoire).filter(pk__in=_organisations(request))
            if a_un_role(request.user, territoire, "entreprise") else []
        ),
    })


@vue_territoire("equipe", "entreprise")
def demande_nouvelle(request):
    territoire = request.territoire
    if a_un_role(request.user, territoire, "equipe"):
        organisations = Organisation.objects.du_territoire(territoire).entreprises()
        origine = Demande.Origine.EQUIPE
    else:
        organisations = Organisation.objects.for_user(request.user, territoire)
        origine = Demande.Origine.COMPTE
    form = DemandeCompteForm(request.POST or None, organisations=organisations, territoire=territoire)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        demande = actions.deposer_demande(
            territoire, sujet=d["sujet"], description=d["description"], organisation=d["organisation"],
            commune=d["commune"], origine=origine, par=request.user,
        )
        messages.success(request, f"Demande n° {demande.pk} enregistrée.")
        return redirect("guichet:demande", territoire=territoire.slug, pk=demande.pk)
    return render(request, "guichet/demande_nouvelle.html", {"territoire": territoire, "form": form})


def _ip(request) -> str:
    return request.META.get("REMOTE_ADDR", "")


@vue_territoire()
def deposer(request):
    """The public form. Honeypot: a robot's request is thanked and dropped. Rate limit per IP."""
    territoire = request.territoire
    form = DepotPublicForm(request.POST or None, territoire=territoire)
    statut = 200
    if request.method == "POST":
        if form.est_un_robot():
            return redirect("guichet:merci", territoire=territoire.slug)
        if actions.depots_recents(_ip(request)) >= limite_depots_par_heure():
            form.is_valid()
            form.add_error(None, "Trop de demandes envoyées depuis votre connexion en une heure. "
                                 "Réessayez plus tard : ce que vous avez saisi est conservé ci-dessous.")
            statut = 429
        elif form.is_valid():
            d = form.cleaned_data
            actions.deposer_demande(
                territoire, sujet=d["sujet"], description=d["description"], nom_entreprise=d["entreprise"],
                etablissement=form.etablissement, commune=d["commune"], origine=Demande.Origine.FORMULAIRE,
                contact={k: d[k] for k in ("prenom", "nom", "fonction", "email", "telephone", "consentement")},
                ip=_ip(request),
            )
            return redirect("guichet:merci", territoire=territoire.slug)
        else:
            statut = 400
    return render(request, "guichet/deposer.html", {"territoire": territoire, "form": form}, status=statut)


@vue_territoire()
def merci(request):
    return render(request, "guichet/merci.html", {"territoire": request.territoire})


@vue_territoire(*MEMBRES)
def demande(request, pk: int):
    territoire = request.territoire
    d = get_object_or_404(_demandes(request).select_related("organisation", "sujet", "commune", "contact"), pk=pk)
    traiter = peut_traiter(request.user, territoire, d)
    equipe = a_un_role(request.user, territoire, "equipe")
    interne = a_un_role(request.user, territoire, *INTERNES)
    proposes = actions.proposer_conseillers(d) if equipe and not d.close else []
    eligibles = dispositifs_eligibles(d) if interne else []
    contexte = {
        "territoire": territoire, "demande": d, "traiter": traiter, "equipe": equipe, "interne": interne,
        "orientations": d.orientations.select_related("conseiller__antenne__institution"),
        "transitions": d.transitions.select_related("par"),
        "aides": d.aides.select_related("dispositif"),
        "proposes": proposes,
        "form_orientation": OrientationForm(demande=d, proposes=proposes) if equipe and not d.close else None,
        "form_statut": StatutForm(demande=d) if traiter and d.statuts_suivants() else None,
        "eligibles": eligibles,
        "form_aide": AideForm(territoire=territoire, eligibles=eligibles) if traiter else None,
        "historique": historique_de(d)[:30] if interne else [],
        "lien_satisfaction": (
            actions.lien_satisfaction(d)
            if d.close and d.satisfaction is None and d.organisation_id in _organisations(request) else ""
        ),
        "voir_contact": a_un_role(request.user, territoire, "equipe", "partenaire", "entreprise"),
    }
    for aide in contexte["aides"]:
        aide.form = IssueAideForm(instance=aide, prefix=f"a{aide.pk}") if traiter else None
    return render(request, "guichet/demande.html", contexte)


def _organisations(request):
    from territoire.reseau.queries import organisations_du_compte

    return organisations_du_compte(request.user, request.territoire)


def _demande_traitee(request, pk):
    d = get_object_or_404(_demandes(request), pk=pk)
    if not peut_traiter(request.user, request.territoire, d):
        raise PermissionDenied("Seuls l'équipe et les conseillers de l'antenne saisie traitent cette demande.")
    return d


@require_POST
@vue_territoire("equipe")
def orienter(request, pk: int):
    territoire = request.territoire
    d = get_object_or_404(_demandes(request), pk=pk)
    form = OrientationForm(request.POST, demande=d, proposes=[])
    if form.is_valid():
        try:
            actions.orienter_demande(d, form.cleaned_data["conseillers"], par=request.user)
            messages.success(request, "Demande orientée ; les conseillers sont prévenus par courriel.")
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        messages.error(request, " ".join(form.errors["conseillers"]))
    return redirect("guichet:demande", territoire=territoire.slug, pk=d.pk)


@require_POST
@vue_territoire("equipe", "partenaire")
def changer_statut(request, pk: int):
    territoire = request.territoire
    d = _demande_traitee(request, pk)
    form = StatutForm(request.POST, demande=d)
    if form.is_valid():
        actions.changer_statut(d, form.cleaned_data["vers"], par=request.user, note=form.cleaned_data["note"],
                               base_url=request.build_absolute_uri("/"))
        messages.success(request, f"Statut : {d.get_statut_display()}.")
    else:
        messages.error(request, "Ce changement de statut n'est pas possible depuis le statut actuel.")
    return redirect("guichet:demande", territoire=territoire.slug, pk=d.pk)


@require_POST
@vue_territoire("equipe", "partenaire")
def aide_proposer(request, pk: int):
    territoire = request.territoire
    d = _demande_traitee(request, pk)
    form = AideForm(request.POST, territoire=territoire)
    if form.is_valid():
        actions.proposer_aide(d, form.cleaned_data["dispositif"], par=request.user)
        messages.success(request, "Aide proposée.")
    else:
        messages.error(request, "Choisissez un dispositif du catalogue.")
    return redirect("guichet:demande", territoire=territoire.slug, pk=d.pk)


@require_POST
@vue_territoire("equipe", "partenaire")
def aide_issue(request, pk: int):
    territoire = request.territoire
    aide = get_object_or_404(AideProposee.objects.select_related("demande", "dispositif"), pk=pk,
                             demande__territoire=territoire)
    _demande_traitee(request, aide.demande_id)
    form = IssueAideForm(request.POST, instance=AideProposee.objects.get(pk=aide.pk), prefix=f"a{aide.pk}")
    if form.is_valid():
        actions.noter_issue_aide(aide, form.cleaned_data["issue"], form.cleaned_data["montant"], par=request.user)
        messages.success(request, "Issue de l'aide enregistrée.")
    else:
        messages.error(request, "Issue non enregistrée : " + " ".join(e for errs in form.errors.values() for e in errs))
    return redirect("guichet:demande", territoire=territoire.slug, pk=aide.demande_id)


@vue_territoire()
def satisfaction(request, jeton: str):
    territoire = request.territoire
    pk = actions.demande_du_jeton(jeton)
    if pk is None:
        raise Http404("Lien de satisfaction invalide ou expiré.")
    d = get_object_or_404(Demande.objects.select_related("sujet"), pk=pk, territoire=territoire)
    form = SatisfactionForm(request.POST or None)
    if d.satisfaction is None and request.method == "POST" and form.is_valid():
        actions.repondre_satisfaction(d, form.cleaned_data["note"], form.cleaned_data["commentaire"],
                                      par=request.user if request.user.is_authenticated else None)
        messages.success(request, "Merci pour votre réponse.")
        return redirect("guichet:satisfaction", territoire=territoire.slug, jeton=jeton)
    return render(request, "guichet/satisfaction.html", {"territoire": territoire, "demande": d, "form": form})


@vue_territoire(*INTERNES)
def annuaire(request):
    territoire = request.territoire
    from .models import Antenne, Conseiller

    institutions = Institution.objects.filter(territoire=territoire).prefetch_related(
        Prefetch("antennes", queryset=Antenne.objects.prefetch_related(
            Prefetch("conseillers", queryset=Conseiller.objects.prefetch_related("sujets", "communes"))
        ))
    )
    trous = trous_de_couverture(territoire)
    return render(request, "guichet/annuaire.html", {
        "territoire": territoire, "institutions": institutions, "trous": trous,
        "nb_communes": territoire.communes.count(), "nb_trous": sum(len(c) for _, c in trous),
    })


@vue_territoire(*INTERNES)
def tableau_mesures(request):
    territoire = request.territoire
    m = mesures.mesurer(Demande.objects.for_user(request.user, territoire))
    return render(request, "guichet/mesures.html", {
        "territoire": territoire, "total": m["total"], "par_partenaire": m["par_partenaire"],
        "par_sujet": m["par_sujet"], "delai": mesures.DELAI_JOURS_OUVRES,
        "graphique": _barres(m["par_partenaire"]),
    })


def _barres(lignes) -> dict:
    """Horizontal bars (share within 5 working days, by partner) as SVG coordinates."""
    hauteur_barre, marge_gauche, largeur = 26, 230, 320
    barres = []
    for i, m in enumerate(lignes):
        p = m.pourcentage_5_jours
        barres.append({"y": i * hauteur_barre, "libelle": m.libelle[:34], "valeur": p,
                       "largeur": round(largeur * (p or 0) / 100), "y_texte": i * hauteur_barre + 17})
    return {"barres": barres, "hauteur": max(1, len(barres)) * hauteur_barre, "marge": marge_gauche,
            "largeur": largeur, "total": marge_gauche + largeur + 50}


@vue_territoire()
def dispositifs(request):
    territoire = request.territoire
    qs = Dispositif.objects.filter(Q(territoires=territoire) | Q(territoires__isnull=True)).distinct().select_related(
        "financeur"
    ).prefetch_related("sujets")
    sujet = request.GET.get("sujet", "")
    if sujet:
        qs = qs.filter(sujets__code=sujet)
    return render(request, "guichet/dispositifs.html", {
        "territoire": territoire, "dispositifs": qs, "sujets": Sujet.objects.all(), "sujet": sujet,
    })


ENTETES_DEMANDES = ["Numéro", "Déposée le", "Entreprise", "SIRET", "Commune", "Sujet", "Description", "Origine",
                    "Statut", "Orientée le", "Prise en charge le", "Clôturée le", "Partenaires", "Satisfaction"]


@vue_territoire("equipe", "pilotage")
def demandes_export(request, format: str):
    if format not in exports.FORMATS:
        raise Http404("Format inconnu : csv, xlsx ou geojson.")
    qs = _demandes(request).select_related("organisation", "sujet", "commune").prefetch_related(
        Prefetch("orientations", queryset=Orientation.objects.select_related("conseiller__antenne__institution"))
    ).order_by("deposee_le", "pk")
    liste = list(qs)
    lignes = [
        [d.pk, d.deposee_le, d.organisation.nom, d.organisation.siret, d.commune.nom if d.commune_id else "",
         d.sujet.libelle, d.description, d.get_origine_display(), d.get_statut_display(), d.orientee_le,
         d.prise_en_charge_le, d.cloturee_le,
         ", ".join(sorted({o.conseiller.antenne.institution.nom for o in d.orientations.all()})), d.satisfaction]
        for d in liste
    ]
    positions = [(d.commune.longitude, d.commune.latitude) if d.commune_id and d.commune.latitude is not None else None
                 for d in liste]
    return exports.reponse(format, "demandes", ENTETES_DEMANDES, lignes, positions)
