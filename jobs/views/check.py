"""The public "Do I qualify?" check: no account, nothing stored about the person.

GET is the same form for everyone (no CSRF token, no per-user content), so it is
cacheable (`public`, varied by language). The answer is a POST, computed by the
screening engine, rate-limited per client and never cached or stored: only a
count by day and outcome is kept (no address, no session). "Save this as my
profile" is a second, CSRF-protected POST that keeps the answers in the session
(or, for a signed-in seeker, adds them to the profile at once).
"""

import json

from allauth.core.internal import ratelimit
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from jobs.engines.screening.jsonl import InvalidInput
from jobs.forms import CheckDegreeFormSet, VisaCheckForm, check_answers
from jobs.models import OutcomeChoices
from jobs.selectors.rules import current_rules
from jobs.selectors.screening import check_outlook
from jobs.services.visa_check import count_check, keep_answers, profile_from_answers

FORM_MAX_AGE = 600


def _limited(request: HttpRequest) -> bool:
    """True when this client has used up its checks (allauth's rate limits, in the
    database cache; the key is a hash of the client address, never the address)."""
    usage = ratelimit.consume(
        request,
        app="jobs",
        action="visa_check",
        config={"visa_check": settings.VISA_CHECK_RATE_LIMIT},
        key=ratelimit.get_ip(request),
    )
    return usage is None


def _page(request, form, degrees, *, status=200, **context) -> HttpResponse:
    return render(
        request,
        "jobs/visa_check.html",
        {"form": form, "degrees": degrees, **context},
        status=status,
    )


# The answer POST computes and stores nothing a forged request could abuse; the
# page it comes from is cached publicly, so it carries no CSRF token.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def visa_check(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        response = _page(request, VisaCheckForm(), CheckDegreeFormSet(prefix="degree"))
        patch_cache_control(response, public=True, max_age=FORM_MAX_AGE)
        patch_vary_headers(response, ["Accept-Language", "Cookie"])
        return response
    form = VisaCheckForm(request.POST)
    degrees = CheckDegreeFormSet(request.POST, prefix="degree")
    if _limited(request):
        response = _page(
            request,
            form,
            degrees,
            status=429,
            limited=_(
                "You have made many checks in a short time. Please wait a few "
                "minutes and try again."
            ),
        )
    elif form.is_valid() and degrees.is_valid():
        answers = check_answers(form, [d.answer() for d in degrees])
        try:
            k_visa = check_outlook(answers=answers)["k_visa"]
        except InvalidInput:  # the forms check every field; kept as a guard
            k_visa = None
        if k_visa is None:
            response = _page(request, form, degrees, status=400)
        else:
            count_check(outcome=k_visa["outcome"])
            response = _page(
                request,
                form,
                degrees,
                k_visa=k_visa,
                outcome_label=OutcomeChoices(k_visa["outcome"]).label,
                rules_version=current_rules().version,
                answers_json=json.dumps(answers),
            )
    else:
        response = _page(request, form, degrees)
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
def visa_check_save(request: HttpRequest) -> HttpResponse:
    """Keep the answers for the profile: at once for a signed-in seeker, else in
    the session until they sign up or in (`jobs.receivers.profile_from_check`)."""
    try:
        answers = json.loads(request.POST.get("answers", ""))
    except ValueError:
        answers = None
    form = VisaCheckForm(_fields(answers))
    degrees = CheckDegreeFormSet(_degree_fields(answers), prefix="degree")
    if not (form.is_valid() and degrees.is_valid()):
        messages.error(request, _("Those answers could not be read; nothing was kept."))
        return redirect("jobs:visa_check")
    answers = check_answers(form, [d.answer() for d in degrees])
    if not (answers["degrees"] or answers["positions"] or answers["date_of_birth"]):
        messages.error(request, _("Those answers could not be read; nothing was kept."))
        return redirect("jobs:visa_check")
    user = request.user
    if user.is_authenticated:
        if not user.is_seeker:
            messages.error(request, _("Only a job seeker's account has a profile."))
            return redirect("jobs:visa_check")
        profile_from_answers(user=user, answers=answers)
        messages.success(request, _("Your answers were added to your profile."))
        return redirect("accounts:profile")
    keep_answers(session=request.session, answers=answers)
    messages.info(
        request,
        _(
            "Create a job seeker account (or sign in): your answers will be added "
            "to your profile."
        ),
    )
    return redirect(f"{reverse('account_signup')}?next={reverse('accounts:profile')}")


def _fields(answers) -> dict:
    """The check form's fields from answers (validated again by the forms)."""
    if not isinstance(answers, dict):
        return {}
    posts = answers.get("positions") or [{}]
    post = posts[0] if isinstance(posts, list) and isinstance(posts[0], dict) else {}
    return {
        "date_of_birth": answers.get("date_of_birth") or "",
        "post_kind": post.get("kind") or "",
        "post_title": post.get("title") or "",
        "post_field": post.get("field") or "",
        "post_institution": post.get("organisation") or "",
        "post_start": post.get("start") or "",
    }


def _degree_fields(answers) -> dict:
    rows = answers.get("degrees") if isinstance(answers, dict) else None
    rows = rows if isinstance(rows, list) else []
    data = {
        "degree-TOTAL_FORMS": str(min(len(rows), 3)),
        "degree-INITIAL_FORMS": "0",
    }
    for i, row in enumerate(rows[:3]):
        row = row if isinstance(row, dict) else {}
        data.update(
            {
                f"degree-{i}-level": row.get("level") or "",
                f"degree-{i}-field": row.get("field") or "",
                f"degree-{i}-institution": row.get("institution") or "",
                f"degree-{i}-date": row.get("expected") or row.get("conferred") or "",
                f"degree-{i}-expected": "on" if row.get("expected") else "",
            }
        )
    return data
