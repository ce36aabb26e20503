"""The lookups behind the autocomplete of the profile form and the public check
(institutions, fields): reference data only, so open to everyone."""

from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

from jobs.engines.screening.fields import field_suggestions
from jobs.selectors.rules import current_rules


@require_GET
def institution_suggest(request: HttpRequest) -> JsonResponse:
    """Institutions the screening knows, for the degree form's autocomplete."""

    text = request.GET.get("q", "").strip()[:100]
    results = []
    if len(text) >= 2:
        results = [
            inst.name for inst in current_rules().institutions.search(text, limit=12)
        ]
    return JsonResponse({"results": results})


@require_GET
def field_suggest(request: HttpRequest) -> JsonResponse:
    """Fields of study the screening can map, for the degree form's autocomplete."""
    text = request.GET.get("q", "").strip()[:100]
    return JsonResponse(
        {"results": field_suggestions(text, limit=12) if len(text) >= 2 else []}
    )
