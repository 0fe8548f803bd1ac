"""The filière and services-to-industry mappings, edited by the team with a preview of how
many establishments change filière before anything is saved.

A mapping is NAF rév. 2 prefixes → a filière, longest prefix first (importer.transformation.
filiere_pour). It is one for the whole platform: the preview says how many establishments
change on this territory and on the platform. Saving is all or nothing: the rules, the
filières' labels and flags, and every establishment's stored filière change together, with
an entry in the shared history for each filière that changed.

The writes (`analyser`, `appliquer`) live here with the pages: the census has no other door
to these tables but the back-office.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify

from territoire.comptes.vues import vue_territoire
from territoire.historique.actions import enregistrer_historique
from territoire.historique.models import Entree
from territoire.observatoire.cache import invalider_chiffres

from .importer.transformation import filiere_pour
from .models import Etablissement, Filiere, RegleNaf

PREFIXE = re.compile(r"^\d{2}(\.\d{1,2}[A-Z]?)?$")


# --- Writes -----------------------------------------------------------------------------------


@dataclass
class Proposition:
    """A whole mapping as the team proposes it: per filière, its label, flag and prefixes."""

    filieres: dict[int, dict] = field(default_factory=dict)  # id -> {"libelle", "actif", "prefixes": [..]}
    nouvelle: dict | None = None  # {"code", "libelle", "famille", "prefixes"}

    def regles(self, nouvelle_id: int = -1) -> dict[str, int]:
        regles = {p: pk for pk, f in self.filieres.items() for p in f["prefixes"]}
        if self.nouvelle:
            regles.update({p: nouvelle_id for p in self.nouvelle["prefixes"]})
        return regles


@dataclass
class Impact:
    """How many establishments would change filière, per (before, after) pair."""

    territoire: Counter = field(default_factory=Counter)
    plateforme: Counter = field(default_factory=Counter)

    @property
    def total_territoire(self) -> int:
        return sum(self.territoire.values())

    @property
    def total_plateforme(self) -> int:
        return sum(self.plateforme.values())


def _prefixes(texte: str, ou: str) -> list[str]:
    prefixes = [p.strip().upper() for p in re.split(r"[,;\s]+", texte or "") if p.strip()]
    mauvais = [p for p in prefixes if not PREFIXE.match(p)]
    if mauvais:
        raise ValidationError(f"{ou} : préfixes NAF illisibles : {', '.join(mauvais)} "
                              "(attendu : 25, 25.62 ou 25.62A, séparés par des virgules).")
    return list(dict.fromkeys(prefixes))


def analyser(proposition: Proposition, territoire) -> Impact:
    """The establishments whose filière the proposition would change (nothing is written).

    Establishments are grouped by activity code: a few hundred groups, whatever their number."""
    regles = proposition.regles()
    impact = Impact()
    groupes = (Etablissement.objects.filter(nomenclature_naf="NAFRev2").exclude(naf="")
               .values("naf", "filiere_id").annotate(n=Count("pk")).order_by())
    ici = {(g["naf"], g["filiere_id"]): g["n"] for g in groupes.filter(commune__territoires=territoire)}
    for g in groupes:
        apres = filiere_pour(g["naf"], "NAFRev2", regles)
        if apres != g["filiere_id"]:
            impact.plateforme[(g["filiere_id"], apres)] += g["n"]
            if (g["naf"], g["filiere_id"]) in ici:
                impact.territoire[(g["filiere_id"], apres)] += ici[(g["naf"], g["filiere_id"])]
    return impact


def _verifier(proposition: Proposition) -> None:
    vus: dict[str, str] = {}
    libelles = {f.pk: f.libelle for f in Filiere.objects.all()}
    listes = [(libelles.get(pk, str(pk)), f["prefixes"]) for pk, f in proposition.filieres.items()]
    if proposition.nouvelle:
        listes.append((proposition.nouvelle["libelle"], proposition.nouvelle["prefixes"]))
    doublons = []
    for nom, prefixes in listes:
        for p in prefixes:
            if p in vus and vus[p] != nom:
                doublons.append(f"{p} (« {vus[p]} » et « {nom} »)")
            vus[p] = nom
    if doublons:
        raise ValidationError("Un préfixe NAF ne mène qu'à une filière : " + ", ".join(doublons) + ".")
    for pk, f in proposition.filieres.items():
        if not f["libelle"].strip():
            raise ValidationError(f"La filière n° {pk} a besoin d'un libellé.")


@transaction.atomic
def appliquer(proposition: Proposition, *, auteur=None, territoire=None) -> int:
    """Save the mapping, and every establishment's filière with it. Returns how many changed."""
    _verifier(proposition)
    filieres = {f.pk: f for f in Filiere.objects.select_for_update()}
    avant = {pk: sorted(f.regles.values_list("prefixe", flat=True)) for pk, f in filieres.items()}
    nouvelle_id = None
    if proposition.nouvelle:
        n = proposition.nouvelle
        code = slugify(n["code"] or n["libelle"])[:60]
        if Filiere.objects.filter(code=code).exists():
            raise ValidationError(f"Une filière a déjà le code « {code} » : choisissez-en un autre.")
        nouvelle = Filiere.objects.create(code=code, libelle=n["libelle"].strip(), famille=n["famille"],
                                          ordre=max((f.ordre for f in filieres.values()), default=0) + 1)
        nouvelle_id = nouvelle.pk
        enregistrer_historique(nouvelle, auteur, "Filière créée", {"prefixes": [None, n["prefixes"]]},
                               nature=Entree.Nature.CREATION, territoire=territoire)
    regles = proposition.regles(nouvelle_id or -1)
    RegleNaf.objects.exclude(prefixe__in=list(regles)).delete()
    for prefixe, pk in regles.items():
        RegleNaf.objects.update_or_create(prefixe=prefixe, defaults={"filiere_id": pk})
    for pk, f in proposition.filieres.items():
        filiere = filieres[pk]
        changements = {}
        for champ in ("libelle", "actif"):
            if getattr(filiere, champ) != f[champ]:
                changements[champ] = [getattr(filiere, champ), f[champ]]
                setattr(filiere, champ, f[champ])
        if sorted(f["prefixes"]) != avant[pk]:
            changements["prefixes"] = [avant[pk], sorted(f["prefixes"])]
        if changements:
            filiere.save()
            enregistrer_historique(filiere, auteur, "Correspondance NAF modifiée", changements, territoire=territoire)
    # Every establishment's stored filière, recomputed by activity code (one update per code).
    change = 0
    groupes = (Etablissement.objects.filter(nomenclature_naf="NAFRev2").exclude(naf="")
               .values("naf", "filiere_id").annotate(n=Count("pk")).order_by())
    for g in list(groupes):
        apres = filiere_pour(g["naf"], "NAFRev2", regles)
        if apres != g["filiere_id"]:
            change += Etablissement.objects.filter(nomenclature_naf="NAFRev2", naf=g["naf"],
                                                   filiere_id=g["filiere_id"]).update(filiere_id=apres)
    invalider_chiffres()  # update() sends no signal: the cached key figures must be renewed
    return change


# --- Pages ------------------------------------------------------------------------------------


class NouvelleFiliereForm(forms.Form):
    libelle = forms.CharField(label="Libellé de la nouvelle filière", max_length=200, required=False)
    code = forms.CharField(label="Code court (facultatif)", max_length=60, required=False,
                           help_text="Lettres, chiffres et tirets ; par défaut, tiré du libellé.")
    famille = forms.ChoiceField(label="Famille", choices=Filiere.Famille.choices)
    prefixes = forms.CharField(label="Préfixes NAF rév. 2", required=False, widget=forms.Textarea(attrs={"rows": 2}),
                               help_text="Séparés par des virgules : 25, 28.1, 33.12Z.")


def _lire(request, filieres) -> tuple[Proposition, list[str]]:
    """The proposition posted by the page, and what was wrong in it (field by field)."""
    proposition, erreurs = Proposition(), []
    for f in filieres:
        libelle = " ".join(request.POST.get(f"f{f.pk}-libelle", f.libelle).split())[:200]
        try:
            prefixes = _prefixes(request.POST.get(f"f{f.pk}-prefixes", ""), f"« {f.libelle} »")
        except ValidationError as exc:
            erreurs += exc.messages
            prefixes = []
        proposition.filieres[f.pk] = {"libelle": libelle, "actif": bool(request.POST.get(f"f{f.pk}-actif")),
                                      "prefixes": prefixes}
    form = NouvelleFiliereForm(request.POST, prefix="nouvelle")
    if form.is_valid() and form.cleaned_data["libelle"].strip():
        try:
            proposition.nouvelle = {**form.cleaned_data,
                                    "prefixes": _prefixes(form.cleaned_data["prefixes"], "Nouvelle filière")}
        except ValidationError as exc:
            erreurs += exc.messages
    elif not form.is_valid():
        erreurs += [f"Nouvelle filière : {e}" for errs in form.errors.values() for e in errs]
    return proposition, erreurs


@vue_territoire("equipe")
def filieres(request):
    """GET: the mapping. POST « apercu »: what would change. POST « enregistrer »: save it."""
    territoire = request.territoire
    liste = list(Filiere.objects.prefetch_related("regles").order_by("famille", "ordre", "libelle"))
    comptes = dict(Etablissement.objects.filter(commune__territoires=territoire).values_list("filiere")
                   .annotate(n=Count("pk")).order_by())
    contexte = {"territoire": territoire, "filieres": liste, "comptes": comptes, "impact": None, "erreurs": [],
                "form_nouvelle": NouvelleFiliereForm(prefix="nouvelle"),
                "fil": [("Filières et services à l'industrie", None)]}
    for f in liste:
        f.saisie_prefixes = ", ".join(r.prefixe for r in f.regles.all())
        f.saisie_actif = f.actif
        f.saisie_libelle = f.libelle
        f.nb = comptes.get(f.pk, 0)
    if request.method == "POST":
        proposition, erreurs = _lire(request, liste)
        if not erreurs:
            try:
                _verifier(proposition)
            except ValidationError as exc:
                erreurs += exc.messages
        for f in liste:  # the page shows what was typed, not what is stored
            p = proposition.filieres[f.pk]
            f.saisie_prefixes = request.POST.get(f"f{f.pk}-prefixes", "")
            f.saisie_actif, f.saisie_libelle = p["actif"], p["libelle"]
        contexte["form_nouvelle"] = NouvelleFiliereForm(request.POST, prefix="nouvelle")
        if erreurs:
            contexte["erreurs"] = erreurs
            return render(request, "etablissements/filieres.html", contexte, status=400)
        if "enregistrer" in request.POST:
            try:
                change = appliquer(proposition, auteur=request.user, territoire=territoire)
            except ValidationError as exc:
                contexte["erreurs"] = exc.messages
                return render(request, "etablissements/filieres.html", contexte, status=400)
            messages.success(request, f"Correspondance enregistrée : {change} établissement{'s' if change > 1 else ''} "
                                      "de la plateforme ont changé de filière.")
            return redirect(reverse("etablissements:filieres", kwargs={"territoire": territoire.slug}))
        impact = analyser(proposition, territoire)
        noms = {f.pk: f.libelle for f in liste} | {-1: proposition.nouvelle["libelle"] if proposition.nouvelle else ""}
        contexte["impact"] = impact
        contexte["passages"] = sorted(
            ((noms.get(a, "aucune") if a else "aucune", noms.get(b, "aucune") if b else "aucune", n,
              impact.plateforme[(a, b)]) for (a, b), n in impact.territoire.items()),
            key=lambda x: -x[2],
        )
    return render(request, "etablissements/filieres.html", contexte)
