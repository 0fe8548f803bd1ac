"""Pages of the consultation. Thin: they validate, call queries/actions, and render."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse

from territoire.comptes.models import Role
from territoire.comptes.vues import vue_territoire

from . import actions, exports, importation, queries, suggestion
from .chiffres import entreprises_participantes
from .forms import ContributionForm, ImportParticipantsForm, ReponseForm
from .models import Constat, Consultation, Contribution, Reunion, Theme

MEMBRES = tuple(Role.values)


def _consultation(request, pk: int) -> Consultation:
    return get_object_or_404(Consultation, pk=pk, territoire=request.territoire)


def fil(t: str, consultation, *suite) -> list[tuple[str, str | None]]:
    """Breadcrumbs of a consultation's page (territory slug `t`): Concertation › its title ›
    the page (url None)."""
    return [
        ("Concertation", reverse("concertation:accueil", kwargs={"territoire": t})),
        (consultation.titre, reverse("concertation:synthese", kwargs={"territoire": t, "pk": consultation.pk})),
        *suite,
    ]


def url_fiche(fiche) -> str:
    """The fiche's page when the programme publishes one under that name, else no link."""
    try:
        return fiche.get_absolute_url()
    except NoReverseMatch:  # the programme's pages are optional for this module
        return ""


def _lignes_reponses(constat, user, territoire, ouvertes="calculer") -> tuple[list[dict], int]:
    visibles = queries.reponses_visibles(constat, user, territoire, ouvertes)
    lignes = [
        {"reponse": r, "fiche": r.fiche, "url": url_fiche(r.fiche),
         "statut": r.fiche.statut.libelle if r.fiche.statut_id else "Statut non renseigné",
         "categorie": r.fiche.statut.categorie if r.fiche.statut_id else ""}
        for r in visibles
    ]
    return lignes, len(constat.reponses.all()) - len(visibles)


def contexte_synthese(consultation, user) -> dict:
    """What the synthesis page and its exports show (aggregates only for the public)."""
    territoire = consultation.territoire
    classes = queries.constats_classes(consultation)
    ouvertes = queries.fiches_ouvertes(user, territoire, [r.fiche_id for c, _ in classes for r in c.reponses.all()])
    constats = []
    public = not queries.equipe(user, territoire)
    for constat, soutien in classes:
        soutien = soutien.public() if public else soutien
        lignes, masquees = _lignes_reponses(constat, user, territoire, ouvertes)
        constats.append({"constat": constat, "soutien": soutien, "reponses": lignes, "reponses_masquees": masquees})
    themes, rangees = queries.themes_par_reunion(consultation, public=public)
    reunions = consultation.reunions.all()
    maximum = max((c["soutien"].entreprises for c in constats), default=0) or 1
    graphique = []
    for i, c in enumerate(constats):
        largeur = round(420 * c["soutien"].entreprises / maximum)
        graphique.append({"titre": c["constat"].titre, "valeur": c["soutien"].entreprises,
                          "largeur": largeur, "x_valeur": 528 + largeur, "y": i * 34})
    return {
        "territoire": territoire,
        "consultation": consultation,
        "constats": constats,
        "themes": themes,
        "rangees": rangees,
        "graphique": graphique,
        "hauteur_graphique": max(len(graphique) * 34, 34),
        "chiffres": {
            "reunions_collectives": reunions.filter(type=Reunion.Type.COLLECTIVE).count(),
            "entretiens": reunions.filter(type=Reunion.Type.INDIVIDUELLE).count(),
            "entreprises": entreprises_participantes(territoire).filter(
                participations_concertation__reunion__consultation=consultation
            ).distinct().count(),
            "contributions": Contribution.objects.filter(reunion__consultation=consultation).count(),
        },
    }


@vue_territoire()
def accueil(request):
    consultations = list(Consultation.objects.filter(territoire=request.territoire))
    if len(consultations) == 1:
        return redirect("concertation:synthese", territoire=request.territoire.slug, pk=consultations[0].pk)
    return render(request, "concertation/accueil.html", {
        "territoire": request.territoire, "consultations": consultations,
        "est_equipe": queries.equipe(request.user, request.territoire),
    })


@vue_territoire()
def synthese(request, pk: int):
    consultation = _consultation(request, pk)
    contexte = contexte_synthese(consultation, request.user)
    contexte["voit_reunions"] = queries.reunions_visibles(request.user, request.territoire).exists()
    contexte["est_equipe"] = queries.equipe(request.user, request.territoire)
    return render(request, "concertation/synthese.html", contexte)


@vue_territoire()
def synthese_docx(request, pk: int):
    consultation = _consultation(request, pk)
    contenu = exports.docx(contexte_synthese(consultation, None))
    return _fichier(contenu, f"synthese-concertation-{consultation.pk}.docx",
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.document")


@vue_territoire()
def synthese_pdf(request, pk: int):
    consultation = _consultation(request, pk)
    contenu = exports.pdf(contexte_synthese(consultation, None), base_url=request.build_absolute_uri("/"))
    return _fichier(contenu, f"synthese-concertation-{consultation.pk}.pdf", "application/pdf")


def _fichier(contenu: bytes, nom: str, type_mime: str) -> HttpResponse:
    reponse = HttpResponse(contenu, content_type=type_mime)
    reponse["Content-Disposition"] = f'attachment; filename="{nom}"'
    return reponse


@vue_territoire()
def constat(request, pk: int):
    territoire = request.territoire
    objet = get_object_or_404(
        Constat.objects.select_related("consultation").prefetch_related(
            "themes", "reponses__fiche__statut", "reponses__fiche__programme"
        ),
        pk=pk, consultation__territoire=territoire,
    )
    soutien = queries.soutiens([objet])[objet.pk]
    if not queries.equipe(request.user, territoire):
        soutien = soutien.public()
    lignes, masquees = _lignes_reponses(objet, request.user, territoire)
    contributions = (
        queries.contributions_visibles(request.user, territoire)
        .filter(constats=objet)
        .select_related("organisation", "reunion")
        .prefetch_related("themes")
        .order_by("reunion__date", "pk")
    )
    return render(
        request,
        "concertation/constat.html",
        {
            "territoire": territoire, "constat": objet, "soutien": soutien, "reponses": lignes,
            "reponses_masquees": masquees, "contributions": contributions,
            "peut_repondre": queries.equipe(request.user, territoire),
            "fil": fil(territoire.slug, objet.consultation, (objet.titre, None)),
        },
    )


@vue_territoire(Role.EQUIPE)
def repondre(request, pk: int):
    territoire = request.territoire
    objet = get_object_or_404(Constat, pk=pk, consultation__territoire=territoire)
    form = ReponseForm(request.POST or None, territoire=territoire)
    if request.method == "POST" and form.is_valid():
        try:
            actions.repondre_constat(objet, form.cleaned_data["fiche"], type=form.cleaned_data["type"],
                                     commentaire=form.cleaned_data["commentaire"], auteur=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "La fiche-action est reliée au constat.")
            return redirect(objet.get_absolute_url())
    return render(request, "concertation/repondre.html", {"territoire": territoire, "constat": objet, "form": form})


@vue_territoire(*MEMBRES)
def reunions(request, pk: int):
    consultation = _consultation(request, pk)
    liste = (
        queries.reunions_visibles(request.user, request.territoire)
        .filter(consultation=consultation)
        .select_related("theme", "organisateur", "commune")
        .order_by("date", "pk")
    )
    return render(request, "concertation/reunions.html", {
        "territoire": request.territoire, "consultation": consultation, "reunions": liste,
        "est_equipe": queries.equipe(request.user, request.territoire),
        "fil": fil(request.territoire.slug, consultation, ("Réunions", None)),
    })


@vue_territoire(*MEMBRES)
def reunion(request, pk: int):
    territoire = request.territoire
    objet = get_object_or_404(
        queries.reunions_visibles(request.user, territoire).select_related(
            "consultation", "theme", "organisateur", "commune"
        ),
        pk=pk,
    )
    est_equipe = queries.equipe(request.user, territoire)
    participations = objet.participations.select_related("organisation", "contact")
    if not est_equipe and objet.confidentielle:
        # A firm sees its own interview, never who else was there.
        participations = participations.filter(organisation__in=queries.organisations_de(request.user, territoire))
    contributions = (
        queries.contributions_visibles(request.user, territoire)
        .filter(reunion=objet).select_related("organisation").prefetch_related("themes")
    )
    return render(request, "concertation/reunion.html", {
        "territoire": territoire, "reunion": objet, "participations": participations,
        "contributions": contributions, "est_equipe": est_equipe,
        "fil": fil(territoire.slug, objet.consultation, ("Réunions", reverse(
            "concertation:reunions", kwargs={"territoire": territoire.slug, "pk": objet.consultation.pk})), (objet.titre, None)),
    })


def _exemples_locaux(territoire) -> list[tuple[str, list[str]]]:
    lignes = Contribution.themes.through.objects.filter(
        contribution__reunion__consultation__territoire=territoire
    ).values_list("contribution_id", "contribution__texte", "theme__code")
    exemples: dict[int, tuple[str, list[str]]] = {}
    for cid, texte, code in lignes:
        exemples.setdefault(cid, (texte, []))[1].append(code)
    return list(exemples.values())


def suggerer_themes(territoire, texte: str) -> list[Theme]:
    themes = list(Theme.objects.filter(actif=True))
    modele = suggestion.modele_avec(
        _exemples_locaux(territoire), [(t.code, t.libelle, t.description) for t in themes]
    )
    codes = modele.suggerer(texte)
    par_code = {t.code: t for t in themes}
    return [par_code[c] for c in codes if c in par_code]


@vue_territoire(Role.EQUIPE)
def contribuer(request, pk: int):
    territoire = request.territoire
    objet = get_object_or_404(Reunion.objects.select_related("consultation"), pk=pk, consultation__territoire=territoire)
    form = ContributionForm(request.POST or None, reunion=objet)
    suggeres = None
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["action"] == "suggerer":
            suggeres = suggerer_themes(territoire, form.cleaned_data["texte"])
            donnees = request.POST.copy()
            donnees.setlist("themes", [str(t.pk) for t in suggeres])
            donnees["themes_suggeres"] = ",".join(t.code for t in suggeres)
            form = ContributionForm(donnees, reunion=objet)
            form.is_valid()
        else:
            d = form.cleaned_data
            actions.enregistrer_contribution(
                objet, organisation=d["organisation"], contact=d["contact"], texte=d["texte"],
                themes=d["themes"], auteur=request.user, confidentielle=d["confidentielle"],
                themes_suggeres=form.codes_suggeres(),
            )
            messages.success(request, f"Contribution de {d['organisation']} enregistrée.")
            return redirect("concertation:reunion", territoire=territoire.slug, pk=objet.pk)
    return render(request, "concertation/contribuer.html", {
        "territoire": territoire, "reunion": objet, "form": form, "suggeres": suggeres,
    })


@vue_territoire(Role.EQUIPE)
def importer(request, pk: int):
    territoire = request.territoire
    objet = get_object_or_404(Reunion.objects.select_related("consultation"), pk=pk, consultation__territoire=territoire)
    form = ImportParticipantsForm(request.POST or None, request.FILES or None)
    resultats, comptes = None, None
    if request.method == "POST" and form.is_valid():
        fichier = form.cleaned_data["fichier"]
        try:
            lignes = importation.transformer(
                importation.lire(fichier.name, fichier.read()), form.cleaned_data["presence"]
            )
        except importation.FichierIllisible as exc:
            form.add_error("fichier", f"{fichier.name} : {exc} Rien n'a été enregistré.")
        else:
            resultats = importation.rapprocher(lignes, territoire)
            if form.cleaned_data["confirmer"]:
                comptes = importation.enregistrer(resultats, objet, auteur=request.user)
                messages.success(
                    request,
                    f"{comptes['participations']} participation(s) ajoutée(s), {comptes['deja_la']} déjà connue(s), "
                    f"{comptes['organisations_creees']} organisation(s) créée(s) depuis le recensement.",
                )
    return render(request, "concertation/importer.html", {
        "territoire": territoire, "reunion": objet, "form": form, "resultats": resultats, "comptes": comptes,
        "non_reconnues": [r for r in resultats or [] if not r.reconnue],
    })


@vue_territoire(*MEMBRES)
def mes_contributions(request):
    territoire = request.territoire
    orgs = queries.organisations_de(request.user, territoire)
    contributions = (
        Contribution.objects.filter(reunion__consultation__territoire=territoire, organisation__in=orgs)
        .select_related("organisation", "reunion")
        .prefetch_related("themes", "constats")
        .order_by("-reunion__date", "-pk")
    )
    return render(request, "concertation/mes_contributions.html", {
        "territoire": territoire, "contributions": contributions, "a_une_organisation": bool(orgs),
        "fil": [("Mes contributions", None)],
    })
