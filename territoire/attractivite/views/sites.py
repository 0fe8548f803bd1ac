"""The team's pages of the inventory: workspace, sites and plots, import, export, inventories."""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.http import require_POST

from territoire.comptes.acces import a_un_role
from territoire.comptes.vues import vue_territoire
from territoire.reseau.actions import enregistrer_historique

from .. import actions, cnig, inventaire
from ..chiffres import chiffres_attractivite
from ..forms import ImportSitesForm, SiteForm, TerrainForm
from ..models import EtablissementEconomique, Inventaire, SiteEconomique, TerrainEconomique
from .commun import INTERNES, carte_geojson, fil

EQUIPE_PILOTAGE = ("equipe", "pilotage")


@vue_territoire(*INTERNES)
def espace(request):
    """Attirer's workspace: the key figures, the inventory's deadline, what to do next."""
    territoire = request.territoire
    dernier = Inventaire.objects.filter(territoire=territoire).order_by("-date", "-pk").first()
    echeance = inventaire.echeance(dernier.date if dernier else None, timezone.localdate())
    return render(request, "attractivite/espace.html", {
        "texte_echeance": f"À établir au plus tard le {date_format(echeance['date'], 'j F Y')}." if echeance["date"] else "",
        "territoire": territoire, "fil": fil(request, ("Attirer", None)),
        "chiffres": chiffres_attractivite(territoire)["attractivite"],
        "dernier": dernier, "echeance": echeance,
        "equipe": a_un_role(request.user, territoire, "equipe"),
        "voit_inventaire": a_un_role(request.user, territoire, *EQUIPE_PILOTAGE),
    })


@vue_territoire(*INTERNES)
def sites(request):
    territoire = request.territoire
    qs = SiteEconomique.objects.for_user(request.user, territoire).select_related("pole").order_by("site_nom", "pk")
    liste = list(qs)
    lignes = inventaire.calculer(liste)
    return render(request, "attractivite/sites.html", {
        "territoire": territoire, "fil": fil(request, ("Attirer", "attractivite:espace"), ("Sites économiques", None)),
        "lignes": list(zip(liste, lignes, strict=True)), "totaux": inventaire.totaux(lignes),
        "equipe": a_un_role(request.user, territoire, "equipe"),
    })


@vue_territoire(*INTERNES)
def site(request, pk: int):
    territoire = request.territoire
    s = get_object_or_404(SiteEconomique.objects.for_user(request.user, territoire).select_related("pole", "zone"), pk=pk)
    (ligne,) = inventaire.calculer([s])
    terrains = list(s.terrains.order_by("terr_id"))
    etats = {t.pk: inventaire.etat_terrain({f: getattr(t, f) for f in inventaire.CHAMPS_TERRAIN}) for t in terrains}
    return render(request, "attractivite/site.html", {
        "territoire": territoire, "site": s, "ligne": ligne, "a_completer": s.champs_a_completer(),
        "fil": fil(request, ("Attirer", "attractivite:espace"), ("Sites économiques", "attractivite:sites"), (s.site_nom, None)),
        "terrains": [(t, etats[t.pk]) for t in terrains],
        "etablissements_cnig": EtablissementEconomique.objects.filter(site=s).count(),
        "friches": s.friches.all(), "locaux": s.locaux.all(),
        "carte": carte_geojson([("site", s.site_nom, s.site_geomsurf, "")]
                               + [("vacant" if etats[t.pk]["vacant"] else "occupe" if etats[t.pk]["vacant"] is False else "inconnu",
                                   t.terr_id, t.terr_geomsurf, t.get_absolute_url()) for t in terrains]),
        "equipe": a_un_role(request.user, territoire, "equipe"),
        "champs": _champs_affiches(s, "site-eco", {"pole_id": s.pole.pole_id if s.pole_id else None}),
        "textes": textes_site(ligne), "legende_site": LEGENDE_SITE,
    })


LEGENDE_SITE = [{"code": "site", "libelle": "Périmètre du site"}, {"code": "vacant", "libelle": "Terrain vacant"},
                {"code": "occupe", "libelle": "Terrain occupé"}, {"code": "inconnu", "libelle": "Occupation à qualifier"}]


def textes_site(ligne: dict) -> dict:
    millesimes = ", ".join(ligne["millesimes"]) or "inconnu"
    return {
        "emplois": f"de {ligne['emplois_bas']} à {ligne['emplois_haut']} (fourchette des tranches d'effectifs)",
        "millesimes": f"Tranches d'effectifs SIRENE, millésime {millesimes}.",
        "batis": f"{ligne['terrains_batis']} bâti(s), {ligne['terrains_disponibles']} disponible(s)",
        "vacants": f"{ligne['terrains_vacants']} terrain(s) vacant(s) sur {ligne['terrains_classes']} qualifié(s)",
    }


def _changements(form) -> dict:
    """Field → [before, after] of an edit form, as short texts (a geometry is only said changed)."""
    def court(v):
        texte = "" if v is None else str(v)
        return texte if len(texte) <= 120 else "(géométrie ou texte long modifié)"

    return {k: [court(form.initial.get(k)), court(form.cleaned_data.get(k))] for k in form.changed_data}


def _champs_affiches(objet, classe: str, relations: dict) -> list[tuple[str, str, object, bool]]:
    """(field, title, value, required) of every standard field, for a record's page."""
    valeurs = cnig.valeurs_cnig(objet, cnig.schema_site(classe), relations)
    return [(c.nom, c.titre or c.nom, valeurs[c.nom], c.requis) for c in cnig.schema_site(classe).champs
            if c.type not in ("geojson",)]


@vue_territoire("equipe")
def site_modifier(request, pk: int):
    territoire = request.territoire
    s = get_object_or_404(SiteEconomique.objects.filter(territoire=territoire), pk=pk)
    form = SiteForm(request.POST or None, instance=s, territoire=territoire)
    if request.method == "POST" and form.is_valid():
        changements = _changements(form)
        site = form.save()
        if actions.synchroniser_zone(site):
            actions.replacer_etablissements(territoire)
        enregistrer_historique(site, request.user, "Site modifié", changements)
        messages.success(request, "Site enregistré.")
        return redirect(site.get_absolute_url())
    return render(request, "attractivite/formulaire.html", {
        "territoire": territoire, "form": form, "titre": f"Modifier le site « {s.site_nom} »",
        "fil": fil(request, ("Attirer", "attractivite:espace"), ("Sites économiques", "attractivite:sites"), (s.site_nom, None)),
        "annuler": s.get_absolute_url(), "statut": 400 if request.method == "POST" else 200,
    }, status=400 if request.method == "POST" else 200)


@require_POST
@vue_territoire("equipe")
def site_remplir(request, pk: int):
    s = get_object_or_404(SiteEconomique.objects.filter(territoire=request.territoire), pk=pk)
    bilan = actions.remplir_etablissements(s)
    ecartes = sum(bilan["ecartes"].values())
    texte = f"{bilan['repris']} établissement(s) du recensement repris dans la classe « établissement » du standard."
    if ecartes:
        raisons = " ; ".join(f"{n} sans {champs}" for champs, n in bilan["ecartes"].items())
        texte += f" {ecartes} non repris faute de valeur obligatoire connue ({raisons}) : ils comptent dans les chiffres du site."
    messages.success(request, texte)
    return redirect(s.get_absolute_url())


@vue_territoire(*INTERNES)
def terrain(request, pk: int):
    territoire = request.territoire
    t = get_object_or_404(TerrainEconomique.objects.for_user(request.user, territoire).select_related("site"), pk=pk)
    return render(request, "attractivite/terrain.html", {
        "territoire": territoire, "terrain": t,
        "etat": inventaire.etat_terrain({f: getattr(t, f) for f in inventaire.CHAMPS_TERRAIN}),
        "fil": fil(request, ("Attirer", "attractivite:espace"), ("Sites économiques", "attractivite:sites"),
                   (t.site.site_nom, t.site.get_absolute_url()), (t.terr_id, None)),
        "champs": _champs_affiches(t, "terrain-eco", {"site_id": t.site.site_id}),
        "carte": carte_geojson([("site", t.site.site_nom, t.site.site_geomsurf, ""), ("choisi", t.terr_id, t.terr_geomsurf, "")]),
        "equipe": a_un_role(request.user, territoire, "equipe"),
    })


@vue_territoire("equipe")
def terrain_modifier(request, pk: int):
    territoire = request.territoire
    t = get_object_or_404(TerrainEconomique.objects.filter(site__territoire=territoire).select_related("site"), pk=pk)
    form = TerrainForm(request.POST or None, instance=t)
    if request.method == "POST" and form.is_valid():
        changements = _changements(form)
        form.save()
        enregistrer_historique(t, request.user, "Terrain modifié", changements)
        messages.success(request, "Terrain enregistré.")
        return redirect(t.get_absolute_url())
    return render(request, "attractivite/formulaire.html", {
        "territoire": territoire, "form": form, "titre": f"Modifier le terrain {t.terr_id}",
        "fil": fil(request, ("Attirer", "attractivite:espace"), (t.site.site_nom, t.site.get_absolute_url()), (t.terr_id, None)),
        "annuler": t.get_absolute_url(),
    }, status=400 if request.method == "POST" else 200)


# --------------------------------------------------------------------------- files


@vue_territoire("equipe")
def import_sites(request):
    from ..importation.lecture import ImportRefuse, lire_csvs, lire_gpkg
    from ..importation.sites import importer_sites

    territoire = request.territoire
    form = ImportSitesForm(request.POST or None, request.FILES or None)
    erreurs, rapport, statut = [], None, 200
    if request.method == "POST":
        statut = 400
        if form.is_valid():
            fichiers = form.cleaned_data["fichiers"]
            try:
                gpkgs = [f for f in fichiers if f.name.lower().endswith(".gpkg")]
                if gpkgs:
                    if len(fichiers) > 1:
                        raise ImportRefuse("Envoyez soit un GeoPackage seul, soit les fichiers CSV du standard.")
                    with tempfile.NamedTemporaryFile(suffix=".gpkg") as tmp:
                        for morceau in gpkgs[0].chunks():
                            tmp.write(morceau)
                        tmp.flush()
                        lot = lire_gpkg(Path(tmp.name))
                    lot.source = gpkgs[0].name
                else:
                    lot = lire_csvs({f.name: f.read() for f in fichiers}, ", ".join(f.name for f in fichiers))
                rapport = importer_sites(territoire, lot, auteur=request.user, dry_run=form.cleaned_data["essai"])
                statut = 200
                if not rapport.essai:
                    messages.success(request, f"Import enregistré : {rapport.resume()}.")
            except ImportRefuse as exc:
                erreurs = exc.erreurs
    return render(request, "attractivite/import.html", {
        "territoire": territoire, "form": form, "erreurs": erreurs[:200], "n_erreurs": len(erreurs), "rapport": rapport,
        "fil": fil(request, ("Attirer", "attractivite:espace"), ("Importer l'inventaire", None)),
        "fichiers": cnig.FICHIERS.values(),
    }, status=statut)


def _zip_du_standard(territoire) -> bytes:
    from ..exportation import ecrire_dossier

    tampon = io.BytesIO()
    with tempfile.TemporaryDirectory() as dossier, zipfile.ZipFile(tampon, "w", zipfile.ZIP_DEFLATED) as archive:
        for chemin in ecrire_dossier(territoire, Path(dossier)):
            archive.write(chemin, chemin.name)
        archive.writestr("LISEZMOI.txt", (
            f"Inventaire des sites économiques — {territoire.nom}\n"
            "Fichiers au standard CNIG « sites économiques » v1.0.1 (site-eco, terrain-eco, pole-eco, etablissement ; "
            "GeoPackage en Lambert-93) et friches.csv au standard CNIG Friches v1.0.6.\n"
            "Ils contiennent des données d'établissements non diffusibles et des contacts : usage interne et dépôt "
            "auprès des services de l'État seulement.\n"
        ))
    return tampon.getvalue()


@vue_territoire(*EQUIPE_PILOTAGE)
def export_sites(request):
    territoire = request.territoire
    reponse = HttpResponse(_zip_du_standard(territoire), content_type="application/zip")
    reponse["Content-Disposition"] = f'attachment; filename="sites-economiques-{territoire.slug}-{timezone.localdate():%Y-%m-%d}.zip"'
    return reponse


# --------------------------------------------------------------------------- inventories


@vue_territoire(*EQUIPE_PILOTAGE)
def inventaires(request):
    territoire = request.territoire
    liste = list(Inventaire.objects.filter(territoire=territoire).select_related("etabli_par"))
    dernier = liste[0] if liste else None
    return render(request, "attractivite/inventaires.html", {
        "territoire": territoire, "inventaires": liste,
        "echeance": inventaire.echeance(dernier.date if dernier else None, timezone.localdate()),
        "equipe": a_un_role(request.user, territoire, "equipe"),
        "fil": fil(request, ("Attirer", "attractivite:espace"), ("Inventaire légal", None)),
    })


@require_POST
@vue_territoire("equipe")
def inventaire_etablir(request):
    inv = actions.etablir_inventaire(request.territoire, auteur=request.user, note=request.POST.get("note", "")[:2000])
    messages.success(request, f"Inventaire du {inv.date:%d/%m/%Y} établi : {inv.totaux['sites']} site(s).")
    return redirect("attractivite:inventaire", territoire=request.territoire.slug, pk=inv.pk)


def _inventaire(request, pk: int) -> Inventaire:
    return get_object_or_404(Inventaire.objects.filter(territoire=request.territoire), pk=pk)


@vue_territoire(*EQUIPE_PILOTAGE)
def inventaire_detail(request, pk: int):
    from .. import rapports

    inv = _inventaire(request, pk)
    d = rapports.donnees(inv)
    return render(request, "attractivite/inventaire.html", {
        "territoire": request.territoire, "d": d, "inventaire": inv,
        "fil": fil(request, ("Attirer", "attractivite:espace"), ("Inventaire légal", "attractivite:inventaires"),
                   (str(inv), None)),
    })


@vue_territoire(*EQUIPE_PILOTAGE)
def inventaire_document(request, pk: int, format: str):
    from .. import rapports

    inv = _inventaire(request, pk)
    if format == "pdf":
        contenu, type_ = rapports.inventaire_pdf(inv), "application/pdf"
    elif format == "docx":
        contenu, type_ = rapports.inventaire_docx(inv), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    elif format == "zip":
        contenu, type_ = _zip_du_standard(inv.territoire), "application/zip"
    else:
        raise Http404("Format inconnu.")
    reponse = HttpResponse(contenu, content_type=type_)
    reponse["Content-Disposition"] = f'attachment; filename="{rapports.nom_fichier(inv, format)}"'
    return reponse

