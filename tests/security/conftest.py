"""Staff in the Moderators and Support groups for the security tests."""

import importlib

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import Group

from tests.factories import StaffFactory

_groups_migration = importlib.import_module("jobs.migrations.0009_groups")


@pytest.fixture
def staff_groups(db):
    """The groups the data migration creates (made again if a flush removed them)."""
    _groups_migration.create_groups(django_apps, None)
    return {g.name: g for g in Group.objects.filter(name__in=["Moderators", "Support"])}


def staff_member(group_name: str, **fields):
    """A staff account (not a superuser) in one of the migration's groups."""
    _groups_migration.create_groups(django_apps, None)
    user = StaffFactory(is_superuser=False, **fields)
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def moderator(staff_groups):
    return staff_member("Moderators", email="moderator@example.com")


@pytest.fixture
def support(staff_groups):
    return staff_member("Support", email="support@example.com")


@pytest.fixture
def require_mfa(settings):
    # tests/conftest.py turns the staff MFA requirement off for the suite.
    settings.ADMIN_REQUIRE_MFA = True
