from django.shortcuts import redirect, render

from territoire.comptes.vues import vue_territoire
from territoire.etablissements.chiffres import definitions
from territoire.observatoire.chiffres import chiffres_cles
from territoire.referentiel.models import Territoire


def racine(request):
    territoires = list(Territoire.objects.all())
    if len(territoires) == 1:
        return redirect(territoires[0].get_absolute_url())
    return render(request, "portail/racine.html", {"territoires": territoires})


@vue_territoire()
def accueil(request):
    territoire = request.territoire
    return render(
        request,
        "portail/accueil.html",
        {"territoire": territoire, "chiffres": chiffres_cles(territoire), "definitions": definitions(territoire)},
    )
