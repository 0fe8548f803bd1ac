"""Public pages "S'implanter": the offer on a map with its table, each offer's page and one-page
sheet (PDF), and the contact form that creates a prospect (anonymous, rate-limited, with the
desk's anti-abuse rules: a honeypot whose robot is thanked and dropped, a keyed hash of the
address to count the requests of the last hour, the same hourly limit as the desk's form)."""

from __future__ import annotations

import hashlib
from datetime import timedelta

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from territoire.comptes.vues import vue_territoire
from territoire.recrutement.models import Formation

from .. import actions, offres
from ..forms import ContactForm, RechercheForm
from ..models import Local, Prospect, TerrainEconomique
from .commun import carte_geojson, fil

DESSERTES = (
    ("desserte_route_nom", None, "Desserte routière"),
    ("autoroute_nom", "autoroute_echang_dist", "Autoroute (échangeur)"),
    ("gare_nom", "gare_dist", "Gare de voyageurs"),
    ("gare_fret_nom", "gare_fret_dist", "Gare de fret"),
    ("aeroport_nom", "aeroport_dist", "Aéroport"),
    ("port_nom", "port_dist", "Port"),
)
RESEAUX = (
    ("reseau_electrique", "Électricité"), ("reseau_gaz", "Gaz"), ("reseau_eau_potable", "Eau potable"),
    ("reseau_assainissement", "Assainissement"), ("reseau_eau_pluviale", "Eau pluviale"),
    ("reseau_fibre_optique", "Fibre optique"), ("reseau_fret_ferroviaire", "Embranchement ferré (ITE)"),
    ("reseau_fluvial", "Quai fluvial"), ("desserte_tc", "Transports en commun"),
)


def empreinte_ip(ip: str) -> str:
    """A keyed hash of an address: enough to count, useless to identify anyone (the desk's rule)."""
    return hashlib.sha256(f"{settings.SECRET_KEY}:attractivite:{ip}".encode()).hexdigest()


def demandes_recentes(ip: str) -> int:
    depuis = timezone.now() - timedelta(hours=1)
    return Prospect.objects.filter(ip_empreinte=empreinte_ip(ip), cree_le__gte=depuis).count()


PAR_PAGE = 30


@vue_territoire()
def implanter(request):
    """The offer on a map (every result) with its table beside it (30 a page, like a search
    engine's results): a constant number of queries, whatever the number of offers."""
    from django.core.paginator import Paginator

    territoire = request.territoire
    form = RechercheForm(request.GET or None)
    resultats = offres.rechercher(territoire, form.filtres())
    modeles = {genre: reverse(f"attractivite:offre_{genre}", kwargs={"territoire": territoire.slug, "pk": 0})
               for genre in ("terrain", "local")}
    for r in resultats:
        # One reverse() per kind of offer, not per offer: the path differs only by its id.
        r["url"] = modeles[r["genre"]].replace("/0/", f"/{r['pk']}/")
    page = Paginator(resultats, PAR_PAGE).get_page(request.GET.get("page"))
    parametres = request.GET.copy()
    parametres.pop("page", None)
    return render(request, "attractivite/implanter.html", {
        "territoire": territoire, "form": form, "resultats": resultats, "page": page, "sans_cote": True,
        "parametres": parametres.urlencode(),
        "carte": carte_geojson([(r["genre"], r.get("terr_id") or r.get("nom"), (r["longitude"], r["latitude"]), r["url"])
                                for r in resultats]),
        "legende": [{"code": "terrain", "libelle": "Terrain"}, {"code": "local", "libelle": "Local"}],
        "fil": fil(request, ("S'implanter", None)),
    })


def _terrain_public(request, pk: int) -> TerrainEconomique:
    t = get_object_or_404(TerrainEconomique.objects.filter(site__territoire=request.territoire).publics().select_related("site"), pk=pk)
    if not offres.terrain_disponible({f: getattr(t, f) for f in ("terr_stade_comm", "terr_etat_occup")}):
        raise Http404("Ce terrain n'est plus proposé.")
    return t


def _local_public(request, pk: int) -> Local:
    return get_object_or_404(Local.objects.filter(territoire=request.territoire).publics()
                             .select_related("site", "commune", "mandataire", "proprietaire"), pk=pk)


def _fiche(request, genre: str, objet) -> dict:
    """What an offer's page and its printable sheet show: the offer, its site's access and
    networks, the territory's industry in figures and its trainings."""
    from territoire.observatoire.cache import chiffres_cles_memorises

    territoire = request.territoire
    site = objet.site
    chiffres = chiffres_cles_memorises(territoire)
    formations = list(Formation.objects.du_territoire(territoire).actives().industrielles()
                      .order_by("intitule", "pk").values_list("intitule", "organisme_nom")[:8])
    return {
        "territoire": territoire, "genre": genre, "offre": objet, "site": site,
        "dessertes": [(libelle, getattr(site, nom), getattr(site, dist) if dist else None)
                      for nom, dist, libelle in DESSERTES if site is not None and getattr(site, nom)],
        "reseaux": [(libelle, getattr(site, nom)) for nom, libelle in RESEAUX if site is not None and getattr(site, nom)],
        "chiffres": chiffres, "recrutement": chiffres.get("recrutement", {}), "formations": formations,
        "photos": list(objet.photos.all()) if genre == "local" else [],
        "sans_cote": True,
    }


@vue_territoire()
def offre_terrain(request, pk: int):
    t = _terrain_public(request, pk)
    contexte = _fiche(request, "terrain", t) | {
        "fil": fil(request, ("S'implanter", "attractivite:implanter"), (f"Terrain de {t.terr_surf_brute:g} ha", None)),
        "carte": carte_geojson([("site", t.site.site_nom, t.site.site_geomsurf, ""), ("terrain", t.terr_id, t.terr_geomsurf, "")]),
        "legende": [{"code": "site", "libelle": "Site"}, {"code": "terrain", "libelle": "Terrain proposé"}],
    }
    return render(request, "attractivite/offre.html", contexte)


@vue_territoire()
def offre_local(request, pk: int):
    loc = _local_public(request, pk)
    contexte = _fiche(request, "local", loc) | {
        "fil": fil(request, ("S'implanter", "attractivite:implanter"), (loc.nom, None)),
        "carte": carte_geojson([("local", loc.nom, (loc.longitude, loc.latitude), "")]),
        "legende": [{"code": "local", "libelle": "Local"}],
    }
    return render(request, "attractivite/offre.html", contexte)


def _pdf(request, contexte: dict, nom: str) -> HttpResponse:
    from territoire.programme.exports.documents import pdf_depuis_html

    html = render_to_string("attractivite/documents/fiche_offre.html", contexte | {"le": timezone.localdate()})
    reponse = HttpResponse(pdf_depuis_html(html), content_type="application/pdf")
    reponse["Content-Disposition"] = f'attachment; filename="{nom}"'
    return reponse


@vue_territoire()
def offre_terrain_pdf(request, pk: int):
    t = _terrain_public(request, pk)
    return _pdf(request, _fiche(request, "terrain", t), f"terrain-{t.pk}-{request.territoire.slug}.pdf")


@vue_territoire()
def offre_local_pdf(request, pk: int):
    loc = _local_public(request, pk)
    return _pdf(request, _fiche(request, "local", loc), f"local-{loc.pk}-{request.territoire.slug}.pdf")


def _ip(request) -> str:
    return request.META.get("REMOTE_ADDR", "")


@vue_territoire()
def contact(request):
    """The investor's contact form: a prospect under a code name, at the first-contact stage."""
    territoire = request.territoire
    form = ContactForm(request.POST or None)
    statut = 200
    if request.method == "POST":
        if form.est_un_robot():
            return redirect("attractivite:merci", territoire=territoire.slug)
        if demandes_recentes(_ip(request)) >= settings.GUICHET_DEPOTS_PAR_HEURE:
            form.is_valid()
            form.add_error(None, "Trop de demandes envoyées depuis votre connexion en une heure. Réessayez plus tard : "
                                 "ce que vous avez saisi est conservé ci-dessous.")
            statut = 429
        elif form.is_valid():
            d = form.cleaned_data
            p = actions.creer_prospect(
                territoire, nom_reel=d["entreprise"], activite=d["activite"], emplois_prevus=d["emplois_prevus"],
                surface_terrain_ha=d["surface_terrain_ha"], surface_batie_m2=d["surface_batie_m2"],
                acces_ferre=d["acces_ferre"], implantation_souhaitee=d["implantation_souhaitee"], description=d["message"],
                contact_nom=d["nom"], contact_fonction=d["fonction"], contact_email=d["email"],
                contact_telephone=d["telephone"], consentement=True, source=Prospect.Source.FORMULAIRE,
            )
            p.ip_empreinte = empreinte_ip(_ip(request))
            p.save(update_fields=["ip_empreinte"])
            return redirect("attractivite:merci", territoire=territoire.slug)
        else:
            statut = 400
    return render(request, "attractivite/contact.html", {
        "territoire": territoire, "form": form, "sans_cote": True,
        "fil": fil(request, ("S'implanter", "attractivite:implanter"), ("Nous écrire", None)),
    }, status=statut)


@vue_territoire()
def merci(request):
    return render(request, "attractivite/merci.html", {
        "territoire": request.territoire, "sans_cote": True,
        "fil": fil(request, ("S'implanter", "attractivite:implanter"), ("Merci", None)),
    })
