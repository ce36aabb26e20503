"""Employers: companies, their members and invitations to join a team."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from jobs.validators import credit_code_error, normalise_credit_code


def validate_credit_code(value: str) -> None:
    error = credit_code_error(normalise_credit_code(value))
    messages = {
        "length": _("A unified social credit code has 18 characters."),
        "characters": _(
            "A unified social credit code uses digits and capital letters except I, O, S, V and Z."
        ),
        "division": _("Characters 3 to 8 of the code are the region's six digits."),
        "check": _(
            "This code's last character does not match: please check the code on your business licence."
        ),
    }
    if error is not None:
        raise ValidationError(messages[error], code=f"credit_code_{error}")


class CompanySize(models.TextChoices):
    TINY = "1-49", _("1–49 employees")
    SMALL = "50-199", _("50–199 employees")
    MEDIUM = "200-999", _("200–999 employees")
    LARGE = "1000-4999", _("1,000–4,999 employees")
    HUGE = "5000+", _("5,000 or more employees")


class CompanyQuerySet(models.QuerySet["Company"]):
    def verified(self) -> "CompanyQuerySet":
        return self.filter(verified_at__isnull=False)

    def unverified(self) -> "CompanyQuerySet":
        return self.filter(verified_at__isnull=True)


class Company(models.Model):
    """An employer. Its roles go public only once staff have verified it."""

    name = models.CharField(_("name in English"), max_length=200)
    name_zh = models.CharField(_("name in Chinese"), max_length=200)
    credit_code = models.CharField(
        _("unified social credit code"),
        max_length=18,
        unique=True,
        validators=[validate_credit_code],
        help_text=_("统一社会信用代码: the 18 characters on your business licence."),
    )
    city = models.CharField(_("city"), max_length=100)
    industry = models.CharField(_("industry"), max_length=100)
    size = models.CharField(_("size"), max_length=16, choices=CompanySize.choices)
    website = models.URLField(_("website"), blank=True)
    logo = models.FileField(_("logo"), upload_to="logos/", blank=True)
    description = models.TextField(_("description"), blank=True, max_length=5000)

    verified_at = models.DateTimeField(_("verified"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("verified by"),
    )
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = CompanyQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("company")
        verbose_name_plural = _("companies")
        indexes = [
            models.Index(fields=["verified_at"]),
            models.Index(fields=["updated_at"]),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_verified(self) -> bool:
        return self.verified_at is not None


class MemberRole(models.TextChoices):
    OWNER = "owner", _("Owner")
    RECRUITER = "recruiter", _("Recruiter")


class Membership(models.Model):
    """An employer account acting for a company. One company per account."""

    company = models.ForeignKey(
        Company, on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="membership",
        verbose_name=_("user"),
    )
    role = models.CharField(
        _("role"), max_length=16, choices=MemberRole.choices, default=MemberRole.OWNER
    )
    joined_at = models.DateTimeField(_("joined"), auto_now_add=True)

    class Meta:
        ordering = ["company", "joined_at"]
        verbose_name = _("team member")
        verbose_name_plural = _("team members")

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()}, {self.company})"


class Invitation(models.Model):
    """An owner's invitation to a recruiter; the token in the emailed link is the key."""

    company = models.ForeignKey(
        Company, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("email"))
    token = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"{self.email} → {self.company}"
