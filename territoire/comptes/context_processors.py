from .acces import est_interne, roles


def acces(request):
    """Expose the current territory's roles to templates (navigation shows what one may open)."""
    territoire = getattr(request, "territoire", None)
    user = getattr(request, "user", None)
    mes_roles = roles(user, territoire)
    return {
        "mes_roles": mes_roles,
        "est_interne": est_interne(user, territoire),
        "est_equipe": "equipe" in mes_roles,
    }
