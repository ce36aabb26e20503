"""Users: one account per email address, either a job seeker or an employer."""

from datetime import date
from typing import ClassVar

from django.conf import global_settings, settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from accounts.managers import UserManager
from accounts.skills import skill_name

# Profile dates before this are typing slips (0001-01-01, 1900): nobody working
# or studying today started before it, and matching cannot read such spans.
EARLIEST_PLAUSIBLE_DATE = date(1950, 1, 1)
# Nobody counts a degree or a job from before their 14th birthday.
EARLIEST_AGE_FOR_ENTRIES = 14


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year + years, day=28)


def implausible_date_errors(
    dates: dict[str, date | None], *, date_of_birth: date | None
) -> dict[str, str]:
    """Errors for profile dates before 1950 or before the 14th birthday, by field."""
    errors = {}
    fourteenth = (
        _add_years(date_of_birth, EARLIEST_AGE_FOR_ENTRIES) if date_of_birth else None
    )
    for name, value in dates.items():
        if value is None:
            continue
        if value < EARLIEST_PLAUSIBLE_DATE:
            errors[name] = _(
                "Please check this date: dates before %(year)d are not accepted."
            ) % {"year": EARLIEST_PLAUSIBLE_DATE.year}
        elif fourteenth and value < fourteenth:
            errors[name] = _(
                "Please check this date: it is before your 14th birthday (%(date)s)."
            ) % {"date": fourteenth.isoformat()}
    return errors


class AccountType(models.TextChoices):
    SEEKER = "seeker", _("Job seeker")
    EMPLOYER = "employer", _("Employer")


class User(AbstractUser):
    """A web account. Staff users may have no account type."""

    # None removes AbstractUser's field (Django's documented idiom); the stubs
    # type these attributes as str and cannot express the removal.
    username = None  # type: ignore[assignment]
    first_name = None  # type: ignore[assignment]
    last_name = None  # type: ignore[assignment]
    email = models.EmailField(_("email address"), unique=True)
    name = models.CharField(pgettext_lazy("person", "name"), max_length=150, blank=True)
    account_type = models.CharField(
        _("account type"), max_length=16, choices=AccountType.choices, blank=True
    )
    # The language the site and every email to this person use; blank follows
    # the browser (Accept-Language, or the language cookie) until one is chosen.
    # No `choices=` tied to settings: a language added or dropped later must not
    # need a migration, so forms offer settings.LANGUAGES and readers check it.
    language = models.CharField(
        _("language"),
        max_length=16,
        blank=True,
        help_text=_("The language of the site and of our emails to you."),
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    # The stubs type AbstractUser.objects as contrib.auth's UserManager, which
    # creates users by username; ours is a BaseUserManager for email login.
    objects: ClassVar[UserManager] = UserManager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.email

    @property
    def preferred_language(self) -> str:
        """The chosen language if the site still offers it, else ""."""
        return self.language if self.language in dict(settings.LANGUAGES) else ""

    @property
    def is_seeker(self) -> bool:
        return self.account_type == AccountType.SEEKER

    @property
    def is_employer(self) -> bool:
        return self.account_type == AccountType.EMPLOYER


class Visibility(models.TextChoices):
    HIDDEN = "hidden", _("Hidden: no employer sees my profile")
    VERIFIED_EMPLOYERS = "verified", _("Visible to verified employers")
    APPLIED_ONLY = "applied", _("Shared only with employers I apply to")


# The one definition of a profile verified employers may find: visible, with both
# PIPL consents. `CandidateProfile.is_visible_to_employers` is the same test in Python.
VISIBLE_TO_EMPLOYERS = models.Q(
    visibility=Visibility.VERIFIED_EMPLOYERS,
    consent_share_at__isnull=False,
    consent_cross_border_at__isnull=False,
)


class CandidateProfileQuerySet(models.QuerySet):
    def visible_to_employers(self):
        """Profiles an employer may find without an application: visible and consented."""
        return self.filter(VISIBLE_TO_EMPLOYERS)

    def with_details(self):
        """Everything the profile page shows, in a constant number of queries."""
        return self.select_related("user").prefetch_related(
            "education", "positions", "languages", "skills"
        )


class CandidateProfile(models.Model):
    """A job seeker's profile: the facts employers read and the screening uses."""

    user = models.OneToOneField(
        User, on_delete=models.CASCADE, related_name="profile", verbose_name=_("user")
    )
    given_name = models.CharField(_("given name"), max_length=100, blank=True)
    family_name = models.CharField(_("family name"), max_length=100, blank=True)
    chinese_name = models.CharField(_("Chinese name"), max_length=50, blank=True)
    headline = models.CharField(
        _("headline"),
        max_length=160,
        blank=True,
        help_text=_("One line employers see first, e.g. “Robotics engineer, PhD”."),
    )
    nationality = CountryField(_("nationality"), blank=True)
    country = CountryField(_("current country"), blank=True)
    city = models.CharField(_("current city"), max_length=100, blank=True)
    date_of_birth = models.DateField(
        _("date of birth"),
        null=True,
        blank=True,
        help_text=_("Used only for your visa pre-screen; never shown to employers."),
    )
    summary = models.TextField(_("summary"), blank=True, max_length=5000)
    desired_roles = models.CharField(
        _("desired roles"), max_length=300, blank=True, help_text=_("Comma-separated.")
    )
    desired_cities = models.CharField(
        _("desired cities in China"),
        max_length=300,
        blank=True,
        help_text=_("Comma-separated, e.g. “Shanghai, Shenzhen”."),
    )
    salary_expectation_cny = models.PositiveIntegerField(
        _("salary expectation (CNY per year)"), null=True, blank=True
    )
    available_from = models.DateField(_("available from"), null=True, blank=True)
    willing_to_relocate = models.BooleanField(_("willing to relocate"), default=True)
    github_url = models.URLField(_("GitHub"), blank=True)
    scholar_url = models.URLField(_("Google Scholar"), blank=True)
    website_url = models.URLField(_("personal website"), blank=True)

    hsk_level = models.PositiveSmallIntegerField(
        _("HSK level"),
        null=True,
        blank=True,
        choices=[(n, str(n)) for n in range(7)],
        help_text=_("Chinese proficiency test level, 0 (none) to 6."),
    )
    publications = models.PositiveIntegerField(_("publications"), default=0)
    patents = models.PositiveIntegerField(_("patents"), default=0)
    awards = models.TextField(_("awards"), blank=True, max_length=2000)
    major_award = models.BooleanField(
        _("internationally recognised award"),
        default=False,
        help_text=_(
            "E.g. a Nobel, Turing or Fields prize, or a national academy fellowship."
        ),
    )
    talent_programme = models.BooleanField(
        _("selected for a Chinese talent programme"), default=False
    )
    fortune500_experience = models.BooleanField(
        _("worked at a Fortune Global 500 company"), default=False
    )
    years_working_in_china = models.DecimalField(
        _("years worked in China"), max_digits=4, decimal_places=1, default=0
    )
    former_chinese_national = models.BooleanField(
        _("former Chinese national"), default=False
    )

    cv = models.FileField(_("CV"), upload_to="cv/%Y/%m/", blank=True)
    cv_filename = models.CharField(_("CV file name"), max_length=200, blank=True)
    cv_uploaded_at = models.DateTimeField(_("CV uploaded"), null=True, blank=True)

    visibility = models.CharField(
        _("who may see my profile"),
        max_length=16,
        choices=Visibility.choices,
        default=Visibility.HIDDEN,
    )
    consent_share_at = models.DateTimeField(
        _("consented to sharing with employers"), null=True, blank=True
    )
    consent_cross_border_at = models.DateTimeField(
        _("consented to cross-border transfer"), null=True, blank=True
    )

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = CandidateProfileQuerySet.as_manager()

    class Meta:
        verbose_name = _("candidate profile")
        verbose_name_plural = _("candidate profiles")
        indexes = [models.Index(fields=["visibility"])]

    def __str__(self) -> str:
        return self.display_name

    def clean(self) -> None:
        if self.date_of_birth and self.date_of_birth < EARLIEST_PLAUSIBLE_DATE:
            raise ValidationError(
                {
                    "date_of_birth": _(
                        "Please check this date: dates before %(year)d are not accepted."
                    )
                    % {"year": EARLIEST_PLAUSIBLE_DATE.year}
                }
            )
        if self.date_of_birth:
            today = timezone.localdate()
            age = (
                today.year
                - self.date_of_birth.year
                - (
                    (today.month, today.day)
                    < (self.date_of_birth.month, self.date_of_birth.day)
                )
            )
            if age < 14 or age > 100:
                raise ValidationError(
                    {
                        "date_of_birth": _(
                            "Please check this date: it makes you %(age)d years old."
                        )
                        % {"age": age}
                    }
                )

    @property
    def is_visible_to_employers(self) -> bool:
        return (
            self.visibility == Visibility.VERIFIED_EMPLOYERS
            and self.consent_share_at is not None
            and self.consent_cross_border_at is not None
        )

    @property
    def display_name(self) -> str:
        name = f"{self.given_name} {self.family_name}".strip()
        return name or self.user.email.split("@")[0]


class DegreeLevel(models.TextChoices):
    ASSOCIATE = "associate", _("Associate")
    BACHELOR = "bachelor", _("Bachelor's")
    MASTER = "master", _("Master's")
    DOCTORATE = "doctorate", _("Doctorate")


class Education(models.Model):
    profile = models.ForeignKey(
        CandidateProfile, on_delete=models.CASCADE, related_name="education"
    )
    level = models.CharField(_("level"), max_length=16, choices=DegreeLevel.choices)
    field = models.CharField(_("field of study"), max_length=200)
    discipline_code = models.CharField(
        _("discipline code"),
        max_length=6,
        blank=True,
        help_text=_("Optional: China's discipline code, e.g. 0812 (computer science)."),
    )
    institution = models.CharField(
        _("institution"), max_length=255, help_text=_("As it appears on your degree.")
    )
    country = CountryField(_("country"), blank=True)
    start_date = models.DateField(_("start"), null=True, blank=True)
    conferred_date = models.DateField(_("conferred"), null=True, blank=True)
    expected = models.BooleanField(
        _("not yet conferred"),
        default=False,
        help_text=_("Tick if you are still studying; give the expected date."),
    )
    taught_in_chinese = models.BooleanField(_("taught in Chinese"), default=False)
    grade = models.CharField(_("grade"), max_length=50, blank=True)

    class Meta:
        ordering = ["-conferred_date", "-start_date", "pk"]
        verbose_name = _("degree")
        verbose_name_plural = _("education")

    def __str__(self) -> str:
        return f"{self.get_level_display()} {self.field}, {self.institution}"

    def clean(self) -> None:
        errors: dict[str, str | Promise] = {}
        today = timezone.localdate()
        if (
            self.start_date
            and self.conferred_date
            and self.conferred_date < self.start_date
        ):
            errors["conferred_date"] = _("The conferral date is before the start.")
        if self.conferred_date and self.conferred_date > today and not self.expected:
            errors["conferred_date"] = _(
                "This date is in the future. If you are still studying, tick “not yet conferred”."
            )
        if self.expected and self.conferred_date and self.conferred_date < today:
            errors["expected"] = _(
                "An expected degree needs a future date; untick this if it was conferred."
            )
        if self.start_date and self.start_date > today:
            errors["start_date"] = _("The start is in the future.")
        implausible = implausible_date_errors(
            {"start_date": self.start_date, "conferred_date": self.conferred_date},
            date_of_birth=_date_of_birth(self),
        )
        errors = {**errors, **implausible}
        if errors:
            raise ValidationError(errors)


def _date_of_birth(entry) -> date | None:
    """The entry's owner's date of birth, if known (entries are validated unsaved)."""
    if entry.profile_id is None:
        return None
    return entry.profile.date_of_birth


class PositionKind(models.TextChoices):
    TEACHING = "teaching", _("Teaching")
    RESEARCH = "research", _("Research")
    ENGINEERING = "engineering", _("Engineering")
    MANAGEMENT = "management", _("Management")
    OTHER = "other", _("Other")


class Position(models.Model):
    profile = models.ForeignKey(
        CandidateProfile, on_delete=models.CASCADE, related_name="positions"
    )
    title = models.CharField(_("title"), max_length=200)
    organisation = models.CharField(_("organisation"), max_length=255)
    kind = models.CharField(_("kind"), max_length=16, choices=PositionKind.choices)
    field = models.CharField(_("field"), max_length=200, blank=True)
    start_date = models.DateField(_("start"))
    end_date = models.DateField(
        _("end"), null=True, blank=True, help_text=_("Leave empty if current.")
    )
    description = models.TextField(_("description"), blank=True, max_length=5000)

    class Meta:
        ordering = ["-start_date", "pk"]
        verbose_name = _("position")
        verbose_name_plural = _("positions")

    def __str__(self) -> str:
        return f"{self.title}, {self.organisation}"

    @property
    def is_current(self) -> bool:
        return self.end_date is None

    def clean(self) -> None:
        errors: dict[str, str | Promise] = {}
        today = timezone.localdate()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("The end is before the start.")
        if self.start_date and self.start_date > today:
            errors["start_date"] = _("The start is in the future.")
        implausible = implausible_date_errors(
            {"start_date": self.start_date, "end_date": self.end_date},
            date_of_birth=_date_of_birth(self),
        )
        errors = {**errors, **implausible}
        if errors:
            raise ValidationError(errors)


class Skill(models.Model):
    """A normalised skill tag shared by profiles and roles."""

    name = models.CharField(pgettext_lazy("skill", "name"), max_length=80)
    slug = models.SlugField(_("key"), max_length=80, unique=True)
    profiles = models.ManyToManyField(
        CandidateProfile, related_name="skills", blank=True
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("skill")
        verbose_name_plural = _("skills")

    def __str__(self) -> str:
        # In the reader's language: 计算机视觉 for a Chinese reader, where known.
        return skill_name(self.slug, self.name)


def language_choices() -> list[tuple[str, str]]:
    """Every language Django knows, named and sorted in the reader's language.

    Django's names are gettext_noop'd English; its catalogues translate them.
    The field's choices are this callable, so each form and display calls it
    in the active language (a list built at import would stay English).
    """
    named = [(code, gettext(name)) for code, name in global_settings.LANGUAGES]
    return sorted(named, key=lambda item: item[1])


class LanguageLevel(models.TextChoices):
    NATIVE = "native", _("Native")
    FLUENT = "fluent", _("Fluent")
    PROFESSIONAL = "professional", _("Professional working")
    INTERMEDIATE = "intermediate", _("Intermediate")
    BASIC = "basic", _("Basic")


class LanguageSkill(models.Model):
    profile = models.ForeignKey(
        CandidateProfile, on_delete=models.CASCADE, related_name="languages"
    )
    language = models.CharField(_("language"), max_length=7, choices=language_choices)
    level = models.CharField(_("level"), max_length=16, choices=LanguageLevel.choices)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("language")
        verbose_name_plural = _("languages")
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "language"], name="one_level_per_language"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_language_display()} ({self.get_level_display()})"


class AccountDeletion(models.Model):
    """An anonymous record that an account was deleted: counts survive, people don't."""

    account_type = models.CharField(max_length=16, blank=True)
    deleted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("account deletion")
        verbose_name_plural = _("account deletions")

    def __str__(self) -> str:
        return f"{self.account_type or 'account'} deleted {self.deleted_at:%Y-%m-%d}"
