"""The versioned JSON API: each domain app contributes a router from its own api.py."""

from ninja import NinjaAPI

from territoire.etablissements.api import router as etablissements_router

api = NinjaAPI(
    title="Territoire — API",
    version="1",
    description=(
        "Données ouvertes et outils des partenaires d'un Territoire d'industrie. "
        "Les données publiées sont sous Licence Ouverte 2.0 (sources : INSEE, IGN, ANCT). "
        "Les établissements non diffusibles et les données personnelles ne sont jamais servis au public."
    ),
    urls_namespace="api",
)
api.add_router("/", etablissements_router)
