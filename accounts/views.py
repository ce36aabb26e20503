"""Seeker pages: profile, editing by section, CV, my data.

Every view here works on the signed-in seeker's own profile only: objects are
looked up through `request.user`, never by an id alone.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import services
from accounts.access import seeker_required
from accounts.forms import (
    AchievementsForm,
    CVForm,
    DeleteAccountForm,
    EducationForm,
    LanguageForm,
    LanguageFormSet,
    LinksForm,
    PersonalForm,
    PositionForm,
    PreferencesForm,
    PrivacyForm,
    SkillsForm,
)
from accounts.models import CandidateProfile, Education, Position, Skill
from accounts.requests import AuthenticatedRequest
from accounts.selectors import profile_strength, years_of_experience
from accounts.uploads import cv_response
from portal.language import remember_language


@dataclass(frozen=True)
class Section:
    """One section of the profile editor: its form, shown and posted, and its save.

    Each section saves on its own. `unbound(profile)` is the form shown,
    `bound(request, profile)` the form posted, `save(profile, form)` calls the
    service that writes it.
    """

    heading: Promise  # a lazy translation: read in the visitor's language
    unbound: Callable[[CandidateProfile], Any]
    bound: Callable[[AuthenticatedRequest, CandidateProfile], Any]
    save: Callable[[CandidateProfile, Any], object]  # the return value is not used


def _model_section(heading: Promise, form_class: Any) -> Section:
    """A section that edits fields of the profile itself."""
    return Section(
        heading=heading,
        unbound=lambda profile: form_class(instance=profile),
        bound=lambda request, profile: form_class(request.POST, instance=profile),
        save=lambda profile, form: services.update_profile(
            profile=profile,
            **{name: form.cleaned_data[name] for name in form.Meta.fields},
        ),
    )


def _privacy_initial(profile: CandidateProfile) -> dict:
    return {
        "visibility": profile.visibility,
        "consent_share": profile.consent_share_at is not None,
        "consent_cross_border": profile.consent_cross_border_at is not None,
    }


# Section name -> Section, in the order of the page.
PROFILE_SECTIONS: dict[str, Section] = {
    "personal": _model_section(gettext_lazy("About you"), PersonalForm),
    "preferences": _model_section(
        gettext_lazy("What you are looking for"), PreferencesForm
    ),
    "skills": Section(
        heading=gettext_lazy("Skills"),
        unbound=lambda profile: SkillsForm(
            initial={"skills": ", ".join(s.name for s in profile.skills.all())}
        ),
        bound=lambda request, profile: SkillsForm(request.POST),
        save=lambda profile, form: services.set_skills(
            profile=profile, names=form.cleaned_data["skills"]
        ),
    ),
    "languages": Section(
        heading=gettext_lazy("Languages"),
        unbound=lambda profile: LanguageFormSet(instance=profile, prefix="languages"),
        bound=lambda request, profile: LanguageFormSet(
            request.POST, instance=profile, prefix="languages"
        ),
        save=lambda profile, form: services.save_languages(
            profile=profile, formset=form
        ),
    ),
    "achievements": _model_section(
        gettext_lazy("Chinese, research and achievements"), AchievementsForm
    ),
    "links": _model_section(gettext_lazy("Links"), LinksForm),
    "cv": Section(
        heading=gettext_lazy("CV"),
        unbound=lambda profile: CVForm(),
        bound=lambda request, profile: CVForm(request.POST, request.FILES),
        save=lambda profile, form: services.upload_cv(
            profile=profile, uploaded=form.cleaned_data["cv"]
        ),
    ),
    "privacy": Section(
        heading=gettext_lazy("Privacy and consent"),
        unbound=lambda profile: PrivacyForm(initial=_privacy_initial(profile)),
        bound=lambda request, profile: PrivacyForm(request.POST),
        save=lambda profile, form: services.update_privacy(
            profile=profile,
            visibility=form.cleaned_data["visibility"],
            consent_share=form.cleaned_data["consent_share"],
            consent_cross_border=form.cleaned_data["consent_cross_border"],
        ),
    ),
}


def _own_profile(request: AuthenticatedRequest) -> CandidateProfile:
    services.profile_for(request.user)
    return CandidateProfile.objects.with_details().get(user=request.user)


@login_required
@require_GET
def landing(request: AuthenticatedRequest) -> HttpResponse:
    return redirect(services.landing_url_for(request.user))


@seeker_required
@require_GET
def profile(request: AuthenticatedRequest) -> HttpResponse:
    profile = _own_profile(request)
    return render(
        request,
        "accounts/profile.html",
        {
            "profile": profile,
            "strength": profile_strength(profile),
            "experience_years": years_of_experience(
                profile.positions.all(), as_of=timezone.localdate()
            ),
        },
    )


def _render_edit(
    request: AuthenticatedRequest,
    profile: CandidateProfile,
    bound_name: str | None = None,
    bound_form: Any = None,
    status: int = 200,
) -> HttpResponse:
    sections = []
    for name, section in PROFILE_SECTIONS.items():
        form = bound_form if name == bound_name else section.unbound(profile)
        sections.append({"name": name, "heading": section.heading, "form": form})
    return render(
        request,
        "accounts/profile_edit.html",
        {
            "profile": profile,
            "sections": sections,
            "strength": profile_strength(profile),
        },
        status=status,
    )


@seeker_required
@require_GET
def profile_edit(request: AuthenticatedRequest) -> HttpResponse:
    return _render_edit(request, _own_profile(request))


@seeker_required
@require_POST
def profile_section(request: AuthenticatedRequest, section: str) -> HttpResponse:
    """Save one section; the other sections are neither read nor changed."""
    if section not in PROFILE_SECTIONS:
        raise Http404
    profile = _own_profile(request)
    chosen = PROFILE_SECTIONS[section]
    form = chosen.bound(request, profile)
    if not form.is_valid():
        messages.error(
            request, _("Please correct the errors below; nothing was saved.")
        )
        return _render_edit(request, profile, section, form, status=400)
    chosen.save(profile, form)
    messages.success(request, _("%(section)s saved.") % {"section": chosen.heading})
    return redirect(f"{reverse('accounts:profile_edit')}#{section}")


def _entry_view(request, *, form_class, model, pk, save, template, title):
    profile = services.profile_for(request.user)
    instance = (
        get_object_or_404(model, pk=pk, profile__user=request.user)
        if pk is not None
        else model(profile=profile)
    )
    form = form_class(request.POST or None, instance=instance)
    if request.method == "POST":
        if form.is_valid():
            save(form.instance)
            messages.success(request, _("Saved."))
            return redirect("accounts:profile")
        messages.error(
            request, _("Please correct the errors below; nothing was saved.")
        )
    return render(
        request,
        template,
        {"form": form, "title": title, "instance": instance},
        status=400 if form.errors else 200,
    )


@seeker_required
@require_http_methods(["GET", "POST"])
def education_edit(
    request: AuthenticatedRequest, pk: int | None = None
) -> HttpResponse:
    return _entry_view(
        request,
        form_class=EducationForm,
        model=Education,
        pk=pk,
        save=lambda entry: services.save_education(education=entry),
        template="accounts/education_form.html",
        title=_("Degree") if pk else _("Add a degree"),
    )


@seeker_required
@require_http_methods(["GET", "POST"])
def position_edit(request: AuthenticatedRequest, pk: int | None = None) -> HttpResponse:
    return _entry_view(
        request,
        form_class=PositionForm,
        model=Position,
        pk=pk,
        save=lambda entry: services.save_position(position=entry),
        template="accounts/position_form.html",
        title=_("Position") if pk else _("Add a position"),
    )


@seeker_required
@require_POST
def entry_delete(request: AuthenticatedRequest, kind: str, pk: int) -> HttpResponse:
    entry: Education | Position
    if kind == "education":
        entry = get_object_or_404(Education, pk=pk, profile__user=request.user)
    elif kind == "position":
        entry = get_object_or_404(Position, pk=pk, profile__user=request.user)
    else:
        raise Http404
    services.delete_entry(entry=entry)
    messages.success(request, _("Removed."))
    return redirect("accounts:profile")


@seeker_required
@require_GET
def cv_download(request: AuthenticatedRequest) -> FileResponse:
    """The owner's own CV. Employers get CVs through their own, checked views."""
    profile = services.profile_for(request.user)
    if not profile.cv:
        raise Http404
    return cv_response(profile)


@seeker_required
@require_POST
def cv_remove(request: AuthenticatedRequest) -> HttpResponse:
    services.remove_cv(profile=services.profile_for(request.user))
    messages.success(request, _("Your CV was removed."))
    return redirect(f"{reverse('accounts:profile_edit')}#cv")


@seeker_required
@require_GET
def skill_suggest(request: AuthenticatedRequest) -> JsonResponse:
    """Skill names for autocomplete, by prefix of the typed text."""
    text = request.GET.get("q", "").strip()
    names = []
    if text:
        names = list(
            Skill.objects.filter(name__istartswith=text)
            .order_by("name")
            .values_list("name", flat=True)[:15]
        )
    return JsonResponse({"results": names})


@login_required
@require_GET
def my_data(request: AuthenticatedRequest) -> HttpResponse:
    return render(
        request,
        "accounts/my_data.html",
        {"delete_form": DeleteAccountForm(user=request.user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request: AuthenticatedRequest) -> HttpResponse:
    """The account's language, for job seekers, employers and staff alike."""
    user = request.user
    if request.method != "POST":
        form = LanguageForm(initial={"language": user.preferred_language})
        return render(request, "accounts/preferences.html", {"form": form})
    form = LanguageForm(request.POST)
    if not form.is_valid():
        return render(request, "accounts/preferences.html", {"form": form}, status=400)
    language = form.cleaned_data["language"]
    services.set_language(user=user, language=language)
    # Said in the language just chosen (the next page is in it too).
    with translation.override(language or translation.get_language()):
        messages.success(request, _("Your preferences were saved."))
    response = redirect("accounts:preferences")
    # The cookie follows, so the site stays in this language after signing out.
    if language:
        remember_language(response, language)
    else:
        response.delete_cookie(settings.LANGUAGE_COOKIE_NAME)
    return response


@login_required
@require_POST
def my_data_export(request: AuthenticatedRequest) -> HttpResponse:
    archive = services.export_my_data(user=request.user)
    response = HttpResponse(archive, content_type="application/zip")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = (
        f'attachment; filename="k-talent-my-data-{stamp}.zip"'
    )
    return response


@login_required
@require_POST
def account_delete(request: AuthenticatedRequest) -> HttpResponse:
    form = DeleteAccountForm(request.POST, user=request.user)
    if not form.is_valid():
        return render(
            request, "accounts/my_data.html", {"delete_form": form}, status=400
        )
    user = request.user
    logout(request)
    services.delete_account(user=user)
    messages.success(request, _("Your account and personal data were deleted."))
    return redirect("home")
