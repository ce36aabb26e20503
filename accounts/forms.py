"""Account and profile forms."""

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from accounts.models import (
    AccountType,
    CandidateProfile,
    Education,
    LanguageSkill,
    Position,
    Visibility,
)
from accounts.skills import validate_skill_list
from accounts.uploads import CV_MAX_BYTES, sniff_cv_format

ACCOUNT_TYPE_CHOICES = [
    (AccountType.SEEKER, _("I'm looking for work in China")),
    (AccountType.EMPLOYER, _("I'm hiring")),
]


class AccountTypeForm(forms.Form):
    """Extra sign-up field; allauth calls `signup()` after creating the user."""

    account_type = forms.ChoiceField(
        label=_("What brings you here?"),
        choices=ACCOUNT_TYPE_CHOICES,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )

    def signup(self, request, user) -> None:
        user.account_type = self.cleaned_data["account_type"]
        user.save(update_fields=["account_type"])


def language_choices() -> list[tuple[str, str]]:
    """Each language in its own name (as the footer's switch shows them), after
    the choice to follow the browser."""
    offered = [
        (code, translation.get_language_info(code)["name_local"])
        for code, _name in settings.LANGUAGES
    ]
    return [("", _("Follow my browser")), *offered]


class LanguageForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Language"),
        required=False,
        help_text=_(
            "The language of the site and of every email we send you. Until you "
            "choose, the site follows your browser."
        ),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["language"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = language_choices()


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def _date_widgets(*names: str) -> dict:
    return {name: DateInput() for name in names}


class PersonalForm(forms.ModelForm):
    class Meta:
        model = CandidateProfile
        fields = [
            "given_name",
            "family_name",
            "chinese_name",
            "headline",
            "nationality",
            "country",
            "city",
            "date_of_birth",
            "summary",
        ]
        widgets = {
            **_date_widgets("date_of_birth"),
            "summary": forms.Textarea(attrs={"rows": 5}),
        }


class PreferencesForm(forms.ModelForm):
    class Meta:
        model = CandidateProfile
        fields = [
            "desired_roles",
            "desired_cities",
            "salary_expectation_cny",
            "available_from",
            "willing_to_relocate",
        ]
        widgets = _date_widgets("available_from")


class LinksForm(forms.ModelForm):
    class Meta:
        model = CandidateProfile
        fields = ["github_url", "scholar_url", "website_url"]


class AchievementsForm(forms.ModelForm):
    class Meta:
        model = CandidateProfile
        fields = [
            "hsk_level",
            "publications",
            "patents",
            "awards",
            "major_award",
            "talent_programme",
            "fortune500_experience",
            "years_working_in_china",
            "former_chinese_national",
        ]
        widgets = {"awards": forms.Textarea(attrs={"rows": 3})}


class SkillsForm(forms.Form):
    skills = forms.CharField(
        label=_("Skills"),
        required=False,
        max_length=2000,
        help_text=_("Comma-separated, e.g. “Python, PyTorch, robotics”."),
        widget=forms.TextInput(
            attrs={"list": "skill-suggestions", "autocomplete": "off"}
        ),
        validators=[validate_skill_list],
    )


class EducationForm(forms.ModelForm):
    class Meta:
        model = Education
        fields = [
            "level",
            "field",
            "discipline_code",
            "institution",
            "country",
            "start_date",
            "conferred_date",
            "expected",
            "taught_in_chinese",
            "grade",
        ]
        widgets = {
            **_date_widgets("start_date", "conferred_date"),
            "institution": forms.TextInput(
                attrs={"list": "institution-suggestions", "autocomplete": "off"}
            ),
        }

    def clean_discipline_code(self) -> str:
        code = self.cleaned_data["discipline_code"].strip()
        if code and not (code.isascii() and code.isdigit() and len(code) in (2, 4, 6)):
            raise ValidationError(
                _("A discipline code has 2, 4 or 6 digits, e.g. 0812.")
            )
        return code

    def clean(self) -> dict[str, Any]:
        # Django's clean() returns cleaned_data (its stub allows None).
        super().clean()
        cleaned = self.cleaned_data
        if not cleaned.get("conferred_date") and not cleaned.get("expected"):
            self.add_error(
                "conferred_date",
                _(
                    "Give the conferral date, or tick “not yet conferred” and give the expected date."
                ),
            )
        return cleaned


class PositionForm(forms.ModelForm):
    class Meta:
        model = Position
        fields = [
            "title",
            "organisation",
            "kind",
            "field",
            "start_date",
            "end_date",
            "description",
        ]
        widgets = {
            **_date_widgets("start_date", "end_date"),
            "description": forms.Textarea(attrs={"rows": 4}),
        }


# A formset builds one form per submitted TOTAL_FORMS, up to `absolute_max`
# (Django's default: 2,000). Nobody lists 20 languages; a larger count is refused
# with a form error before more than 20 forms are built.
LANGUAGES_MAX = 20

LanguageFormSet = forms.inlineformset_factory(
    CandidateProfile,
    LanguageSkill,
    fields=["language", "level"],
    extra=1,
    can_delete=True,
    max_num=LANGUAGES_MAX,
    absolute_max=LANGUAGES_MAX,
    validate_max=True,
)


class CVForm(forms.Form):
    cv = forms.FileField(
        label=_("CV"),
        help_text=_("PDF or Word (.docx), at most 5 MB."),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".pdf,.docx,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
        ),
    )

    def clean_cv(self):
        uploaded = self.cleaned_data["cv"]
        if uploaded.size > CV_MAX_BYTES:
            raise ValidationError(_("Your CV is larger than 5 MB."))
        sniff_cv_format(uploaded)
        return uploaded


class PrivacyForm(forms.Form):
    visibility = forms.ChoiceField(
        label=_("Who may see my profile"),
        choices=Visibility.choices,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )
    consent_share = forms.BooleanField(
        label=_(
            "I agree that K-Talent Portal shares my profile (never my date of birth or contact details) with employers as chosen above."
        ),
        required=False,
    )
    consent_cross_border = forms.BooleanField(
        label=_(
            "I agree that my profile data is transferred to and stored in the People's Republic of China, where the employers are."
        ),
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        # Django's clean() returns cleaned_data (its stub allows None).
        super().clean()
        cleaned = self.cleaned_data
        if cleaned.get("visibility") and cleaned["visibility"] != Visibility.HIDDEN:
            for name in ("consent_share", "consent_cross_border"):
                if not cleaned.get(name):
                    self.add_error(
                        name,
                        _("Employers can only see your profile with this consent."),
                    )
        return cleaned


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    confirm = forms.BooleanField(
        label=_(
            "I understand that my profile, CV and applications are erased and cannot be restored."
        ),
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise ValidationError(_("This is not your password."))
        return password
