"""Staff users for the admin tests: a superuser, a Moderator and a Support agent."""

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


def _member(group: Group, **fields):
    user = StaffFactory(is_superuser=False, **fields)
    user.groups.add(group)
    return user


@pytest.fixture
def moderator(staff_groups):
    return _member(staff_groups["Moderators"], email="moderator@example.com")


@pytest.fixture
def support(staff_groups):
    return _member(staff_groups["Support"], email="support@example.com")


@pytest.fixture
def staff(db):
    return StaffFactory(email="admin@example.com")


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client
