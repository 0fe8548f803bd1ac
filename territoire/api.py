"""The versioned JSON API under /api/v1/: each domain app contributes the `router` of its
own `api.py` module (discovered here, so that no app edits this file)."""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from ninja import NinjaAPI

api = NinjaAPI(
    title="Territoire — API",
    version="1",
    description=(
        "Données ouvertes et outils des partenaires d'un Territoire d'industrie. "
        "Les données publiées sont sous Licence Ouverte 2.0 (sources : INSEE, IGN, ANCT). "
        "Les établissements non diffusibles et les données personnelles ne sont jamais servis au public."
    ),
    urls_namespace="api",
    # No Swagger page: it would load its assets from a CDN. The OpenAPI document is enough.
    docs_url=None,
)

for config in apps.get_app_configs():
    if config.name.startswith("territoire.") and find_spec(f"{config.name}.api"):
        api.add_router("/", import_module(f"{config.name}.api").router)
