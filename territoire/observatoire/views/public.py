"""Public pages of the observatory: the series since 2019, the "actualité industrielle", its
Atom feed, one event. The team's version of the actualité adds the proposed events."""

from __future__ import annotations

import datetime as dt

from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import mark_safe

from territoire.comptes.acces import a_un_role
from territoire.comptes.vues import vue_territoire

from .. import centres, evenements, series, visites
from ..cache import cle_des_chiffres
from ..forms import FiltresEvenementsForm
from ..graphique import courbe_emplois
from ..models import Evenement, ImportHistorique

PAR_PAGE = 25
MAX_FLUX = 50


def _mois_compares(points: list[dict]) -> list[dt.date]:
    """January 2019, the same month a year before the latest point, the latest point."""
    if not points:
        return []
    dernier = points[-1]["mois"]
    un_an = dernier.replace(year=dernier.year - 1)
    return list(dict.fromkeys(m for m in (series.MOIS_DEPART, un_an, dernier) if any(p["mois"] == m for p in points)))


def _visibles(request):
    """Events the person may read: the team sees all but the dismissed; steering and partners
    the confirmed ones; the public and firms the confirmed public ones."""
    territoire = request.territoire
    if a_un_role(request.user, territoire, "equipe"):
        return evenements.pour_equipe(territoire)
    if a_un_role(request.user, territoire, "pilotage", "partenaire"):
        return Evenement.objects.filter(territoire=territoire, statut=Evenement.Statut.CONFIRME)
    return evenements.publies(territoire)


def tuiles(s: dict, premier: dict | None, dernier: dict | None, part: float | None) -> list[dict]:
    """The key-figure tiles of the series page."""
    if not dernier:
        return []
    phrase = s["phrase_reconstitution"] or s["phrase_releve"]

    def emplois(p: dict) -> dict:
        return {"valeur": p["emplois"]["central"], "unite": "emplois",
                "detail": f"de {p['emplois']['bas']:,} à {p['emplois']['haut']:,} (bas et haut)".replace(",", "\u202f")}

    resultat = [
        {"libelle": f"Emplois industriels, {date_format(dernier['mois'], 'F Y')}", **emplois(dernier), "definition": phrase},
        {"libelle": f"Emplois industriels, {date_format(premier['mois'], 'F Y')}", **emplois(premier), "definition": phrase},
        {"libelle": "Établissements industriels suivis", "valeur": dernier["etablissements"], "unite": "",
         "detail": f"contre {premier['etablissements']} en {date_format(premier['mois'], 'F Y')}", "definition": ""},
    ]
    if part is not None:
        resultat.append({
            "libelle": "Emplois dont le centre de décision est hors du territoire", "valeur": round(part * 100),
            "unite": "%", "detail": "",
            "definition": "Part de l'estimation centrale des emplois industriels dont l'unité légale a son siège "
                          "hors du territoire (SIRENE, ou saisi par l'équipe avec sa source).",
        })
    return resultat


DUREE_CACHE = 24 * 3600


def _niveau(request) -> str:
    territoire = request.territoire
    if a_un_role(request.user, territoire, "equipe"):
        return "equipe"
    if a_un_role(request.user, territoire, "pilotage"):
        return "pilotage"
    if a_un_role(request.user, territoire, "partenaire"):
        return "interne"
    return "public"


def _corps_series(request) -> str:
    """The series page's body (tiles, chart, tables), rendered once per version of the data and
    per kind of reader: kept in the cache under the key figures' data version (ADR 0004), so
    that the page costs a handful of queries until the next import or edit."""
    territoire = request.territoire
    niveau = _niveau(request)
    cle = cle_des_chiffres(territoire)
    cle_cache = f"{cle}:observatoire-series:{niveau}" if cle else None
    html = cache.get(cle_cache) if cle_cache else None
    if html is not None:
        return html
    s = series.series_du_territoire(territoire)
    principale = s["reconstitution"] or s["releve"]
    source = series.RECONSTITUTION if s["reconstitution"] else series.RELEVE
    sur_la_courbe = list(
        _visibles(request).filter(statut=Evenement.Statut.CONFIRME, date__gte=series.MOIS_DEPART)
        .select_related("organisation").order_by("date", "pk")
    )
    mois = _mois_compares(principale)
    interne = niveau in ("equipe", "pilotage")
    part = centres.part_exterieure(territoire)
    html = render_to_string("observatoire/_series_corps.html", {
        "territoire": territoire, "s": s, "principale": principale, "source": source,
        "courbe": courbe_emplois(s, sur_la_courbe), "mois": mois,
        "phrase": s["phrase_reconstitution"] if source == series.RECONSTITUTION else s["phrase_releve"],
        "par_filiere": series.comparaison(series.par_dimension(territoire, source, "filiere", mois), mois) if mois else [],
        "par_zone": series.comparaison(series.par_dimension(territoire, source, "zone", mois), mois) if mois else [],
        "centres": part,
        "categories": centres.par_categorie(territoire),
        "tuiles": tuiles(s, principale[0] if principale else None, principale[-1] if principale else None, part["total"]),
        "agregats": visites.agregats(territoire) if interne else None,
        # The demo's history is drawn at random, like its establishments: say so on the series.
        "historique_fictif": source == series.RECONSTITUTION and bool(
            ImportHistorique.objects.filter(territoire=territoire, statut=ImportHistorique.Statut.REUSSI)
            .order_by("-pk").values_list("fictif", flat=True).first()
        ),
    })
    if cle_cache:
        cache.set(cle_cache, html, DUREE_CACHE)
    return html


@vue_territoire()
def accueil(request):
    """The series page: the industrial jobs curve since 2019 with its events and tables."""
    territoire = request.territoire
    return render(request, "observatoire/accueil.html", {
        "territoire": territoire, "fil": [("Observatoire", None)], "corps": mark_safe(_corps_series(request)),
        "interne": a_un_role(request.user, territoire, "equipe", "pilotage"),
        "equipe": a_un_role(request.user, territoire, "equipe"),
    })


@vue_territoire()
def actualite(request):
    territoire = request.territoire
    filtres = FiltresEvenementsForm(request.GET or None, territoire=territoire)
    qs = evenements.filtrer(_visibles(request), **filtres.filtres()).select_related("organisation", "zone", "filiere")
    page = Paginator(qs.order_by("-date", "-pk"), PAR_PAGE).get_page(request.GET.get("page"))
    parametres = request.GET.copy()
    parametres.pop("page", None)
    equipe = a_un_role(request.user, territoire, "equipe")
    return render(request, "observatoire/actualite.html", {
        "territoire": territoire, "fil": [("Observatoire", reverse("observatoire:accueil", kwargs={"territoire": territoire.slug})),
                                          ("Actualité industrielle", None)],
        "filtres": filtres, "page": page, "total": page.paginator.count, "parametres": parametres.urlencode(),
        "equipe": equipe,
        "proposes": evenements.pour_equipe(territoire).filter(statut=Evenement.Statut.PROPOSE).count() if equipe else 0,
    })


@vue_territoire()
def flux(request):
    """Atom feed of the confirmed public events (filters as on the page)."""
    territoire = request.territoire
    filtres = FiltresEvenementsForm(request.GET or None, territoire=territoire)
    liste = list(
        evenements.filtrer(evenements.publies(territoire), **filtres.filtres()).select_related("organisation")
        .order_by("-date", "-pk")[:MAX_FLUX]
    )
    maj = max((e.decide_le or e.cree_le for e in liste), default=timezone.now())
    corps = render_to_string("observatoire/actualite.atom", {
        "territoire": territoire, "evenements": liste, "maj": maj,
        "adresse": request.build_absolute_uri(request.get_full_path()),
        "page": request.build_absolute_uri(reverse("observatoire:actualite", kwargs={"territoire": territoire.slug})),
        "racine": request.build_absolute_uri("/"),
    })
    return HttpResponse(corps, content_type="application/atom+xml; charset=utf-8")


@vue_territoire()
def evenement(request, pk: int):
    territoire = request.territoire
    e = get_object_or_404(_visibles(request).select_related("organisation", "zone", "filiere", "etablissement"), pk=pk)
    equipe = a_un_role(request.user, territoire, "equipe")
    fiches = e.fiches.all() if equipe else e.fiches.filter(publie=True)
    if e.statut == Evenement.Statut.ECARTE and not equipe:
        raise Http404
    return render(request, "observatoire/evenement.html", {
        "territoire": territoire, "e": e, "equipe": equipe, "fiches": fiches,
        "demandes": e.demandes.select_related("sujet") if equipe else [],
        "fil": [("Observatoire", reverse("observatoire:accueil", kwargs={"territoire": territoire.slug})),
                ("Actualité industrielle", reverse("observatoire:actualite", kwargs={"territoire": territoire.slug})),
                (e.titre, None)],
    })
