"""View helpers: every page under /<territoire>/ goes through `vue_territoire`."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from territoire.referentiel.models import Territoire

from .acces import a_un_role


def vue_territoire(*roles_requis: str):
    """Decorator: resolve the `territoire` URL slug onto request.territoire and check roles.

    Without roles, the page is public. With roles, the public is sent to the login page and
    a signed-in user without one of the roles gets a 403.
    """

    def decorateur(view):
        @wraps(view)
        def enveloppe(request, *args, territoire: str, **kwargs):
            request.territoire = get_object_or_404(Territoire, slug=territoire)
            if roles_requis and not a_un_role(request.user, request.territoire, *roles_requis):
                if not request.user.is_authenticated:
                    return redirect_to_login(request.get_full_path())
                raise PermissionDenied("Cette page est réservée aux membres habilités de ce territoire.")
            return view(request, *args, **kwargs)

        enveloppe.roles_requis = roles_requis
        return enveloppe

    return decorateur
