"""Each role's workspace, and the chooser of a person with roles on several territories."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from territoire.referentiel.models import Territoire

from ..acces import roles
from ..espace import ORDRE_ROLES, tuiles_pour
from ..models import Adhesion, Role
from ..vues import vue_territoire


@login_required
def espaces(request):
    """Every territory where the person holds a role, with the roles; a superuser sees all."""
    par_territoire: dict[int, dict] = {}
    for adhesion in Adhesion.objects.filter(utilisateur=request.user).select_related("territoire").order_by(
        "territoire__nom"
    ):
        ligne = par_territoire.setdefault(adhesion.territoire_id, {"territoire": adhesion.territoire, "roles": []})
        ligne["roles"].append(adhesion.get_role_display())
    if request.user.is_superuser:
        for t in Territoire.objects.exclude(pk__in=par_territoire).order_by("nom"):
            par_territoire[t.pk] = {"territoire": t, "roles": [Role.EQUIPE.label + " (administration)"]}
    lignes = sorted(par_territoire.values(), key=lambda ligne: ligne["territoire"].nom)
    return render(request, "comptes/espaces.html", {"lignes": lignes})


@vue_territoire(*Role.values)
def espace(request):
    mes_roles = roles(request.user, request.territoire)
    libelles = dict(Role.choices)
    sections = [
        {"role": role, "libelle": libelles[role], "tuiles": tuiles_pour(request, role)}
        for role in ORDRE_ROLES
        if role in mes_roles
    ]
    autres = Adhesion.objects.filter(utilisateur=request.user).exclude(territoire=request.territoire).exists()
    return render(
        request,
        "comptes/espace.html",
        {"territoire": request.territoire, "sections": sections, "autres_territoires": autres, "sans_cote": True},
    )
