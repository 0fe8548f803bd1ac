"""Merging two duplicate organisations: the probable duplicates, a preview of every link
that moves (discovered from the model graph), the field-by-field choice, the merge."""

from __future__ import annotations

from itertools import groupby

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from territoire.comptes.vues import vue_territoire
from territoire.ui.collation import CleFrancaise, cle_fr

from .. import actions
from ..actions.organisations import CHAMPS_ORGANISATION
from ..forms import FusionForm
from ..models import Organisation
from ._commun import fil_organisations, url


def doublons_probables(territoire) -> list[list[Organisation]]:
    """Groups of organisations of the territory with the same name (the French way: accents,
    case and punctuation aside) or the same SIRET; three queries whatever the size."""
    qs = Organisation.objects.du_territoire(territoire).annotate(cle=CleFrancaise("nom"))
    cles = list(qs.order_by().values("cle").annotate(n=Count("pk", distinct=True)).filter(n__gt=1)
                .values_list("cle", flat=True))
    sirets = list(qs.exclude(siret="").order_by().values("siret").annotate(n=Count("pk", distinct=True))
                  .filter(n__gt=1).values_list("siret", flat=True))
    orgas = list(qs.filter(Q(cle__in=cles) | Q(siret__in=sirets)).select_related("commune")
                 .order_by("cle", "fictif", "pk"))
    groupes = [_memes(list(g)) for cle, g in groupby(orgas, key=lambda o: o.cle) if cle not in NOMS_NON_PROBANTS]
    groupes = [g for g in groupes if len(g) > 1]
    deja = {o.pk for g in groupes for o in g}
    par_siret = {}
    for o in orgas:
        if o.siret in sirets and o.pk not in deja:
            par_siret.setdefault(o.siret, []).append(o)
    return groupes + [g for g in par_siret.values() if len(g) > 1]


# Names that say nothing about which firm it is: a masked sole trader is shown as
# « Entrepreneur individuel » (etablissements.models), thousands of different firms.
NOMS_NON_PROBANTS = frozenset({cle_fr("Entrepreneur individuel")})


def _memes(groupe: list[Organisation]) -> list[Organisation]:
    """The organisations of a same-name group that may be the same firm: two different SIRETs
    are two different establishments, never offered as a pair (a shared SIRET is grouped on
    its own); with several SIRETs, only the organisations without one stay."""
    if len({o.siret for o in groupe if o.siret}) <= 1:
        return groupe
    return [o for o in groupe if not o.siret]


def _valeur(orga, champ) -> str:
    v = getattr(orga, champ)
    if champ == "type":
        return orga.get_type_display()
    if champ == "tranche_effectifs":
        return orga.libelle_tranche() if v else ""
    if isinstance(v, bool):
        return "oui" if v else "non"
    return "" if v is None else str(v)


class ChoixChampsForm(forms.Form):
    """For each field where the two differ, which value the kept organisation takes."""

    def __init__(self, *args, gardee, doublon, **kwargs):
        super().__init__(*args, **kwargs)
        self.gardee, self.doublon = gardee, doublon
        for champ in CHAMPS_ORGANISATION:
            a, b = _valeur(gardee, champ), _valeur(doublon, champ)
            if getattr(gardee, champ) == getattr(doublon, champ) or (not a and not b):
                continue
            libelle = Organisation._meta.get_field(champ).verbose_name
            self.fields[champ] = forms.ChoiceField(
                label=str(libelle).capitalize(), widget=forms.RadioSelect,
                choices=[("gardee", f"{a or '(vide)'} — organisation gardée"),
                         ("doublon", f"{b or '(vide)'} — doublon absorbé")],
                initial="gardee" if a or not b else "doublon",
            )

    def valeurs(self) -> dict:
        return {c: getattr(self.gardee if choix == "gardee" else self.doublon, c)
                for c, choix in self.cleaned_data.items()}


def _paire(request):
    territoire = request.territoire
    qs = Organisation.objects.for_user(request.user, territoire)
    donnees = request.POST if request.method == "POST" else request.GET
    form = FusionForm(donnees if ("gardee" in donnees or "doublon" in donnees) else None,
                      organisations=qs.order_by(CleFrancaise("nom"), "pk"))
    return form


@vue_territoire("equipe")
def fusion(request):
    territoire = request.territoire
    form = _paire(request)
    contexte = {"territoire": territoire, "form": form, "fil": fil_organisations(territoire, ("Fusionner deux doublons", None)),
                "groupes": doublons_probables(territoire)}
    if form.is_bound and form.is_valid():
        gardee, doublon = form.cleaned_data["gardee"], form.cleaned_data["doublon"]
        choix = ChoixChampsForm(request.POST if request.method == "POST" else None, gardee=gardee, doublon=doublon)
        contexte.update(gardee=gardee, doublon=doublon, apercu=actions.apercu_fusion(gardee, doublon), choix=choix)
        if request.method == "POST" and choix.is_valid():
            try:
                resultat = actions.fusionner_organisations(gardee, doublon, auteur=request.user, valeurs=choix.valeurs())
            except ValidationError as exc:
                contexte["refus"] = exc.messages
            except PermissionDenied as exc:
                contexte["refus"] = [str(exc)]
            else:
                messages.success(request, f"« {doublon.nom} » est fusionnée dans « {gardee.nom} » : "
                                          f"{resultat.total} lien{'s' if resultat.total > 1 else ''} repris.")
                return redirect(url("organisation", territoire, pk=gardee.pk))
    choix = contexte.get("choix")
    erreurs = contexte.get("refus") or (form.is_bound and form.errors) or (choix is not None and choix.is_bound and choix.errors)
    statut = 400 if erreurs else 200
    return render(request, "reseau/fusion.html", contexte, status=statut)


@require_POST
@vue_territoire("equipe")
def rapprochement_ecarter(request, pk: int):
    territoire = request.territoire
    orga = get_object_or_404(Organisation.objects.for_user(request.user, territoire), pk=pk)
    actions.ecarter_rapprochement(orga, request.user)
    messages.success(request, "Rattachement écarté : les deux organisations restent distinctes.")
    suite = request.POST.get("suite", "")
    if not url_has_allowed_host_and_scheme(suite, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        suite = url("organisation", territoire, pk=orga.pk)
    return redirect(suite)
