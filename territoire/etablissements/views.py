from django.shortcuts import get_object_or_404, render

from territoire.comptes.vues import vue_territoire

from .queries import etablissements_visibles


@vue_territoire()
def liste(request):
    territoire = request.territoire
    qs = etablissements_visibles(request.user, territoire).select_related("unite_legale", "commune")[:50]
    return render(request, "etablissements/liste.html", {"territoire": territoire, "etablissements": qs})


@vue_territoire()
def detail(request, siret: str):
    territoire = request.territoire
    etab = get_object_or_404(etablissements_visibles(request.user, territoire), siret=siret)
    return render(request, "etablissements/detail.html", {"territoire": territoire, "etablissement": etab})
