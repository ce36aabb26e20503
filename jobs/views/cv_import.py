""" "Fill my profile from this CV": the seeker's own CV read into proposals, shown
for review, each editable; nothing is saved until the seeker confirms."""

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.requests import AuthenticatedRequest
from accounts.services import profile_for
from jobs.engines.cv.extract import NoTextLayer, Unreadable
from jobs.forms import (
    CvEducationFormSet,
    CvLanguageFormSet,
    CvPositionFormSet,
    CvSkillsForm,
)
from jobs.selectors.cv_import import cv_proposals, field_known, resolved_institution
from jobs.services.cv_import import add_cv_entries
from jobs.views.access import seeker_required


def _included(form) -> bool:
    return bool(form.data.get(form.add_prefix("include")))


def _chosen[F: forms.BaseForm](formset: "forms.BaseFormSet[F]") -> list[F]:
    """The ticked rows ("add this"), none when the formset's counts are forged."""
    if not formset.management_form.is_valid():
        return []
    return [f for f in formset if _included(f)]


def _marks(formset, *, institution: str) -> list[dict]:
    """Per row: the form and what the screening's resolvers made of it."""
    rows = []
    for form in formset:
        value = (
            form.data.get(form.add_prefix(institution))
            if form.is_bound
            else form.initial.get(institution)
        ) or ""
        field_value = (
            form.data.get(form.add_prefix("field"))
            if form.is_bound
            else form.initial.get("field")
        ) or ""
        rows.append(
            {
                "form": form,
                "institution": resolved_institution(value),
                "field_known": field_known(field_value),
            }
        )
    return rows


@seeker_required
@require_http_methods(["GET", "POST"])
def cv_import(request: AuthenticatedRequest) -> HttpResponse:
    profile = profile_for(request.user)
    if not profile.cv:
        messages.info(request, _("Upload your CV first (PDF or Word)."))
        return redirect("accounts:profile_section", section="cv")
    if request.method == "POST":
        education = CvEducationFormSet(request.POST, prefix="edu")
        positions = CvPositionFormSet(request.POST, prefix="pos")
        languages = CvLanguageFormSet(request.POST, prefix="lang")
        skills = CvSkillsForm(request.POST, prefix="skills")
        chosen_edu = _chosen(education)
        chosen_pos = _chosen(positions)
        chosen_lang = _chosen(languages)
        valid = (
            all(
                fs.management_form.is_valid()
                for fs in (education, positions, languages)
            )
            and all(f.is_valid() for f in [*chosen_edu, *chosen_pos, *chosen_lang])
            and skills.is_valid()
        )
        if valid:
            added = add_cv_entries(
                profile=profile,
                education=[f.save(commit=False) for f in chosen_edu],
                positions=[f.save(commit=False) for f in chosen_pos],
                skills=skills.cleaned_data["skills"],
                languages=[
                    (f.cleaned_data["language"], f.cleaned_data["level"])
                    for f in chosen_lang
                ],
            )
            messages.success(
                request,
                _("%(n)s entries from your CV were added to your profile.")
                % {"n": added},
            )
            return redirect("accounts:profile")
        messages.error(
            request, _("Please correct the marked entries; nothing was saved.")
        )
        status = 200
    else:
        try:
            proposals = cv_proposals(profile=profile)
        except NoTextLayer:
            messages.error(
                request,
                _(
                    "Your CV has no text we can read: it looks like a scanned image. "
                    "Upload a PDF saved from your word processor, or fill in your "
                    "profile by hand."
                ),
            )
            return redirect("accounts:profile")
        except (Unreadable, OSError):
            messages.error(request, _("We could not read your CV file."))
            return redirect("accounts:profile")
        education = CvEducationFormSet(
            prefix="edu",
            initial=[
                {
                    "include": True,
                    "level": d.level,
                    "field": d.field,
                    "institution": resolved_institution(d.institution) or d.institution,
                    "start_date": d.start,
                    "conferred_date": d.conferred,
                    "expected": d.expected,
                }
                for d in proposals.degrees
            ],
        )
        positions = CvPositionFormSet(
            prefix="pos",
            initial=[
                {
                    "include": True,
                    "title": p.title,
                    "organisation": p.organisation,
                    "kind": p.kind,
                    "start_date": p.start,
                    "end_date": p.end,
                    "description": p.description,
                }
                for p in proposals.positions
            ],
        )
        languages = CvLanguageFormSet(
            prefix="lang",
            initial=[{"include": True, **lang} for lang in proposals.languages],
        )
        skills = CvSkillsForm(
            prefix="skills", initial={"skills": ", ".join(proposals.skills)}
        )
        status = 200
    return render(
        request,
        "jobs/cv_import.html",
        {
            "education": education,
            "education_rows": _marks(education, institution="institution"),
            "positions": positions,
            "position_rows": _marks(positions, institution="organisation"),
            "languages": languages,
            "skills": skills,
            "filename": profile.cv_filename,
        },
        status=status,
    )
