"""Activity zones uploaded from the web: a GeoJSON file, a preview (map and table) computed
by the very action the `territoire zones` command runs, then the load — all or nothing.

Step 1 (POST with the file): the file is kept aside under a signed token and loaded inside
a transaction that is rolled back: the page shows what the load would do (zones created or
replaced, their communes and surfaces, on a map drawn on the server) or the action's refusal
(which object, what is wrong), and nothing changes. Step 2 (POST with the token): the same
file is loaded for real by `actions.charger_zones_geojson`, and the kept copy is deleted.
"""

from __future__ import annotations

import json
import math
import time
import uuid
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import slugify

from territoire.comptes.vues import vue_territoire

from .actions import DonneesInvalides, charger_zones_geojson
from .models import ZoneActivite

TAILLE_MAX = 10_000_000  # a territory's zones: a few hundred polygons, well under 10 Mo
DUREE_APERCU = 3600  # seconds a preview stays valid before the file must be sent again
SEL = "referentiel.zones"
LARGEUR = 600


def _dossier() -> Path:
    dossier = Path(settings.DATA_DIR) / "televersements" / "zones"
    dossier.mkdir(parents=True, exist_ok=True)
    return dossier


def _nettoyer(dossier: Path) -> None:
    """Forget the files of previews nobody confirmed (older than a day)."""
    limite = time.time() - 24 * 3600
    for fichier in dossier.glob("*.geojson"):
        if fichier.stat().st_mtime < limite:
            fichier.unlink(missing_ok=True)


class ZonesForm(forms.Form):
    fichier = forms.FileField(
        label="Fichier GeoJSON des zones",
        help_text="Une FeatureCollection en WGS84 (longitude, latitude) ; chaque objet a une propriété « nom » "
                  "et peut avoir « type », « gestionnaire », « source ». 10 Mo au plus.",
    )

    def clean_fichier(self):
        fichier = self.cleaned_data["fichier"]
        if fichier.size > TAILLE_MAX:
            raise forms.ValidationError(f"Fichier trop lourd ({fichier.size // 1_000_000} Mo ; {TAILLE_MAX // 1_000_000} Mo au plus) : "
                                        "simplifiez les contours ou découpez le fichier.")
        return fichier


class _Annuler(Exception):
    """Raised inside the preview's transaction so that nothing it did is kept."""


def _apercu(territoire, chemin: Path) -> list[dict]:
    existantes = set(ZoneActivite.objects.filter(territoire=territoire).values_list("slug", flat=True))
    resume: list[dict] = []
    try:
        with transaction.atomic():
            for z in charger_zones_geojson(territoire, chemin):
                resume.append({"nom": z.nom, "type": z.get_type_display(), "surface_ha": z.surface_ha,
                               "communes": [c.nom for c in z.communes.order_by("nom")], "contour": z.contour,
                               "remplacee": z.slug in existantes})
            raise _Annuler
    except _Annuler:
        pass
    return resume


def _anneaux(geometrie: dict):
    if geometrie["type"] == "Polygon":
        yield from geometrie["coordinates"]
    elif geometrie["type"] == "MultiPolygon":
        for polygone in geometrie["coordinates"]:
            yield from polygone


def carte(communes, zones: list[dict]) -> dict | None:
    """Commune outlines and the uploaded zones as SVG paths (no JavaScript, no tiles)."""
    couches = []
    for c in communes:
        if c.contour:
            couches.append(("commune", c.nom, list(_anneaux(json.loads(c.contour)))))
    for z in zones:
        couches.append(("zone", z["nom"], list(_anneaux(json.loads(z["contour"])))))
    points = [p for _, _, anneaux in couches for anneau in anneaux for p in anneau]
    if not points:
        return None
    min_x, max_x = min(p[0] for p in points), max(p[0] for p in points)
    min_y, max_y = min(p[1] for p in points), max(p[1] for p in points)
    kx = math.cos(math.radians((min_y + max_y) / 2))
    echelle = LARGEUR / max((max_x - min_x) * kx, 1e-9)
    hauteur = max(1, round((max_y - min_y) * echelle))
    chemins = []
    for classe, nom, anneaux in couches:
        d = " ".join("M" + " L".join(f"{(x - min_x) * kx * echelle:.1f},{(max_y - y) * echelle:.1f}" for x, y, *_ in a) + " Z"
                     for a in anneaux)
        chemins.append(f'<path d="{d}" class="forme-{classe}"><title>{escape(nom)}</title></path>')
    return {"largeur": LARGEUR, "hauteur": hauteur, "svg": mark_safe("".join(chemins))}


def _contexte(territoire, **extra) -> dict:
    return {"territoire": territoire, "zones": ZoneActivite.objects.filter(territoire=territoire).prefetch_related("communes"),
            "fil": [("Zones d'activité", None)], **extra}


@vue_territoire("equipe")
def zones(request):
    territoire = request.territoire
    form = ZonesForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and request.POST.get("jeton"):
        return _charger(request, request.POST["jeton"])
    if request.method == "POST" and form.is_valid():
        dossier = _dossier()
        _nettoyer(dossier)
        chemin = dossier / f"{uuid.uuid4().hex}.geojson"
        with chemin.open("wb") as sortie:
            for i, morceau in enumerate(form.cleaned_data["fichier"].chunks()):
                # A byte-order mark (some GIS tools write one) is not part of the JSON text.
                sortie.write(morceau.removeprefix(b"\xef\xbb\xbf") if i == 0 else morceau)
        nom = form.cleaned_data["fichier"].name
        try:
            resume = _apercu(territoire, chemin)
        except DonneesInvalides as exc:
            chemin.unlink(missing_ok=True)
            message = str(exc).replace(str(chemin), f"« {nom} »")
            form.add_error("fichier", f"{message} Rien n'a été enregistré.")
            return render(request, "referentiel/zones.html", _contexte(territoire, form=form), status=400)
        jeton = signing.dumps({"f": chemin.name, "t": territoire.pk, "u": request.user.pk, "n": nom}, salt=SEL)
        return render(request, "referentiel/zones_apercu.html", _contexte(
            territoire, form=form, resume=resume, jeton=jeton, nom_fichier=nom,
            carte=carte(territoire.communes.all(), resume),
            inchangees=ZoneActivite.objects.filter(territoire=territoire).exclude(
                slug__in=[slugify(z["nom"])[:80] for z in resume]).count(),
            fil=[("Zones d'activité", reverse("referentiel:zones", kwargs={"territoire": territoire.slug})),
                 ("Aperçu", None)],
        ))
    return render(request, "referentiel/zones.html", _contexte(territoire, form=form),
                  status=400 if form.is_bound and form.errors else 200)


def _charger(request, jeton: str):
    territoire = request.territoire
    try:
        donnees = signing.loads(jeton, salt=SEL, max_age=DUREE_APERCU)
    except signing.BadSignature:
        messages.error(request, "Cet aperçu a expiré ou n'est pas valable : envoyez le fichier à nouveau.")
        return redirect(reverse("referentiel:zones", kwargs={"territoire": territoire.slug}))
    chemin = _dossier() / Path(donnees["f"]).name
    if donnees["t"] != territoire.pk or donnees["u"] != request.user.pk or not chemin.exists():
        messages.error(request, "Cet aperçu n'est plus disponible : envoyez le fichier à nouveau.")
        return redirect(reverse("referentiel:zones", kwargs={"territoire": territoire.slug}))
    try:
        with transaction.atomic():
            chargees = charger_zones_geojson(territoire, chemin, auteur=request.user, nom_fichier=donnees["n"])
    except DonneesInvalides as exc:
        refus = str(exc).replace(str(chemin), f"« {donnees['n']} »") + " Rien n'a été enregistré."
        return render(request, "referentiel/zones.html", _contexte(territoire, form=ZonesForm(), refus=refus), status=400)
    finally:
        chemin.unlink(missing_ok=True)
    messages.success(request, f"{len(chargees)} zone{'s' if len(chargees) > 1 else ''} chargée{'s' if len(chargees) > 1 else ''} "
                              f"depuis « {donnees['n']} ».")
    return redirect(reverse("referentiel:zones", kwargs={"territoire": territoire.slug}))
