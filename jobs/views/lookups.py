"""The lookups behind the forms' autocomplete (institutions, fields, cities).

Institutions and fields are reference data, open to everyone (the public check
uses them); the city picker is for signed-in forms.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, JsonResponse
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from jobs.engines.places import suggest_places
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


@login_required
@require_GET
def city_suggest(request: HttpRequest) -> JsonResponse:
    """Cities whose English, Chinese, pinyin or other name starts with (or holds)
    the text, named in the reader's language: "bei", "北京" and "Peking" all
    suggest Beijing / 北京. Typed text needs no suggestion: the server resolves it."""
    text = request.GET.get("q", "").strip()[:100]
    language = get_language()
    return JsonResponse(
        {
            "results": [p.name_for(language) for p in suggest_places(text, limit=12)]
            if text
            else []
        }
    )
