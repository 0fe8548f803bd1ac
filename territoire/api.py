"""The versioned JSON API under /api/v1/: each domain app contributes the `router` of its
own `api.py` module (discovered here, so that no app edits this file).

The OpenAPI document tells the truth about every operation, whoever wrote it (issue 11 §9):
`DocumentFidele` adds to each operation the statuses its view can answer — 404 when it has
path parameters (an unknown territory or record), 422 when it has parameters (a value of the
wrong type, in French), and every `HttpError(4xx, …)` its view raises itself (401 for a
reserved list, 400 for a refused filter…) — and declares GeoJSON layers as
`application/geo+json`, with their ETag and 304.
"""

from __future__ import annotations

import inspect
import re
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from ninja import NinjaAPI
from ninja.errors import ValidationError

SENS = {
    400: "Paramètre refusé (le message dit lequel et pourquoi)",
    401: "Connexion requise",
    403: "Ce compte n'a pas accès à cette ressource",
    404: "Territoire ou ressource introuvable",
    422: "Paramètre invalide (type ou format) : la liste des erreurs, en français",
}
ERREUR = {"type": "object", "properties": {"detail": {"type": "string"}}, "required": ["detail"]}
ERREURS_DE_VALIDATION = {
    "type": "object",
    "properties": {
        "detail": {"type": "array", "items": {"type": "object", "properties": {
            "loc": {"type": "array", "items": {"anyOf": [{"type": "string"}, {"type": "integer"}]}},
            "msg": {"type": "string"}, "type": {"type": "string"},
        }, "required": ["loc", "msg", "type"]}},
        "message": {"type": "string"},
    },
    "required": ["detail"],
}
_STATUT_LEVE = re.compile(r"HttpError\(\s*(\d{3})")


def statuts_leves(vue) -> set[int]:
    """The HTTP statuses a view raises itself (`HttpError(4xx, …)` in its own code)."""
    try:
        source = inspect.getsource(inspect.unwrap(vue))
    except (OSError, TypeError):
        return set()
    return {int(code) for code in _STATUT_LEVE.findall(source)}


class DocumentFidele(NinjaAPI):
    def get_openapi_schema(self, *args, **kwargs):
        document = super().get_openapi_schema(*args, **kwargs)
        composants = document.setdefault("components", {}).setdefault("schemas", {})
        composants["Erreur"] = ERREUR
        composants["ErreursDeValidation"] = ERREURS_DE_VALIDATION
        vues = self._vues_par_operation()
        for chemin, methodes in document.get("paths", {}).items():
            for operation in methodes.values():
                self._completer(chemin, operation, vues.get(operation.get("operationId")))
        return document

    def _vues_par_operation(self) -> dict:
        vues = {}
        for _prefixe, routeur in self._routers:
            for vue_chemin in routeur.path_operations.values():
                for op in vue_chemin.operations:
                    vues[op.operation_id or self.get_openapi_operation_id(op)] = op.view_func
        return vues

    def _completer(self, chemin: str, operation: dict, vue) -> None:
        reponses = {str(code): reponse for code, reponse in operation.get("responses", {}).items()}
        operation["responses"] = reponses
        parametres = operation.get("parameters", [])
        statuts = statuts_leves(vue) if vue else set()
        if any(p.get("in") == "path" for p in parametres):
            statuts.add(404)
        if parametres:
            statuts.add(422)
        for statut in sorted(statuts):
            if str(statut) in reponses:
                continue
            schema = "ErreursDeValidation" if statut == 422 else "Erreur"
            reponses[str(statut)] = {
                "description": SENS.get(statut, "Erreur"),
                "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}},
            }
        if chemin.endswith(".geojson") and "200" in reponses:
            contenu = reponses["200"].get("content", {})
            if "application/json" in contenu:
                contenu["application/geo+json"] = contenu.pop("application/json")
            reponses["200"]["headers"] = {
                "ETag": {"description": "Version des données de la couche", "schema": {"type": "string"}},
            }
            reponses["304"] = {"description": "Inchangée depuis l'ETag donné dans If-None-Match"}


api = DocumentFidele(
    title="Territoire — API",
    version="1",
    description=(
        "Données ouvertes et outils des partenaires d'un Territoire d'industrie. "
        "Les données publiées sont sous Licence Ouverte 2.0 (sources : INSEE, IGN, ANCT). "
        "Les établissements non diffusibles et les données personnelles ne sont jamais servis au public. "
        "Documentation lisible : /api/v1/documentation/."
    ),
    urls_namespace="api",
    # No Swagger page: it would load its assets from a CDN; the French page
    # /api/v1/documentation/ is drawn from this document, on the server.
    docs_url=None,
)

MESSAGES = {
    "int_parsing": "nombre entier attendu",
    "int_from_float": "nombre entier attendu",
    "bool_parsing": "booléen attendu (true ou false)",
    "missing": "paramètre obligatoire absent",
    "string_too_long": "texte trop long",
    "date_from_datetime_parsing": "date attendue (AAAA-MM-JJ)",
    "date_parsing": "date attendue (AAAA-MM-JJ)",
}


@api.exception_handler(ValidationError)
def parametres_invalides(request, exc: ValidationError):
    erreurs = []
    for erreur in exc.errors:
        lieu = [str(x) for x in erreur.get("loc", []) if x not in ("query", "path", "body")]
        texte = MESSAGES.get(erreur.get("type", ""), erreur.get("msg", "valeur invalide"))
        erreurs.append({"loc": list(erreur.get("loc", [])), "msg": texte, "type": erreur.get("type", "")})
        erreurs[-1]["champ"] = ".".join(lieu)
    resume = " ; ".join(f"{e['champ'] or 'requête'} : {e['msg']}" for e in erreurs)
    return api.create_response(request, {"detail": erreurs, "message": f"Paramètres invalides : {resume}."}, status=422)


for config in apps.get_app_configs():
    if config.name.startswith("territoire.") and find_spec(f"{config.name}.api"):
        api.add_router("/", import_module(f"{config.name}.api").router)
