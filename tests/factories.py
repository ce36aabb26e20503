"""factory_boy factories for test data."""

import datetime
import uuid

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
from jobs.validators import make_credit_code

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


# --- Employers, roles and applications ------------------------------------------


def _now():
    from django.utils import timezone

    return timezone.now()


class CompanyFactory(DjangoModelFactory):
    """A verified company; `verified_at=None` for one awaiting verification."""

    class Meta:
        model = "jobs.Company"

    name = factory.Sequence(lambda n: f"Example Labs {n}")
    # "Example Labs" in Chinese: a name that means robots (机器人) would make every
    # factory role a match for "robotics", which search expands to 机器人.
    name_zh = factory.Sequence(lambda n: f"示例实验室{n}有限公司")
    credit_code = factory.Sequence(
        lambda n: make_credit_code(division="310000", serial=n + 1)
    )
    city = "Shanghai"
    industry = "Robotics"
    size = "50-199"
    verified_at = factory.LazyFunction(_now)


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = "jobs.Membership"

    company = factory.SubFactory(CompanyFactory)
    user = factory.SubFactory(EmployerFactory)
    role = "owner"


class RoleFactory(DjangoModelFactory):
    """A published, public role; see the state subclasses below."""

    class Meta:
        model = "jobs.Role"
        skip_postgeneration_save = True

    company = factory.SubFactory(CompanyFactory)
    title = factory.Sequence(lambda n: f"Robotics engineer {n}")
    description = "Build **robot arms** for factories.\n\n- ROS\n- C++"
    salary_min = 300_000
    salary_max = 500_000
    city = "Shanghai"
    status = "published"
    published_at = factory.LazyFunction(_now)
    valid_until = factory.LazyFunction(
        lambda: _now().date() + datetime.timedelta(days=30)
    )

    @factory.post_generation
    def skills(obj, create, extracted, **kwargs):
        """`skills=["Python", "ROS"]` sets the required skills (and search text)."""
        if not create:
            return
        from jobs.models import Role
        from jobs.services.roles import skills_from_names, update_search_vectors

        if extracted:
            tags = skills_from_names(extracted)
            obj.required_skills.set(tags)
            obj.skills_text = ", ".join(t.name for t in tags)
            Role.objects.filter(pk=obj.pk).update(skills_text=obj.skills_text)
        update_search_vectors(Role.objects.filter(pk=obj.pk))


class DraftRoleFactory(RoleFactory):
    status = "draft"
    published_at = None


class PendingRoleFactory(RoleFactory):
    status = "pending"
    published_at = None


class ClosedRoleFactory(RoleFactory):
    status = "closed"


class ExpiredRoleFactory(RoleFactory):
    status = "expired"


class ApplicationFactory(DjangoModelFactory):
    class Meta:
        model = "jobs.Application"

    role = factory.SubFactory(RoleFactory)
    candidate = factory.SubFactory(SeekerFactory)
    cover_note = "I build robots."


class MatchFactory(DjangoModelFactory):
    """A stored (role, candidate) score, in neither list unless a flag is given."""

    class Meta:
        model = "jobs.Match"

    role = factory.SubFactory(RoleFactory)
    profile = factory.SubFactory(CandidateProfileFactory)
    score = 70
    refreshed_at = factory.LazyFunction(_now)


# --- Dashboard and pipeline board ------------------------------------------------


class ScreeningFactory(DjangoModelFactory):
    """A stored K-visa verdict for a profile (the engine's result is not needed)."""

    class Meta:
        model = "jobs.Screening"

    profile = factory.SubFactory(CandidateProfileFactory)
    outcome = "likely"
    result = factory.LazyFunction(dict)
    rules_version = "test"
    facts_hash = "test"
    screened_at = factory.LazyFunction(_now)
    checked_at = factory.LazyFunction(_now)
    outcome_since = factory.LazyFunction(_now)


class ApplicantFactory(ApplicationFactory):
    """An application from a seeker with a profile and, by default, a screening.

    `ApplicantFactory(outcome="doubtful")` sets the verdict; `outcome=None`
    leaves the candidate unscreened.
    """

    class Params:
        outcome = "likely"

    candidate = factory.LazyAttribute(lambda o: _screened_seeker(o.outcome))


def _screened_seeker(outcome: str | None):
    if outcome is None:
        return CandidateProfileFactory().user
    return ScreeningFactory(outcome=outcome).profile.user


def staff_in_group(group_name: str, **fields) -> User:
    """A staff account (not a superuser) in "Moderators" or "Support", the groups
    the `jobs` migration 0009 creates (made again if a flush removed them)."""
    import importlib

    from django.apps import apps
    from django.contrib.auth.models import Group

    importlib.import_module("jobs.migrations.0009_groups").create_groups(apps, None)
    user = StaffFactory(is_superuser=False, **fields)
    user.groups.add(Group.objects.get(name=group_name))
    return user


class OutboxEmailFactory(DjangoModelFactory):
    """An outbox row as `jobs.services.notifications.notify` writes it (already rendered)."""

    class Meta:
        model = "jobs.OutboxEmail"

    template = "jobs/email/invitation.txt"
    language = "en"
    subject = factory.Sequence(lambda n: f"Message {n}")
    body = "Hello"
    recipients = factory.LazyFunction(lambda: ["someone@example.com"])


class ApiKeyFactory(DjangoModelFactory):
    """A company's API key made by `create_api_key`; its plain text is `key._raw`
    (the database holds only the digest). `scopes` defaults to reading roles."""

    class Meta:
        model = "jobs.ApiKey"

    company = factory.SubFactory(CompanyFactory)
    name = factory.Sequence(lambda n: f"Key {n}")
    scopes = factory.LazyFunction(lambda: ["roles:read"])
    created_by = factory.SubFactory(EmployerFactory)

    @classmethod
    def _create(cls, model_class, *args, company, name, scopes, created_by, **kwargs):
        from jobs.services.api_keys import create_api_key

        key, raw = create_api_key(
            name=name, scopes=scopes, by=created_by, company=company
        )
        key._raw = raw
        return key


class WebhookEndpointFactory(DjangoModelFactory):
    """An active endpoint of a company (written directly: the address is not checked)."""

    class Meta:
        model = "jobs.WebhookEndpoint"

    company = factory.SubFactory(CompanyFactory)
    url = factory.Sequence(lambda n: f"https://hooks{n}.example.com/k-talent")
    events = factory.LazyFunction(
        lambda: [
            "application.created",
            "application.stage_changed",
            "role.published",
            "role.expired",
        ]
    )


class WebhookDeliveryFactory(DjangoModelFactory):
    """A pending delivery of an `application.created` event."""

    class Meta:
        model = "jobs.WebhookDelivery"

    endpoint = factory.SubFactory(WebhookEndpointFactory)
    event = "application.created"
    payload = factory.LazyAttribute(
        lambda o: {"id": str(o.event_id), "type": o.event, "created": "", "data": {}}
    )
    event_id = factory.LazyFunction(uuid.uuid4)
