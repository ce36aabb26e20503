"""The REST API under /api/v1/ (django-ninja).

django-ninja, not Django REST framework: the schema is generated from the type
hints the operations already carry (pydantic), so what is validated and what is
documented cannot drift apart; it serves Swagger UI from its own package
(`ninja/static`, no CDN) and is one dependency instead of two (DRF and
drf-spectacular).

Routers: `public` (anonymous), `roles`, `applications` (company keys) and
`screening` (staff). Errors are problem details (`problems`), the language is
`Accept-Language`'s (`portal.middleware.ApiLanguageMiddleware`).
"""

from django.http import HttpRequest, JsonResponse
from django.urls import path, reverse
from ninja import NinjaAPI
from ninja.renderers import JSONRenderer

from jobs.views.api import applications, problems, public, roles, screening


class _Renderer(JSONRenderer):
    # Chinese text as text, not \\u escapes.
    json_dumps_params = {"ensure_ascii": False}


class PortalAPI(NinjaAPI):
    def get_openapi_schema(self, *args, **kwargs):
        """ninja's schema plus the errors each operation can give, as problem
        details, so a client (and the contract tests) know every answer."""
        schema = super().get_openapi_schema(*args, **kwargs)
        return problems.document_errors(schema)


api = PortalAPI(
    title="K-Talent Portal API",
    version="1",
    description=(
        "Roles, applications and matching candidates for a company's own systems; "
        "public roles for anyone; screening for staff. Authenticate with a company "
        "API key: `Authorization: Bearer ktp_…` (created by an owner on the team "
        "page). Errors are RFC 9457 problem details; text is in the language of "
        "`Accept-Language` (en or zh-hans)."
    ),
    urls_namespace="api_v1",
    docs_url="/docs/",
    openapi_url="/openapi.json",
    renderer=_Renderer(),
)
problems.install(api)
api.add_router("/public/", public.router)
api.add_router("/", roles.router)
api.add_router("/", applications.router)
api.add_router("/", screening.router)


def not_found(request: HttpRequest, rest: str):
    """Any other path under /api/v1/: a problem document, not the HTML 404 page."""
    return problems.problem_response(request, 404, "")


def index(request: HttpRequest):
    """/api/v1/ itself: where the schema and the docs are."""
    return JsonResponse(
        {
            "name": api.title,
            "version": api.version,
            "openapi": request.build_absolute_uri(reverse("api_v1:openapi-json")),
            "docs": request.build_absolute_uri(reverse("api_v1:openapi-view")),
        }
    )


urlpatterns = [
    path("api/v1/", index, name="api_index"),
    path("api/v1/", api.urls),
    path("api/v1/<path:rest>", not_found, name="api_not_found"),
]
