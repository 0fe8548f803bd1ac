"""The partner directory (institutions, branches, advisors, their subjects and communes) and
its routing rules, with a preview: « une demande sur le sujet S, de la commune C, d'une
entreprise de NAF N irait à… »."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render

from territoire.comptes.acces import a_un_role
from territoire.comptes.vues import vue_territoire
from territoire.historique.actions import historique_de

from .. import actions
from ..forms import AntenneForm, ApercuOrientationForm, ConseillerForm, InstitutionForm
from ..models import Antenne, Conseiller, Institution
from ..queries import trous_de_couverture
from ._commun import INTERNES, erreurs_dans, url


def _fil(territoire, *suite):
    return [("Annuaire des partenaires", url("annuaire", territoire)), *suite]


@vue_territoire(*INTERNES)
def annuaire(request):
    territoire = request.territoire
    institutions = Institution.objects.filter(territoire=territoire).select_related("organisation").prefetch_related(
        Prefetch("antennes", queryset=Antenne.objects.prefetch_related(
            Prefetch("conseillers", queryset=Conseiller.objects.prefetch_related("sujets", "communes"))
        ))
    )
    trous = trous_de_couverture(territoire)
    return render(request, "guichet/annuaire.html", {
        "territoire": territoire, "institutions": institutions, "trous": trous,
        "nb_communes": territoire.communes.count(), "nb_trous": sum(len(c) for _, c in trous),
        "equipe": a_un_role(request.user, territoire, "equipe"), "fil": [("Annuaire des partenaires", None)],
    })


def _page_formulaire(request, form, *, titre, enregistrer, suite, fil, texte="", objet=None):
    if request.method == "POST" and form.is_valid():
        try:
            enregistrer(form.cleaned_data)
            messages.success(request, f"{titre} : enregistré.")
            return redirect(suite)
        except ValidationError as exc:
            erreurs_dans(form, exc)
    return render(request, "guichet/annuaire_form.html", {
        "territoire": request.territoire, "form": form, "titre": titre, "annuler": suite, "fil": fil, "texte": texte,
        "historique": historique_de(objet) if objet is not None else None,
    }, status=400 if form.is_bound and form.errors else 200)


@vue_territoire("equipe")
def institution_nouvelle(request):
    territoire = request.territoire
    form = InstitutionForm(request.POST or None, territoire=territoire)
    return _page_formulaire(
        request, form, titre="Nouvelle institution", suite=url("annuaire", territoire),
        enregistrer=lambda d: actions.enregistrer_institution(territoire, auteur=request.user, **d),
        fil=_fil(territoire, ("Nouvelle institution", None)),
    )


@vue_territoire("equipe")
def institution_modifier(request, pk: int):
    territoire = request.territoire
    inst = get_object_or_404(Institution, territoire=territoire, pk=pk)
    form = InstitutionForm(request.POST or None, instance=Institution.objects.get(pk=inst.pk), territoire=territoire)
    return _page_formulaire(
        request, form, titre=f"Modifier l'institution « {inst.nom} »", suite=url("annuaire", territoire) + f"#institution-{inst.pk}",
        enregistrer=lambda d: actions.enregistrer_institution(territoire, inst, auteur=request.user, **d),
        fil=_fil(territoire, (inst.nom, None)), objet=inst,
    )


@vue_territoire("equipe")
def antenne_nouvelle(request, pk: int):
    territoire = request.territoire
    inst = get_object_or_404(Institution, territoire=territoire, pk=pk)
    form = AntenneForm(request.POST or None, territoire=territoire, initial={"organisation": inst.organisation_id})
    return _page_formulaire(
        request, form, titre=f"Nouvelle antenne de {inst.nom}", suite=url("annuaire", territoire) + f"#institution-{inst.pk}",
        enregistrer=lambda d: actions.enregistrer_antenne(inst, auteur=request.user, **d),
        fil=_fil(territoire, (inst.nom, None), ("Nouvelle antenne", None)),
        texte="Les comptes de partenaire dont l'adhésion nomme l'organisation de l'antenne voient les demandes qui lui sont orientées.",
    )


@vue_territoire("equipe")
def antenne_modifier(request, pk: int):
    territoire = request.territoire
    ant = get_object_or_404(Antenne.objects.select_related("institution"), institution__territoire=territoire, pk=pk)
    form = AntenneForm(request.POST or None, instance=Antenne.objects.get(pk=ant.pk), territoire=territoire)
    return _page_formulaire(
        request, form, titre=f"Modifier l'antenne « {ant.nom} »", suite=url("annuaire", territoire) + f"#antenne-{ant.pk}",
        enregistrer=lambda d: actions.enregistrer_antenne(ant.institution, ant, auteur=request.user, **d),
        fil=_fil(territoire, (str(ant), None)), objet=ant,
    )


TEXTE_CONSEILLER = ("Ses sujets, ses communes et ses filtres (NAF, tranches) sont les règles d'orientation : une "
                    "demande lui est proposée quand les trois conviennent. Vérifiez-les avec l'aperçu des règles.")


@vue_territoire("equipe")
def conseiller_nouveau(request, pk: int):
    territoire = request.territoire
    ant = get_object_or_404(Antenne.objects.select_related("institution"), institution__territoire=territoire, pk=pk)
    form = ConseillerForm(request.POST or None, territoire=territoire, initial={"actif": True})
    return _page_formulaire(
        request, form, titre=f"Nouveau conseiller de {ant}", suite=url("annuaire", territoire) + f"#antenne-{ant.pk}",
        enregistrer=lambda d: actions.enregistrer_conseiller(ant, auteur=request.user, **d),
        fil=_fil(territoire, (str(ant), None), ("Nouveau conseiller", None)), texte=TEXTE_CONSEILLER,
    )


@vue_territoire("equipe")
def conseiller_modifier(request, pk: int):
    territoire = request.territoire
    c = get_object_or_404(Conseiller.objects.select_related("antenne__institution"),
                          antenne__institution__territoire=territoire, pk=pk)
    form = ConseillerForm(request.POST or None, instance=Conseiller.objects.get(pk=c.pk), territoire=territoire)
    return _page_formulaire(
        request, form, titre=f"Modifier le conseiller {c.prenom} {c.nom}",
        suite=url("annuaire", territoire) + f"#antenne-{c.antenne_id}",
        enregistrer=lambda d: actions.enregistrer_conseiller(c.antenne, c, auteur=request.user, **d),
        fil=_fil(territoire, (f"{c.prenom} {c.nom}", None)), texte=TEXTE_CONSEILLER, objet=c,
    )


@vue_territoire(*INTERNES)
def regles(request):
    """The routing rules and their preview (a GET form: the question is in the URL)."""
    territoire = request.territoire
    form = ApercuOrientationForm(request.GET or None, territoire=territoire)
    resultat = None
    if form.is_bound and form.is_valid():
        d = form.cleaned_data
        resultat = actions.conseillers_pour(territoire, d["sujet"], d["commune"], d["naf"], d["tranche"])
    conseillers = (Conseiller.objects.filter(antenne__institution__territoire=territoire)
                   .select_related("antenne__institution").prefetch_related("sujets", "communes")
                   .order_by("antenne__institution__nom", "antenne__nom", "nom", "prenom"))
    return render(request, "guichet/regles.html", {
        "territoire": territoire, "form": form, "resultat": resultat, "conseillers": conseillers,
        "nb_communes": territoire.communes.count(), "equipe": a_un_role(request.user, territoire, "equipe"),
        "fil": _fil(territoire, ("Règles d'orientation", None)),
    }, status=400 if form.is_bound and form.errors else 200)
