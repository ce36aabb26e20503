"""Forms of the jobs app."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.forms import EducationForm, PositionForm
from accounts.models import (
    EARLIEST_PLAUSIBLE_DATE,
    DegreeLevel,
    LanguageLevel,
    language_choices,
)
from accounts.skills import validate_skill_list
from jobs.engines.screening.fields import classify_field
from jobs.models import (
    COMPANY_SCOPES,
    EMPLOYER_STAGES,
    Company,
    OutcomeChoices,
    Role,
    WebhookEvent,
)
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
            "title_zh",
            "description",
            "description_zh",
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
            "description_zh": forms.Textarea(attrs={"rows": 10}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A role may be posted in English, in Chinese or in both: one title (and
        # one description) in either language is required, checked in clean().
        self.fields["title"].required = False
        self.fields["description"].required = False
        self.fields["title"].help_text = _(
            "In English, or in Chinese if the role is posted in Chinese only."
        )
        self.fields["city"].help_text = _(
            "In English or Chinese, e.g. “Beijing” or “北京”."
        )
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
        for main, chinese in (("title", "title_zh"), ("description", "description_zh")):
            if main in self.errors or chinese in self.errors:
                continue
            if not cleaned.get(main) and not cleaned.get(chinese):
                self.add_error(
                    main,
                    _("Give it in English or in Chinese (or both).")
                    if main == "description"
                    else _("Give the title in English or in Chinese (or both)."),
                )
            elif not cleaned.get(main):
                # Posted in Chinese only: the Chinese text is the role's own.
                cleaned[main], cleaned[chinese] = cleaned[chinese], ""
        for name in (
            "title",
            "title_zh",
            "description",
            "description_zh",
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


class ApiKeyForm(forms.Form):
    """A company API key: a name to recognise it by and what it may do."""

    name = forms.CharField(
        label=_("Key name"),
        max_length=80,
        help_text=_("Where the key is used, e.g. “ATS sync”."),
    )
    scopes = forms.MultipleChoiceField(
        label=_("What the key may do"),
        choices=[(scope.value, scope.label) for scope in COMPANY_SCOPES],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one scope.")},
    )


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


# --- the public "Do I qualify?" check ---------------------------------------------------

CHECK_DEGREES = 3


def _suggested(datalist: str) -> forms.TextInput:
    """A text input offered the suggestions of the page's `<datalist id=…>`."""
    return forms.TextInput(attrs={"list": datalist, "autocomplete": "off"})


def _plausible(value: datetime.date | None) -> datetime.date | None:
    if value and value < EARLIEST_PLAUSIBLE_DATE:
        raise forms.ValidationError(_("Give a date after 1950."))
    return value


class CheckDegreeForm(forms.Form):
    """One degree of the check; a row left empty is ignored."""

    level = forms.ChoiceField(
        label=_("Degree"),
        required=False,
        choices=[("", _("— none —")), *DegreeLevel.choices],
    )
    field = forms.CharField(
        label=_("Field of study"),
        required=False,
        max_length=200,
        widget=_suggested("field-suggestions"),
    )
    institution = forms.CharField(
        label=_("Institution"),
        required=False,
        max_length=255,
        widget=_suggested("institution-suggestions"),
    )
    date = forms.DateField(
        label=_("Conferred (or expected) on"), required=False, widget=DateInput()
    )
    expected = forms.BooleanField(label=_("Not yet conferred"), required=False)

    def clean_date(self):
        return _plausible(self.cleaned_data["date"])

    def clean(self) -> dict:
        cleaned = super().clean() or {}
        if cleaned.get("level") and not cleaned.get("date"):
            self.add_error("date", _("Give the date it was (or will be) conferred."))
        if cleaned.get("level") and not cleaned.get("field"):
            self.add_error("field", _("Give the field of study."))
        return cleaned

    def answer(self) -> dict | None:
        """This degree in the file interface's shape, or None for an empty row."""
        data = self.cleaned_data
        if not data.get("level"):
            return None
        return {
            "level": data["level"],
            "field": data["field"],
            "institution": data["institution"] or None,
            "conferred": None if data["expected"] else data["date"].isoformat(),
            "expected": data["date"].isoformat() if data["expected"] else None,
        }


CheckDegreeFormSet = forms.formset_factory(
    CheckDegreeForm,
    extra=CHECK_DEGREES,
    max_num=CHECK_DEGREES,
    absolute_max=CHECK_DEGREES,
    validate_max=True,
)


class VisaCheckForm(forms.Form):
    """Date of birth and a current teaching or research post (degrees: the formset)."""

    date_of_birth = forms.DateField(
        label=_("Date of birth"), required=False, widget=DateInput()
    )
    post_kind = forms.ChoiceField(
        label=_("Current teaching or research post"),
        required=False,
        choices=[
            ("", _("— none —")),
            ("teaching", _("Teaching")),
            ("research", _("Research")),
        ],
    )
    post_title = forms.CharField(label=_("Title"), required=False, max_length=200)
    post_field = forms.CharField(
        label=_("Field"),
        required=False,
        max_length=200,
        widget=_suggested("field-suggestions"),
    )
    post_institution = forms.CharField(
        label=_("Institution"),
        required=False,
        max_length=255,
        widget=_suggested("institution-suggestions"),
    )
    post_start = forms.DateField(label=_("Since"), required=False, widget=DateInput())

    def clean_date_of_birth(self):
        born = _plausible(self.cleaned_data["date_of_birth"])
        if born and born > timezone.localdate():
            raise forms.ValidationError(_("The date of birth is in the future."))
        return born

    def clean_post_start(self):
        return _plausible(self.cleaned_data["post_start"])

    def clean(self) -> dict:
        cleaned = super().clean() or {}
        if cleaned.get("post_kind"):
            if not cleaned.get("post_institution"):
                self.add_error(
                    "post_institution", _("Give the institution of the post.")
                )
            if not cleaned.get("post_start"):
                self.add_error("post_start", _("Give the month the post started."))
        return cleaned


def check_answers(form: VisaCheckForm, degrees: list[dict | None]) -> dict:
    """The check's answers in the file interface's shape (SCREENING.md)."""
    data = form.cleaned_data
    answers: dict = {
        "id": "check",
        "date_of_birth": data["date_of_birth"].isoformat()
        if data["date_of_birth"]
        else None,
        "degrees": [d for d in degrees if d],
        "positions": [],
    }
    if data.get("post_kind"):
        answers["positions"].append(
            {
                "title": data["post_title"] or None,
                "kind": data["post_kind"],
                "organisation": data["post_institution"],
                "field": data["post_field"] or None,
                "start": data["post_start"].isoformat(),
                "end": None,
            }
        )
    return answers


# --- "Fill my profile from this CV": one form per proposal, each with "add this" ----


class CvEducationForm(EducationForm):
    include = forms.BooleanField(
        label=_("Add this degree"), required=False, initial=True
    )


class CvPositionForm(PositionForm):
    include = forms.BooleanField(label=_("Add this post"), required=False, initial=True)


class CvLanguageForm(forms.Form):
    include = forms.BooleanField(label=_("Add"), required=False, initial=True)
    language = forms.ChoiceField(label=_("Language"), choices=language_choices)
    level = forms.ChoiceField(label=_("Level"), choices=LanguageLevel.choices)


class CvSkillsForm(forms.Form):
    skills = forms.CharField(
        label=_("Skills to add"),
        required=False,
        max_length=2000,
        help_text=_("Comma-separated; added to the skills already on your profile."),
        validators=[validate_skill_list],
    )


CV_ROWS = 20
CvEducationFormSet = forms.formset_factory(
    CvEducationForm, extra=0, max_num=CV_ROWS, absolute_max=CV_ROWS, validate_max=True
)
CvPositionFormSet = forms.formset_factory(
    CvPositionForm, extra=0, max_num=CV_ROWS, absolute_max=CV_ROWS, validate_max=True
)
CvLanguageFormSet = forms.formset_factory(
    CvLanguageForm, extra=0, max_num=CV_ROWS, absolute_max=CV_ROWS, validate_max=True
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


class WebhookEndpointForm(forms.Form):
    """A webhook endpoint: where to send and which events (the service checks the
    address: HTTPS, and not on a private network)."""

    url = forms.URLField(
        label=_("Address (URL)"),
        max_length=500,
        assume_scheme="https",
        help_text=_("An HTTPS address of your own system that takes a JSON POST."),
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
    )
    events = forms.MultipleChoiceField(
        label=_("Events"),
        choices=WebhookEvent.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one event.")},
    )
