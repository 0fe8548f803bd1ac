"""Public pages: "Se former et travailler dans l'industrie du territoire", trainings, offers, Campus, Atom."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils import timezone

from territoire.comptes.acces import a_un_role
from territoire.comptes.vues import vue_territoire

from ..forms import FiltresFormationsForm
from ..models import ActionFormation, Campus, Formation, MetierRome, OffreEmploi, SessionFormation
from ..potentiel import potentiel

PAR_PAGE = 25


def _formations_filtrees(request):
    territoire = request.territoire
    filtres = FiltresFormationsForm(request.GET or None, territoire=territoire)
    qs = filtres.filtrer(Formation.objects.for_user(request.user, territoire).actives())
    return filtres, qs


@vue_territoire()
def accueil(request):
    territoire = request.territoire
    formations = Formation.objects.du_territoire(territoire).actives()
    offres = OffreEmploi.objects.du_territoire(territoire).ouvertes()
    return render(request, "recrutement/accueil.html", {
        "territoire": territoire, "filtres": FiltresFormationsForm(territoire=territoire),
        "n_formations": formations.count(), "n_industrielles": formations.industrielles().count(),
        "offres": list(offres.select_related("commune")[:10]), "n_offres": offres.count(),
        "campus": Campus.objects.filter(territoire=territoire).first(),
    })


@vue_territoire()
def formations(request):
    filtres, qs = _formations_filtrees(request)
    page = Paginator(qs.select_related("filiere").prefetch_related("actions").order_by("intitule", "pk"),
                     PAR_PAGE).get_page(request.GET.get("page"))
    parametres = request.GET.copy()
    parametres.pop("page", None)
    return render(request, "recrutement/formations.html", {
        "territoire": request.territoire, "filtres": filtres, "page": page, "total": page.paginator.count,
        "parametres": parametres.urlencode(),
    })


@vue_territoire()
def formation(request, pk: int):
    territoire = request.territoire
    sessions = SessionFormation.objects.order_by("debut", "pk")
    f = get_object_or_404(
        Formation.objects.for_user(request.user, territoire).select_related("filiere", "organisme")
        .prefetch_related(Prefetch("actions", queryset=ActionFormation.objects.select_related("commune")
                                   .prefetch_related(Prefetch("sessions", queryset=sessions)))),
        pk=pk,
    )
    codes = f.liste("romes")
    return render(request, "recrutement/formation.html", {
        "territoire": territoire, "formation": f, "est_equipe": a_un_role(request.user, territoire, "equipe"),
        "metiers": list(MetierRome.objects.filter(code__in=codes)), "codes": codes,
        "aujourdhui": timezone.localdate(),
        "deduits": list(f.codes_rome.filter(deduit=True).values_list("rome", flat=True)),
    })


@vue_territoire()
def offres(request):
    territoire = request.territoire
    qs = OffreEmploi.objects.for_user(request.user, territoire).ouvertes().select_related("commune")
    rome = (request.GET.get("rome") or "").strip().upper()[:5]
    if rome:
        qs = qs.filter(rome=rome)
    page = Paginator(qs.order_by("-date_creation", "pk"), PAR_PAGE).get_page(request.GET.get("page"))
    tension = dict(MetierRome.objects.filter(code__in={o.rome for o in page}, tension_pct__isnull=False)
                   .values_list("code", "tension_pct"))
    return render(request, "recrutement/offres.html", {
        "territoire": territoire, "page": page, "total": page.paginator.count, "rome": rome, "tension": tension,
        "est_equipe": a_un_role(request.user, territoire, "equipe"),
    })


@vue_territoire()
def offres_atom(request):
    territoire = request.territoire
    offres = list(OffreEmploi.objects.du_territoire(territoire).ouvertes().select_related("commune")
                  .order_by("-date_creation", "-pk")[:50])
    maj = max((o.date_creation or o.creee_le for o in offres), default=timezone.now())
    corps = render_to_string("recrutement/offres.atom", {
        "territoire": territoire, "offres": offres, "maj": maj,
        "adresse": request.build_absolute_uri(request.path),
        "page": request.build_absolute_uri(f"/{territoire.slug}/recrutement/offres/"),
    })
    return HttpResponse(corps, content_type="application/atom+xml; charset=utf-8")


@vue_territoire()
def campus(request, pk: int):
    territoire = request.territoire
    c = get_object_or_404(Campus.objects.filter(territoire=territoire).select_related("fiche_action"), pk=pk)
    return render(request, "recrutement/campus.html", {
        "territoire": territoire, "campus": c,
        "membres": c.membres.select_related("organisation"),
        "formations": c.formations.filter(archivee_le__isnull=True).order_by("intitule"),
        "actions": c.actions.select_related("evenement"),
        "interne": a_un_role(request.user, territoire, "equipe", "pilotage", "partenaire"),
        "est_equipe": a_un_role(request.user, territoire, "equipe"),
    })


@vue_territoire()
def potentiel_embauche(request):
    territoire = request.territoire
    rome = (request.GET.get("rome") or "").strip().upper()[:5]
    equipe = a_un_role(request.user, territoire, "equipe", "pilotage")
    lignes = potentiel(territoire, rome, public=not equipe) if rome else []
    return render(request, "recrutement/potentiel.html", {
        "territoire": territoire, "rome": rome, "lignes": lignes, "equipe": equipe,
        "metier": MetierRome.objects.filter(code=rome).first() if rome else None,
    })
