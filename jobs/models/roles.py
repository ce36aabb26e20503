"""Roles (job posts): their terms, lifecycle and the one definition of "public"."""

from datetime import timedelta

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import DegreeLevel, Skill
from jobs.models.companies import Company

VALIDITY_DEFAULT_DAYS = 30
VALIDITY_MAX_DAYS = 180

# Degree levels from lowest to highest; "" (none required) ranks below them all.
DEGREE_ORDER = [
    "",
    DegreeLevel.ASSOCIATE,
    DegreeLevel.BACHELOR,
    DegreeLevel.MASTER,
    DegreeLevel.DOCTORATE,
]


def default_valid_until():
    return timezone.localdate() + timedelta(days=VALIDITY_DEFAULT_DAYS)


class RoleStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PENDING = "pending", _("Pending review")
    PUBLISHED = "published", _("Published")
    CLOSED = "closed", _("Closed")
    EXPIRED = "expired", _("Expired")


class WorkMode(models.TextChoices):
    ONSITE = "onsite", _("On-site")
    HYBRID = "hybrid", _("Hybrid")
    REMOTE = "remote", _("Remote")


class EnglishLevel(models.TextChoices):
    NONE = "", _("Not required")
    BASIC = "basic", _("Basic")
    INTERMEDIATE = "intermediate", _("Intermediate")
    PROFESSIONAL = "professional", _("Professional working")
    FLUENT = "fluent", _("Fluent or native")


# The columns a role card (search results, company page) shows.
LISTING_FIELDS = (
    "title",
    "title_zh",
    "company_id",
    "company__name",
    "city",
    "work_mode",
    "salary_min",
    "salary_max",
    "k_visa_welcome",
    "sponsors_work_permit",
    "published_at",
)


class RoleQuerySet(models.QuerySet["Role"]):
    def public(self) -> "RoleQuerySet":
        """What anyone may see and apply to: published, unexpired, verified company.

        Every public page (detail, search, apply, feed, company page, emails of new
        matches) starts here, so no draft or closed role can leak through one of them.
        """
        return self.filter(
            status=RoleStatus.PUBLISHED,
            valid_until__gte=timezone.localdate(),
            company__verified_at__isnull=False,
        )

    def of_company(self, company: Company) -> "RoleQuerySet":
        return self.filter(company=company)

    def pending(self) -> "RoleQuerySet":
        return self.filter(status=RoleStatus.PENDING)

    def past_validity(self, today) -> "RoleQuerySet":
        """Published roles whose last valid day is before `today`: due to expire."""
        return self.filter(status=RoleStatus.PUBLISHED, valid_until__lt=today)

    def expiring_unwarned(self, today, days: int = 3) -> "RoleQuerySet":
        """Published roles ending within `days` whose company has not been warned."""
        return self.filter(
            status=RoleStatus.PUBLISHED,
            valid_until__gte=today,
            valid_until__lte=today + timedelta(days=days),
            expiry_warned_at__isnull=True,
        )

    def with_applicant_counts(self) -> "RoleQuerySet":
        """Each role's applications, withdrawn ones left out, as `applicant_count`."""
        return self.annotate(
            applicant_count=models.Count(
                "applications", filter=~models.Q(applications__stage="withdrawn")
            )
        )

    def for_listing(self) -> "RoleQuerySet":
        """What a role card shows, in a constant number of queries.

        Only the card's columns: a listing never reads the Markdown description
        or the search vector.
        """
        return (
            self.select_related("company")
            .only(*LISTING_FIELDS)
            .prefetch_related("required_skills")
        )


class Role(models.Model):
    """A job post. Its terms are what China's job-ad rules ask an ad to show."""

    company = models.ForeignKey(
        Company,
        on_delete=models.PROTECT,
        related_name="roles",
        verbose_name=_("company"),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(
        _("description"),
        max_length=20000,
        help_text=_("Markdown: **bold**, *italic*, lists, links."),
    )
    # The role in its other language, optional: a seeker reads the one in their
    # language where given (`jobs.web.bilingual`), and search covers both.
    title_zh = models.CharField(
        _("title in Chinese"),
        max_length=200,
        blank=True,
        help_text=_("Optional: the title as Chinese-speaking seekers read it."),
    )
    description_zh = models.TextField(
        _("description in Chinese"),
        max_length=20000,
        blank=True,
        help_text=_("Optional: the description in Chinese (Markdown)."),
    )
    required_skills = models.ManyToManyField(
        Skill,
        related_name="required_by_roles",
        blank=True,
        verbose_name=_("required skills"),
    )
    preferred_skills = models.ManyToManyField(
        Skill,
        related_name="preferred_by_roles",
        blank=True,
        verbose_name=_("preferred skills"),
    )
    # The skill names, denormalised for keyword search over one row.
    skills_text = models.CharField(max_length=1000, blank=True, editable=False)
    field_of_study = models.CharField(_("field of study"), max_length=200, blank=True)
    min_degree = models.CharField(
        _("minimum degree"),
        max_length=16,
        blank=True,
        choices=[("", _("None required")), *DegreeLevel.choices],
    )
    years_experience = models.PositiveSmallIntegerField(
        _("years of experience"), default=0, validators=[MaxValueValidator(40)]
    )
    salary_min = models.PositiveIntegerField(
        _("salary from (CNY per year)"),
        validators=[MinValueValidator(1), MaxValueValidator(100_000_000)],
    )
    salary_max = models.PositiveIntegerField(
        _("salary to (CNY per year)"),
        validators=[MinValueValidator(1), MaxValueValidator(100_000_000)],
    )
    city = models.CharField(_("city"), max_length=100)
    # The city as one key however it is written (北京, Beijing: "beijing";
    # `jobs.engines.places.city_key`), set by the save service: search filters on it.
    city_key = models.CharField(
        max_length=100, blank=True, editable=False, db_index=True
    )
    # The place `city` names, when the portal knows it (set by the save service);
    # the text stays as the employer wrote it. A city it does not know is kept,
    # place empty, and flagged for staff (`city_unresolved`).
    city_place = models.ForeignKey(
        "jobs.City",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="roles",
        verbose_name=_("place"),
    )
    city_unresolved = models.BooleanField(
        _("city not recognised"), default=False, editable=False
    )
    work_mode = models.CharField(
        _("work mode"), max_length=8, choices=WorkMode.choices, default=WorkMode.ONSITE
    )
    months_in_china = models.PositiveSmallIntegerField(
        _("months per year in China"),
        default=12,
        validators=[MinValueValidator(0), MaxValueValidator(12)],
    )
    k_visa_welcome = models.BooleanField(_("K-visa holders welcome"), default=True)
    sponsors_work_permit = models.BooleanField(
        _("sponsors a work permit"), default=False
    )
    english_level = models.CharField(
        _("English"), max_length=16, blank=True, choices=EnglishLevel.choices
    )
    hsk_level = models.PositiveSmallIntegerField(
        _("minimum HSK level"),
        default=0,
        choices=[(n, str(n)) for n in range(7)],
        help_text=_("Chinese proficiency, 0 (none needed) to 6."),
    )
    openings = models.PositiveSmallIntegerField(
        _("openings"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(999)],
    )
    valid_until = models.DateField(
        _("valid until"),
        default=default_valid_until,
        help_text=_("The last day the role is open; at most 180 days ahead."),
    )

    status = models.CharField(
        _("status"), max_length=16, choices=RoleStatus.choices, default=RoleStatus.DRAFT
    )
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )
    # The moderator who approved the role (empty for automatic approval and
    # after a rejection): `approve_role(by=...)` records it.
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("approved by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    expiry_warned_at = models.DateTimeField(
        _("expiry warning sent"), null=True, blank=True
    )
    # What keyword search reads, written by `jobs.services.roles.update_search_vectors`
    # on every save: title, skills and their names in both languages (ranked first),
    # then company, city and descriptions; Chinese runs followed by their bigrams
    # (`jobs.engines.search.index_text`). SQLite matches these columns; PostgreSQL
    # their tsvector, stored and GIN-indexed.
    search_title = models.TextField(blank=True, editable=False)
    search_text = models.TextField(blank=True, editable=False)
    search_vector = SearchVectorField(null=True, editable=False)

    objects = RoleQuerySet.as_manager()
    history = HistoricalRecords(
        excluded_fields=[
            "search_vector",
            "skills_text",
            "search_title",
            "search_text",
            "city_key",
        ]
    )

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        indexes = [
            # Public roles (and expiry): covers public()'s columns, so counting
            # the public roles reads this index alone.
            models.Index(
                fields=["status", "valid_until", "company_id"],
                name="jobs_role_public_idx",
            ),
            # The search's sort orders over published roles, with public()'s other
            # columns: a page's ids come from one ordered walk that stops at the
            # page's end, without sorting the matches or reading their rows.
            models.Index(
                fields=["status", "-published_at", "-id", "valid_until", "company_id"],
                name="jobs_role_public_newest_idx",
            ),
            models.Index(
                fields=[
                    "status",
                    "-salary_max",
                    "-salary_min",
                    "-id",
                    "valid_until",
                    "company_id",
                ],
                name="jobs_role_public_salary_idx",
            ),
            # The city filter (through the place key: 上海 and Shanghai meet in
            # "shanghai"), newest first, with public()'s other columns: a city's
            # page is an ordered walk of its own roles, its capped count reads
            # this index alone, and a keyword search in a city walks it too.
            models.Index(
                fields=[
                    "city_key",
                    "status",
                    "-published_at",
                    "-id",
                    "valid_until",
                    "company_id",
                ],
                name="jobs_role_city_newest_idx",
            ),
            models.Index(fields=["-published_at", "-id"], name="jobs_role_newest_idx"),
            models.Index(fields=["updated_at"], name="jobs_role_updated_idx"),
            models.Index(fields=["city"], name="jobs_role_city_idx"),
            models.Index(fields=["salary_max"], name="jobs_role_salary_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(salary_min__lte=models.F("salary_max")),
                name="jobs_role_salary_range",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors = {}
        if (
            self.salary_min is not None
            and self.salary_max is not None
            and self.salary_min > self.salary_max
        ):
            errors["salary_max"] = _("The top of the range is below its start.")
        if self.valid_until and self.status in (RoleStatus.DRAFT, RoleStatus.PENDING):
            today = timezone.localdate()
            if self.valid_until < today:
                errors["valid_until"] = _("This date is in the past.")
            elif self.valid_until > today + timedelta(days=VALIDITY_MAX_DAYS):
                errors["valid_until"] = _(
                    "A role can be open for at most 180 days from today."
                )
        if errors:
            raise ValidationError(errors)

    @property
    def is_public(self) -> bool:
        return (
            self.status == RoleStatus.PUBLISHED
            and self.valid_until >= timezone.localdate()
            and self.company.is_verified
        )

    @property
    def is_editable(self) -> bool:
        return self.status in (
            RoleStatus.DRAFT,
            RoleStatus.PENDING,
            RoleStatus.PUBLISHED,
        )
