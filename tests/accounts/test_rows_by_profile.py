"""accounts.selectors.rows_by_profile: the plain rows that batch screening and
the card rebuild read instead of a prefetch."""

import datetime
from collections import namedtuple

import pytest

from accounts.models import Education, Position
from accounts.selectors import rows_by_profile
from tests.factories import CandidateProfileFactory, EducationFactory, PositionFactory

pytestmark = pytest.mark.django_db


def test_rows_come_per_profile_in_the_models_order_as_a_prefetch_gives_them():
    first, second, empty = CandidateProfileFactory.create_batch(3)
    for year in (2015, 2023, 2019):
        PositionFactory(profile=first, start_date=datetime.date(year, 1, 1))
    PositionFactory(profile=second, start_date=datetime.date(2021, 3, 1))

    rows = rows_by_profile(
        Position,
        profile_ids=[first.pk, second.pk, empty.pk],
        fields=("id", "start_date"),
    )

    for profile in (first, second, empty):
        prefetched = [(p.id, p.start_date) for p in profile.positions.all()]
        assert rows[profile.pk] == prefetched
    assert [start.year for _id, start in rows[first.pk]] == [2023, 2019, 2015]
    assert rows[empty.pk] == []


def test_one_field_gives_values_and_row_builds_each_row(django_assert_num_queries):
    profile = CandidateProfileFactory()
    EducationFactory(profile=profile, field="Physics")
    EducationFactory(profile=profile, field="Chemistry", conferred_date=None)
    other = EducationFactory(field="Biology").profile
    Degree = namedtuple("Degree", ["field", "level"])

    with django_assert_num_queries(1):
        fields = rows_by_profile(Education, profile_ids=[profile.pk], fields=("field",))
    with django_assert_num_queries(1):
        degrees = rows_by_profile(
            Education,
            profile_ids=[profile.pk, other.pk],
            fields=Degree._fields,
            row=Degree,
        )

    assert sorted(fields[profile.pk]) == ["Chemistry", "Physics"]
    assert other.pk not in fields
    assert degrees[other.pk] == [Degree("Biology", "master")]
    assert {d.field for d in degrees[profile.pk]} == {"Chemistry", "Physics"}
