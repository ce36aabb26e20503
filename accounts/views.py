"""Account pages: the landing redirect and the seeker's profile."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from accounts.access import seeker_required
from accounts.services import landing_url_for


@login_required
@require_GET
def landing(request: HttpRequest) -> HttpResponse:
    return redirect(landing_url_for(request.user))


@seeker_required
@require_GET
def profile(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/profile.html")
