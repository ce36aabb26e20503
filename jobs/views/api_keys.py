"""Company API keys on the team page: owners create and revoke them.

A new key is shown once, in the answer to the POST that created it (no
redirect, so it never passes through a session, a message or a URL), and that
answer is never cached.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.requests import AuthenticatedRequest
from jobs.forms import ApiKeyForm
from jobs.models import Company
from jobs.selectors.api_keys import keys_of
from jobs.services.api_keys import create_api_key, revoke_api_key
from jobs.views.access import company_member_required
from jobs.views.employer import render_team

# The example call in the new key's box; the REST API lives under /api/v1/.
EXAMPLE_PATH = "/api/v1/roles/"


@company_member_required(owner=True)
@require_POST
def api_key_create(request: AuthenticatedRequest, *, company: Company) -> HttpResponse:
    form = ApiKeyForm(request.POST)
    if form.is_valid():
        try:
            key, raw_key = create_api_key(
                name=form.cleaned_data["name"],
                scopes=form.cleaned_data["scopes"],
                by=request.user,
                company=company,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            response = render_team(
                request,
                company=company,
                status=201,
                new_key={
                    "key": key,
                    "raw": raw_key,
                    "url": request.build_absolute_uri(EXAMPLE_PATH),
                },
            )
            patch_cache_control(response, no_store=True, private=True)
            return response
    return render_team(request, company=company, status=400, key_form=form)


@company_member_required(owner=True)
@require_POST
def api_key_revoke(
    request: AuthenticatedRequest, pk: int, *, company: Company
) -> HttpResponse:
    key = get_object_or_404(keys_of(company=company), pk=pk)
    revoke_api_key(key=key, by=request.user)
    messages.success(request, _("The key “%(name)s” is revoked.") % {"name": key.name})
    return redirect(reverse("jobs:team") + "#api-keys")
