"""Forms of the jobs app."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import DegreeLevel
from accounts.skills import validate_skill_list
from jobs.engines.screening.fields import classify_field
from jobs.models import EMPLOYER_STAGES, Company, OutcomeChoices, Role
from jobs.validators import (
    discriminatory_terms,
    normalise_credit_code,
    sniff_logo_format,
)

# The largest primary key (BigAutoField, a signed 64-bit integer). A larger
# number names no row, and SQLite fails on it ("Python int too large to convert
# to SQLite INTEGER"): id fields refuse it as bad input.
MAX_DB_ID = 2**63 - 1


def parse_db_id(text: str) -> int | None:
    """A positive database id written in ASCII digits, or None.

    `isascii`: "²" is a digit to `str.isdigit()` but not to `int()`; the length
    check comes first so a 5,000-digit string never reaches `int()` (which
    refuses more than 4,300 digits with a ValueError).
    """
    if not (text.isascii() and text.isdigit()) or len(text) > len(str(MAX_DB_ID)):
        return None
    value = int(text)
    return value if 0 < value <= MAX_DB_ID else None


class OfferForm(forms.Form):
    """A role's terms, for a work-permit estimate before any role is posted."""

    salary_cny_annual = forms.IntegerField(
        label=_("Salary (CNY per year)"), min_value=1, max_value=100_000_000
    )
    city = forms.CharField(label=_("City in China"), max_length=100)
    months_per_year_in_china = forms.IntegerField(
        label=_("Months per year in China"), min_value=1, max_value=12, initial=12
    )
    inviting_unit = forms.BooleanField(
        label=_("The employer will issue an invitation (needed for the R visa)"),
        required=False,
    )


# --- Employers, roles and applications ------------------------------------------


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class CompanyForm(forms.ModelForm):
    """A company's page. The logo is checked by content in the service."""

    logo_upload = forms.FileField(
        label=_("Logo"),
        required=False,
        help_text=_("PNG, JPEG, WebP or GIF, up to 1 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/*"}),
    )

    class Meta:
        model = Company
        fields = [
            "name",
            "name_zh",
            "credit_code",
            "city",
            "industry",
            "size",
            "website",
            "description",
        ]

    def clean_credit_code(self) -> str:
        return normalise_credit_code(self.cleaned_data["credit_code"])

    def clean_logo_upload(self):
        logo = self.cleaned_data.get("logo_upload")
        if logo:
            sniff_logo_format(logo)
        return logo


class RoleForm(forms.ModelForm):
    """A role's terms; requirements that discriminate are refused, by name."""

    required_skills_text = forms.CharField(
        label=_("Required skills"),
        required=False,
        max_length=500,
        help_text=_("Comma-separated, e.g. “Python, PyTorch”."),
        validators=[validate_skill_list],
    )
    preferred_skills_text = forms.CharField(
        label=_("Preferred skills"),
        required=False,
        max_length=500,
        validators=[validate_skill_list],
    )

    class Meta:
        model = Role
        fields = [
            "title",
            "description",
            "required_skills_text",
            "preferred_skills_text",
            "field_of_study",
            "min_degree",
            "years_experience",
            "salary_min",
            "salary_max",
            "city",
            "work_mode",
            "months_in_china",
            "k_visa_welcome",
            "sponsors_work_permit",
            "english_level",
            "hsk_level",
            "openings",
            "valid_until",
        ]
        widgets = {
            "valid_until": DateInput(),
            "description": forms.Textarea(attrs={"rows": 10}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["required_skills_text"] = ", ".join(
                s.name for s in self.instance.required_skills.all()
            )
            self.initial["preferred_skills_text"] = ", ".join(
                s.name for s in self.instance.preferred_skills.all()
            )

    def clean(self):
        # ModelForm.clean() returns cleaned_data; the stubs allow None (Form.clean may).
        cleaned = super().clean() or self.cleaned_data
        for name in (
            "title",
            "description",
            "field_of_study",
            "required_skills_text",
            "preferred_skills_text",
        ):
            terms = discriminatory_terms(cleaned.get(name) or "")
            if terms:
                self.add_error(
                    name,
                    _(
                        "Job ads in China may not limit gender, age, ethnicity, marital "
                        "or family status, household registration or nationality. "
                        "Please remove: %(terms)s."
                    )
                    % {"terms": ", ".join(f"“{t}”" for t in terms)},
                )
        return cleaned


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("Recruiter's email"))


class ApplyForm(forms.Form):
    """Only the cover note: the role comes from the URL, the CV from the profile."""

    cover_note = forms.CharField(
        label=_("Cover note"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Why this role? A few sentences are enough."),
    )


class StageForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stage"] = forms.ChoiceField(
            label=_("Stage"), choices=[(s.value, s.label) for s in EMPLOYER_STAGES]
        )
        self.order_fields(["stage", "message", "note"])

    message = forms.CharField(
        label=_("Message to the candidate"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Included in the email the candidate receives."),
    )
    note = forms.CharField(
        label=_("Internal note"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Seen by your team only."),
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (emailed to the employer)"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class SavedSearchForm(forms.Form):
    name = forms.CharField(label=_("Name this search"), max_length=100, required=False)


class BoardMoveForm(forms.Form):
    """One card's move on the pipeline board: the application, its new stage, a note.

    The application id is checked against the board's role by the view, so an id
    from another role is a 404.
    """

    application = forms.IntegerField(
        widget=forms.HiddenInput, min_value=1, max_value=MAX_DB_ID
    )
    stage = forms.ChoiceField(
        label=_("Move to"), choices=[(s.value, s.label) for s in EMPLOYER_STAGES]
    )
    note = forms.CharField(
        label=_("Internal note"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Seen by your team only."),
    )


class IdListField(forms.Field):
    """A list of positive integer ids from repeated inputs (e.g. checkboxes)."""

    widget = forms.MultipleHiddenInput
    default_error_messages = {"invalid": _("Choose applicants from the list.")}

    def to_python(self, value):
        if not value:
            return []
        if isinstance(value, str):
            value = [value]
        try:
            ids = [int(item) for item in value]
        except (TypeError, ValueError) as error:
            raise forms.ValidationError(
                self.error_messages["invalid"], code="invalid"
            ) from error
        if any(not 0 < pk <= MAX_DB_ID for pk in ids):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return list(dict.fromkeys(ids))


class BulkRejectForm(forms.Form):
    """Reject several applicants of one role at once, with the reason they are sent.

    The ids are only parsed here: the service keeps those of the board's role, so
    an id from another role is ignored.
    """

    applications = IdListField(
        label=_("Applicants"),
        error_messages={"required": _("Tick at least one applicant.")},
    )
    reason = forms.CharField(
        label=_("Reason (emailed to each candidate)"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Give the candidates a reason.")},
    )


class MatchFilterForm(forms.Form):
    """Filters on a role's stored matches; every field optional."""

    outcome = forms.ChoiceField(
        label=_("K-visa outlook"),
        required=False,
        choices=[("", _("Any")), *OutcomeChoices.choices],
    )
    min_score = forms.IntegerField(
        label=_("Score from"), required=False, min_value=0, max_value=100
    )
    degree = forms.ChoiceField(
        label=_("Degree at least"),
        required=False,
        choices=[("", _("Any")), *DegreeLevel.choices],
    )
    field = forms.CharField(label=_("Field of study"), required=False, max_length=100)

    def apply(self, matches):
        data = self.cleaned_data
        if data["outcome"]:
            matches = matches.filter(profile__screening__outcome=data["outcome"])
        if data["min_score"] is not None:
            matches = matches.filter(score__gte=data["min_score"])
        if data["degree"]:
            order = [c.value for c in DegreeLevel]
            matches = matches.filter(
                profile__match_card__highest_degree__in=order[
                    order.index(data["degree"]) :
                ]
            )
        if data["field"]:
            fc = classify_field(data["field"])
            code = fc.subject or fc.category
            if code:
                # Cards store codes as a JSON list: match the quoted code exactly.
                matches = matches.filter(
                    profile__match_card__field_categories__icontains=f'"{code}"'
                )
            else:
                matches = matches.none()
        return matches


class ApplyInviteForm(forms.Form):
    role = forms.IntegerField(
        widget=forms.HiddenInput, min_value=1, max_value=MAX_DB_ID
    )
    message = forms.CharField(
        label=_("Message"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class MessageForm(forms.Form):
    """One message in a conversation: plain text, trimmed, at most 4,000 characters."""

    body = forms.CharField(
        label=_("Message"),
        max_length=4000,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 4000}),
        error_messages={"required": _("Write a message first.")},
    )
