"""Users: one account per email address, either a job seeker or an employer."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.managers import UserManager


class AccountType(models.TextChoices):
    SEEKER = "seeker", _("Job seeker")
    EMPLOYER = "employer", _("Employer")


class User(AbstractUser):
    """A web account. Staff users may have no account type."""

    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("email address"), unique=True)
    name = models.CharField(_("name"), max_length=150, blank=True)
    account_type = models.CharField(
        _("account type"), max_length=16, choices=AccountType.choices, blank=True
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.email

    @property
    def is_seeker(self) -> bool:
        return self.account_type == AccountType.SEEKER

    @property
    def is_employer(self) -> bool:
        return self.account_type == AccountType.EMPLOYER
