"""Helpers shared by the programme's pages."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render

from ..models import FicheAction
from ..queries import fiches_visibles


def refuser(request):
    """The public goes to the login page; a signed-in user without the right gets a 403."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise PermissionDenied("Vous ne pouvez pas modifier cette fiche.")


def fiche_visible(request, pk: int) -> FicheAction:
    """The fiche if the user may open it, else a 404 (its existence is not revealed)."""
    return get_object_or_404(
        fiches_visibles(request.user, request.territoire).select_related(
            "programme__territoire", "statut", "pilote_organisation"
        ),
        pk=pk,
    )


def reporter_erreurs(form, exc: ValidationError) -> None:
    """Put an action's ValidationError on the form, field by field when it can."""
    if hasattr(exc, "error_dict"):
        for champ, erreurs in exc.error_dict.items():
            form.add_error(champ if champ in form.fields else None, erreurs)
    else:
        form.add_error(None, exc)


def page_formulaire(
    request, form, *, titre: str, fiche=None, enregistrer, suite: str, intro: str = ""
):
    """GET shows the form; a valid POST calls `enregistrer(cleaned_data)` then redirects to `suite`.

    An action's ValidationError comes back on the form: nothing is saved.
    """
    if request.method == "POST" and form.is_valid():
        try:
            enregistrer(form.cleaned_data)
        except ValidationError as exc:
            reporter_erreurs(form, exc)
        else:
            messages.success(request, "Enregistré.")
            return redirect(suite)
    statut = 400 if request.method == "POST" else 200
    return render(
        request,
        "programme/formulaire.html",
        {
            "territoire": request.territoire,
            "form": form,
            "titre": titre,
            "fiche": fiche,
            "intro": intro,
        },
        status=statut,
    )
