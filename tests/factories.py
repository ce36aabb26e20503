"""factory_boy factories for test data."""

import factory
from allauth.account.models import EmailAddress
from factory.django import DjangoModelFactory

from accounts.models import AccountType, User

PASSWORD = "correct-horse-battery-staple"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    account_type = AccountType.SEEKER
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def verified(obj, create, extracted, **kwargs):
        """A verified primary email unless `verified=False` is passed."""
        if create:
            EmailAddress.objects.create(
                user=obj, email=obj.email, primary=True, verified=extracted is not False
            )


class SeekerFactory(UserFactory):
    account_type = AccountType.SEEKER


class EmployerFactory(UserFactory):
    account_type = AccountType.EMPLOYER


class StaffFactory(UserFactory):
    account_type = ""
    is_staff = True
    is_superuser = True
