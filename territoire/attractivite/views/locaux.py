"""Premises: the list, a record, its form and photos (the team and the owners' partner accounts)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from territoire.comptes.acces import a_un_role
from territoire.comptes.vues import vue_territoire
from territoire.reseau.queries import organisations_du_compte

from ..actions import locaux as actions
from ..forms import LocalForm, PhotoForm
from ..models import Local, PhotoLocal
from ..queries import peut_modifier_local
from .commun import INTERNES, carte_geojson, fil


@vue_territoire(*INTERNES)
def locaux(request):
    territoire = request.territoire
    liste = list(Local.objects.for_user(request.user, territoire).select_related("commune", "site").order_by("statut", "nom", "pk"))
    modifiables = set(Local.objects.modifiables_par(request.user, territoire).values_list("pk", flat=True))
    return render(request, "attractivite/locaux.html", {
        "territoire": territoire, "locaux": liste, "modifiables": modifiables,
        "peut_creer": a_un_role(request.user, territoire, "equipe", "partenaire"),
        "fil": fil(request, ("Attirer", "attractivite:espace"), ("Locaux", None)),
    })


def _formulaire(request, local: Local | None):
    territoire = request.territoire
    equipe = a_un_role(request.user, territoire, "equipe")
    orgs = None if equipe else organisations_du_compte(request.user, territoire)
    form = LocalForm(request.POST or None, instance=local, territoire=territoire, organisations_partenaire=orgs)
    if request.method == "POST" and form.is_valid():
        objet = form.save(commit=False)
        objet.territoire = territoire
        try:
            actions.enregistrer_local(objet, auteur=request.user, champs_modifies=form.changed_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Local enregistré.")
            return redirect(objet.get_absolute_url())
    titre = f"Modifier « {local.nom} »" if local else "Nouveau local"
    return render(request, "attractivite/formulaire.html", {
        "territoire": territoire, "form": form, "titre": titre,
        "annuler": local.get_absolute_url() if local else None,
        "fil": fil(request, ("Attirer", "attractivite:espace"), ("Locaux", "attractivite:locaux"), (titre, None)),
    }, status=400 if request.method == "POST" else 200)


@vue_territoire("equipe", "partenaire")
def local_nouveau(request):
    return _formulaire(request, None)


def _local_modifiable(request, pk: int) -> Local:
    local = get_object_or_404(Local.objects.for_user(request.user, request.territoire), pk=pk)
    if not peut_modifier_local(request.user, request.territoire, local):
        raise PermissionDenied("Seuls l'équipe et le compte partenaire du propriétaire ou du commercialisateur modifient ce local.")
    return local


@vue_territoire("equipe", "partenaire")
def local_modifier(request, pk: int):
    return _formulaire(request, _local_modifiable(request, pk))


@vue_territoire(*INTERNES)
def local(request, pk: int):
    territoire = request.territoire
    x = get_object_or_404(Local.objects.for_user(request.user, territoire)
                          .select_related("commune", "site", "terrain", "proprietaire", "mandataire", "contact"), pk=pk)
    modifiable = peut_modifier_local(request.user, territoire, x)
    return render(request, "attractivite/local.html", {
        "territoire": territoire, "local": x, "photos": x.photos.all(), "modifiable": modifiable,
        "voit_contact": a_un_role(request.user, territoire, "equipe", "partenaire"),
        "form_photo": PhotoForm() if modifiable else None,
        "carte": carte_geojson([("local", x.nom, (x.longitude, x.latitude), "")]),
        "fil": fil(request, ("Attirer", "attractivite:espace"), ("Locaux", "attractivite:locaux"), (x.nom, None)),
    })


@require_POST
@vue_territoire("equipe", "partenaire")
def local_photo(request, pk: int):
    local = _local_modifiable(request, pk)
    form = PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            actions.ajouter_photo(local, form.cleaned_data["image"], form.cleaned_data["texte_alternatif"], auteur=request.user)
        except ValidationError as exc:
            for champ, erreurs in exc.message_dict.items():
                for e in erreurs:
                    form.add_error(champ if champ in form.fields else None, e)
        else:
            messages.success(request, "Photo ajoutée.")
            return redirect(local.get_absolute_url())
    return render(request, "attractivite/local.html", {
        "territoire": request.territoire, "local": local, "photos": local.photos.all(), "modifiable": True,
        "voit_contact": True, "form_photo": form, "carte": carte_geojson([("local", local.nom, (local.longitude, local.latitude), "")]),
        "fil": fil(request, ("Attirer", "attractivite:espace"), ("Locaux", "attractivite:locaux"), (local.nom, None)),
    }, status=400)


@require_POST
@vue_territoire("equipe", "partenaire")
def photo_retirer(request, pk: int, photo: int):
    local = _local_modifiable(request, pk)
    actions.retirer_photo(get_object_or_404(local.photos, pk=photo), auteur=request.user)
    messages.success(request, "Photo retirée.")
    return redirect(local.get_absolute_url())


@vue_territoire()
def photo(request, pk: int):
    """A premises' photo: served to whoever may see the premises (the public: public ones only)."""
    p = get_object_or_404(PhotoLocal.objects.select_related("local"), pk=pk)
    if not Local.objects.for_user(request.user, request.territoire).filter(pk=p.local_id).exists():
        raise Http404("Photo introuvable.")
    reponse = FileResponse(p.image.open("rb"), content_type={"jpg": "image/jpeg", "png": "image/png", "webp": "image/webp"}
                           .get(p.image.name.rsplit(".", 1)[-1], "application/octet-stream"))
    reponse["X-Content-Type-Options"] = "nosniff"
    reponse["Cache-Control"] = "private, max-age=3600"
    return reponse
