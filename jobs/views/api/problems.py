"""Errors as RFC 9457 problem details (`application/problem+json`), in the
language of the request.

Every error the API gives has `type`, `title`, `status` and `detail`; a request
that fails validation adds `errors`: one entry per field, `{"field", "message"}`.
The `type` is a stable URI under /api/v1/problems/ that names the kind of error
(clients branch on it, never on the translated title).
"""

import json
import logging

from django.core.exceptions import (
    PermissionDenied,
    RequestDataTooBig,
    SuspiciousOperation,
)
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

logger = logging.getLogger(__name__)

PROBLEM_BASE = "https://k-talent.example/api/v1/problems/"

# status -> (type slug, title): the titles people read, translated when sent.
KINDS = {
    400: ("bad-request", gettext_lazy("The request is not valid")),
    401: ("unauthenticated", gettext_lazy("An API key is needed")),
    403: ("forbidden", gettext_lazy("This key may not do that")),
    404: ("not-found", gettext_lazy("Not found")),
    405: ("method-not-allowed", gettext_lazy("Method not allowed")),
    409: ("conflict", gettext_lazy("The object is not in a state that allows this")),
    413: ("too-large", gettext_lazy("The request is too large")),
    415: ("unsupported-media-type", gettext_lazy("Unsupported content type")),
    422: ("invalid", gettext_lazy("Some fields are not valid")),
    429: ("rate-limited", gettext_lazy("Too many requests")),
    500: ("server-error", gettext_lazy("Something went wrong on our side")),
}


class Problem(Exception):
    """Raise from an API function to answer with a problem document."""

    def __init__(
        self,
        status: int,
        detail: str = "",
        *,
        errors: list[dict] | None = None,
        headers: dict[str, str] | None = None,
    ):
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.errors = errors
        self.headers = headers or {}


def problem_response(
    request: HttpRequest,
    status: int,
    detail: str = "",
    *,
    errors: list[dict] | None = None,
    headers: dict[str, str] | None = None,
) -> HttpResponse:
    slug, title = KINDS.get(status, KINDS[400 if status < 500 else 500])
    body: dict = {
        "type": PROBLEM_BASE + slug,
        "title": str(title),
        "status": status,
        "detail": detail
        or (_("Some fields are not valid: see errors.") if errors else str(title)),
        "instance": request.path,
    }
    if errors is not None:
        body["errors"] = errors
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False),
        status=status,
        content_type="application/problem+json",
    )
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def field_errors(error: DjangoValidationError) -> list[dict]:
    """A Django ValidationError (a form's or a service's) as the `errors` list."""
    if hasattr(error, "error_dict"):
        return [
            {"field": "" if name == "__all__" else name, "message": message}
            for name, messages in error.message_dict.items()
            for message in messages
        ]
    return [{"field": "", "message": message} for message in error.messages]


def _location(loc) -> str:
    # ninja's loc is ("body", "payload", "salary_min") or ("query", "page"):
    # the client knows the field by its own name, not the function's argument.
    parts = [
        str(p) for p in loc if p not in ("body", "query", "path", "payload", "filters")
    ]
    return ".".join(parts)


def install(api) -> None:
    """Register the handlers on a NinjaAPI, replacing ninja's own shapes."""

    @api.exception_handler(Problem)
    def _problem(request, exc: Problem):
        return problem_response(
            request, exc.status, exc.detail, errors=exc.errors, headers=exc.headers
        )

    @api.exception_handler(NinjaValidationError)
    def _invalid(request, exc: NinjaValidationError):
        errors = [
            {"field": _location(e.get("loc", ())), "message": str(e.get("msg", ""))}
            for e in exc.errors
        ]
        return problem_response(
            request, 422, _("Some fields are not valid: see errors."), errors=errors
        )

    @api.exception_handler(DjangoValidationError)
    def _service_refused(request, exc: DjangoValidationError):
        return problem_response(
            request, 422, " ".join(exc.messages), errors=field_errors(exc)
        )

    @api.exception_handler(AuthenticationError)
    def _unauthenticated(request, exc):
        return problem_response(
            request,
            401,
            _(
                "Send an API key as “Authorization: Bearer ktp_…”; this one is missing, unknown or revoked."
            ),
            headers={"WWW-Authenticate": 'Bearer realm="api"'},
        )

    @api.exception_handler(Http404)
    def _not_found(request, exc):
        return problem_response(request, 404, _("There is nothing here for this key."))

    @api.exception_handler(PermissionDenied)
    def _forbidden(request, exc):
        return problem_response(request, 403, str(exc) or "")

    @api.exception_handler(SuspiciousOperation)
    def _suspicious(request, exc):
        # A body over DATA_UPLOAD_MAX_MEMORY_SIZE, too many fields, a bad host.
        status = 413 if isinstance(exc, RequestDataTooBig) else 400
        return problem_response(request, status, "")

    @api.exception_handler(HttpError)
    def _http_error(request, exc: HttpError):
        return problem_response(request, exc.status_code, str(exc))

    @api.exception_handler(Exception)
    def _unexpected(request, exc):
        logger.exception("API error on %s", request.path)
        return problem_response(
            request, 500, _("The error was logged; please try again later.")
        )


def form_errors(form) -> list[dict]:
    """A bound form's errors (the web's own validation) as the `errors` list."""
    return [
        {"field": "" if name == "__all__" else name, "message": str(message)}
        for name, messages in form.errors.items()
        for message in messages
    ]


PROBLEM_SCHEMA = {
    "type": "object",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string", "format": "uri"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["field", "message"],
                "properties": {
                    "field": {"type": "string"},
                    "message": {"type": "string"},
                },
            },
        },
    },
}


def _errors_of(path: str, method: str, operation: dict) -> list[int]:
    codes = [400, 404, 405, 422]  # 400: a NUL byte, a body that is not JSON
    if operation.get("security"):
        codes += [401, 403, 429]
    if method != "get" and "/roles/" in path and "security" in operation:
        codes.append(409)
    if path.endswith("/screening/"):
        codes += [413, 415]
    return sorted(set(codes))


def document_errors(schema: dict) -> dict:
    """Add the problem responses of every operation to an OpenAPI document."""
    schema.setdefault("components", {}).setdefault("schemas", {})["Problem"] = (
        PROBLEM_SCHEMA
    )
    reference = {"$ref": "#/components/schemas/Problem"}
    for path, operations in schema.get("paths", {}).items():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            for code in _errors_of(path, method, operation):
                responses.setdefault(
                    str(code),
                    {
                        "description": str(KINDS[code][1]),
                        "content": {"application/problem+json": {"schema": reference}},
                    },
                )
    return schema
