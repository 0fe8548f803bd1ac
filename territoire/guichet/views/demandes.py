"""Requests: the desk queue, filing (the team, a firm's account, the public form), a
request's page (routing, inline status change, aids, the pending link of an anonymous
filing), satisfaction, exports."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from territoire.comptes.acces import a_un_role
from territoire.comptes.vues import vue_territoire
from territoire.exploitation.pages_en_cache import formulaire_public
from territoire.historique.actions import historique_de
from territoire.reseau import exports
from territoire.reseau.models import Organisation
from territoire.reseau.queries import organisations_du_compte
from territoire.ui.collation import CleFrancaise
from territoire.ui.listes import Colonne, Liste, repondre

from .. import actions, mesures
from ..forms import (
    AideForm,
    DemandeCompteForm,
    DepotPublicForm,
    FiltresDemandes,
    IssueAideForm,
    OrientationForm,
    SatisfactionForm,
    StatutForm,
)
from ..models import AideProposee, Demande, Orientation
from ..queries import dispositifs_eligibles, limite_de_depot
from ..sections import sections_de_demande
from ._commun import INTERNES, MEMBRES, limite_depots_par_heure, peut_traiter, url

COLONNES = [
    Colonne("numero", "N°", tri=("pk",), nombre=True),
    Colonne("deposee", "Déposée", tri=("deposee_le", "pk"), aide="âge en jours"),
    Colonne("entreprise", "Entreprise", tri=(CleFrancaise("organisation__nom"), "pk")),
    Colonne("sujet", "Sujet", tri=("sujet__ordre", "sujet__libelle", "pk")),
    Colonne("commune", "Commune", tri=(CleFrancaise("commune__nom"), "pk")),
    Colonne("", "Partenaires"),
    Colonne("statut", "Statut", tri=("statut", "-deposee_le", "pk")),
]


def _demandes(request):
    return Demande.objects.for_user(request.user, request.territoire)


def _organisations(request):
    return organisations_du_compte(request.user, request.territoire)


def _liste(request) -> Liste:
    territoire = request.territoire
    qs = _demandes(request).select_related("organisation", "sujet", "commune").prefetch_related(
        Prefetch("orientations", queryset=Orientation.objects.select_related("conseiller__antenne__institution"))
    )
    return Liste(request, qs, colonnes=COLONNES, filtres=FiltresDemandes, tri_defaut="-deposee",
                 noms=("demande", "demandes"), feminin=True, par_page=25,
                 filtres_kwargs={"territoire": territoire,
                                 "voit_personnes": a_un_role(request.user, territoire, "equipe", "partenaire")})


@vue_territoire(*MEMBRES)
def demandes(request):
    """The desk queue: search, filters (status, subject, partner, commune, age), the overdue
    marker, sorting and pages, all in the URL; htmx swaps only the list."""
    territoire = request.territoire
    liste = _liste(request)
    limite = limite_de_depot()
    aujourdhui = timezone.localdate()
    for d in liste.lignes:
        d.age = (aujourdhui - timezone.localdate(d.deposee_le)).days
        d.en_souffrance = not d.close and d.prise_en_charge_le is None and d.deposee_le < limite
    parametres = request.GET.copy()
    for cle in ("page", "tri"):
        parametres.pop(cle, None)
    return repondre(request, "guichet/demandes.html", {
        "territoire": territoire, "liste": liste, "fil": [("Demandes des entreprises", None)],
        "peut_deposer": a_un_role(request.user, territoire, "equipe", "entreprise"),
        "peut_exporter": a_un_role(request.user, territoire, "equipe", "pilotage"),
        "formats": exports.FORMATS, "parametres": parametres.urlencode(),
        "delai": mesures.DELAI_JOURS_OUVRES,
        "mes_organisations": (
            Organisation.objects.for_user(request.user, territoire).filter(pk__in=_organisations(request))
            if a_un_role(request.user, territoire, "entreprise") else []
        ),
    })


@vue_territoire("equipe", "entreprise")
def demande_nouvelle(request):
    territoire = request.territoire
    if a_un_role(request.user, territoire, "equipe"):
        organisations = Organisation.objects.du_territoire(territoire).entreprises().order_by(CleFrancaise("nom"), "pk")
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
        return redirect(url("demande", territoire, pk=demande.pk))
    return render(request, "guichet/demande_nouvelle.html", {
        "territoire": territoire, "form": form,
        "fil": [("Demandes des entreprises", url("demandes", territoire)), ("Déposer une demande", None)],
    }, status=400 if form.is_bound and form.errors else 200)


def _ip(request) -> str:
    return request.META.get("REMOTE_ADDR", "")


@formulaire_public  # its GET kept for anonymous visitors, each served with their own CSRF token
@vue_territoire()
def deposer(request):
    """The public form. Honeypot: a robot's request is thanked and dropped. Rate limit per IP.

    A stranger's filing never lands on an existing firm (see actions.deposer_demande)."""
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


def _contexte_statut(request, d) -> dict:
    traiter = peut_traiter(request.user, request.territoire, d)
    return {"demande": d, "traiter": traiter,
            "form_statut": StatutForm(demande=d) if traiter and d.statuts_suivants() else None}


@vue_territoire(*MEMBRES)
def demande(request, pk: int):
    territoire = request.territoire
    d = get_object_or_404(
        _demandes(request).select_related("organisation__doublon_probable", "sujet", "commune", "contact"), pk=pk
    )
    equipe = a_un_role(request.user, territoire, "equipe")
    interne = a_un_role(request.user, territoire, *INTERNES)
    contexte = _contexte_statut(request, d)
    traiter = contexte["traiter"]
    proposes = actions.proposer_conseillers(d) if equipe and not d.close else []
    eligibles = dispositifs_eligibles(d) if interne else []
    contexte.update({
        "territoire": territoire, "equipe": equipe, "interne": interne,
        "orientations": d.orientations.select_related("conseiller__antenne__institution"),
        "etapes": actions.etapes_de(d),
        "aides": list(d.aides.select_related("dispositif")),
        "proposes": proposes,
        "form_orientation": OrientationForm(demande=d, proposes=proposes) if equipe and not d.close else None,
        "eligibles": eligibles,
        "form_aide": AideForm(territoire=territoire, eligibles=eligibles) if traiter else None,
        "historique": historique_de(d)[:30] if interne else [],
        "rattachement": actions.rattachement_a_confirmer(d) if equipe else None,
        "sections": sections_de_demande(request, d) if interne else [],
        "lien_satisfaction": (
            actions.lien_satisfaction(d)
            if d.close and d.satisfaction is None and d.organisation_id in _organisations(request) else ""
        ),
        "voir_contact": a_un_role(request.user, territoire, "equipe", "partenaire", "entreprise"),
        "age": (timezone.localdate() - timezone.localdate(d.deposee_le)).days,
        "en_souffrance": not d.close and d.prise_en_charge_le is None and d.deposee_le < limite_de_depot(),
        "fil": [("Demandes des entreprises", url("demandes", territoire)), (f"Demande n° {d.pk}", None)],
    })
    for aide in contexte["aides"]:
        aide.form = IssueAideForm(instance=aide, prefix=f"a{aide.pk}") if traiter else None
    return render(request, "guichet/demande.html", contexte)


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
    return redirect(url("demande", territoire, pk=d.pk))


@require_POST
@vue_territoire("equipe", "partenaire")
def changer_statut(request, pk: int):
    """A status change; with htmx, only the status block comes back (no reload)."""
    territoire = request.territoire
    d = _demande_traitee(request, pk)
    form = StatutForm(request.POST, demande=d)
    ok = form.is_valid()
    if ok:
        try:
            actions.changer_statut(d, form.cleaned_data["vers"], par=request.user, note=form.cleaned_data["note"],
                                   base_url=request.build_absolute_uri("/"))
        except ValidationError as exc:
            ok = False
            form.add_error("vers", exc.messages)
    if getattr(request, "htmx", None):
        contexte = {"territoire": territoire, **_contexte_statut(request, d), "enregistre": ok}
        if not ok:
            contexte["form_statut"] = form
        return render(request, "guichet/demande.html#statut", contexte, status=200 if ok else 400)
    if ok:
        messages.success(request, f"Statut : {d.get_statut_display()}.")
    else:
        messages.error(request, "Ce changement de statut n'est pas possible depuis le statut actuel.")
    return redirect(url("demande", territoire, pk=d.pk))


@require_POST
@vue_territoire("equipe")
def confirmer_rattachement(request, pk: int):
    territoire = request.territoire
    d = get_object_or_404(_demandes(request), pk=pk)
    try:
        existante = actions.confirmer_rattachement(d, par=request.user)
        messages.success(request, f"Rattachement confirmé : la demande est celle de « {existante.nom} ».")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(url("demande", territoire, pk=d.pk))


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
    return redirect(url("demande", territoire, pk=d.pk))


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
    return redirect(url("demande", territoire, pk=aide.demande_id))


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


ENTETES_DEMANDES = ["Numéro", "Déposée le", "Entreprise", "SIRET", "Commune", "Sujet", "Description", "Origine",
                    "Statut", "Orientée le", "Prise en charge le", "Clôturée le", "Partenaires", "Satisfaction"]


@vue_territoire("equipe", "pilotage")
def demandes_export(request, format: str):
    """The queue's selection (same filters, same sort) as CSV, XLSX or GeoJSON."""
    if format not in exports.FORMATS:
        raise Http404("Format inconnu : csv, xlsx ou geojson.")
    liste = list(_liste(request).tries)
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
