"""Forms of the jobs app."""

from django import forms
from django.utils.translation import gettext_lazy as _

from jobs.companies import sniff_logo_format
from jobs.credit_code import normalise_credit_code
from jobs.models import EMPLOYER_STAGES, Company, Role
from jobs.wording import discriminatory_terms


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
    )
    preferred_skills_text = forms.CharField(
        label=_("Preferred skills"), required=False, max_length=500
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
        cleaned = super().clean()
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
