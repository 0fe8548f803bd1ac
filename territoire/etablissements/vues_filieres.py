"""The page of the filière and services-to-industry mappings: the team edits them and sees how
many establishments change filière before anything is saved (the writes: actions.py).
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import redirect, render
from django.urls import reverse

from territoire.comptes.vues import vue_territoire

from .actions import Proposition, analyser, appliquer, lire_prefixes, verifier
from .models import Etablissement, Filiere


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
            prefixes = lire_prefixes(request.POST.get(f"f{f.pk}-prefixes", ""), f"« {f.libelle} »")
        except ValidationError as exc:
            erreurs += exc.messages
            prefixes = []
        proposition.filieres[f.pk] = {"libelle": libelle, "actif": bool(request.POST.get(f"f{f.pk}-actif")),
                                      "prefixes": prefixes}
    form = NouvelleFiliereForm(request.POST, prefix="nouvelle")
    if form.is_valid() and form.cleaned_data["libelle"].strip():
        try:
            proposition.nouvelle = {**form.cleaned_data,
                                    "prefixes": lire_prefixes(form.cleaned_data["prefixes"], "Nouvelle filière")}
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
                verifier(proposition)
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
