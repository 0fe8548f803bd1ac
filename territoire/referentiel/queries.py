from __future__ import annotations

from .models import Territoire


def territoire_designe(slug: str | None) -> Territoire:
    """The territory named on the command line, or the only one there is."""
    if slug:
        try:
            return Territoire.objects.get(slug=slug)
        except Territoire.DoesNotExist:
            connus = ", ".join(Territoire.objects.values_list("slug", flat=True)) or "aucun"
            raise Territoire.DoesNotExist(
                f"Territoire « {slug} » inconnu (territoires existants : {connus})."
            ) from None
    territoires = list(Territoire.objects.all()[:2])
    if len(territoires) == 1:
        return territoires[0]
    if not territoires:
        raise Territoire.DoesNotExist(
            "Aucun territoire : créez-en un avec « territoire init --epci SIREN --nom … » "
            "ou « territoire demo »."
        )
    raise Territoire.DoesNotExist("Plusieurs territoires : précisez --territoire IDENTIFIANT.")
