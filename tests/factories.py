"""factory_boy factories for test data."""

import datetime

import factory
from allauth.account.models import EmailAddress
from factory.django import DjangoModelFactory

from accounts.models import (
    AccountType,
    CandidateProfile,
    DegreeLevel,
    Education,
    Position,
    PositionKind,
    User,
)

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


class CandidateProfileFactory(DjangoModelFactory):
    class Meta:
        model = CandidateProfile

    user = factory.SubFactory(SeekerFactory)
    given_name = factory.Faker("first_name")
    family_name = factory.Faker("last_name")
    headline = "Machine-learning engineer"
    nationality = "DE"
    date_of_birth = datetime.date(1997, 5, 10)


class EducationFactory(DjangoModelFactory):
    class Meta:
        model = Education

    profile = factory.SubFactory(CandidateProfileFactory)
    level = DegreeLevel.MASTER
    field = "Computer Science"
    institution = "ETH Zurich"
    country = "CH"
    start_date = datetime.date(2020, 9, 1)
    conferred_date = datetime.date(2022, 6, 30)


class PositionFactory(DjangoModelFactory):
    class Meta:
        model = Position

    profile = factory.SubFactory(CandidateProfileFactory)
    title = "Research engineer"
    organisation = "Max Planck Institute for Informatics"
    kind = PositionKind.RESEARCH
    field = "Computer Science"
    start_date = datetime.date(2022, 9, 1)
    end_date = None
