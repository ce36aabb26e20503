"""The seeker's profile: sections, validation, skills, derived facts, queries."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import CandidateProfile, Education, Position, Skill
from accounts.selectors import profile_strength, years_of_experience
from accounts.skills import skill_key, split_skills
from tests.factories import (
    CandidateProfileFactory,
    EducationFactory,
    EmployerFactory,
    PositionFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeker_client(client):
    profile = CandidateProfileFactory(given_name="Ada", family_name="Lovelace")
    client.force_login(profile.user)
    client.profile = profile
    return client


def _post_section(client, section, data):
    return client.post(reverse("accounts:profile_section", args=[section]), data)


def test_each_section_saves_without_touching_the_others(seeker_client):
    profile = seeker_client.profile
    _post_section(
        seeker_client,
        "preferences",
        {
            "desired_roles": "ML engineer",
            "desired_cities": "Shanghai, Shenzhen",
            "salary_expectation_cny": "480000",
            "willing_to_relocate": "on",
        },
    )
    response = _post_section(
        seeker_client,
        "personal",
        {
            "given_name": "Ada",
            "family_name": "King",
            "headline": "Roboticist",
            "nationality": "GB",
            "date_of_birth": "1996-02-03",
        },
    )
    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.family_name == "King"
    assert profile.date_of_birth == datetime.date(1996, 2, 3)
    assert profile.salary_expectation_cny == 480000  # the earlier section survived
    assert profile.desired_cities == "Shanghai, Shenzhen"


@pytest.mark.parametrize("years_old", [10, 101])
def test_implausible_date_of_birth_is_refused_and_input_kept(seeker_client, years_old):
    born = timezone.localdate().replace(
        year=timezone.localdate().year - years_old, day=1
    )
    response = _post_section(
        seeker_client,
        "personal",
        {
            "given_name": "Ada",
            "family_name": "Byron",
            "headline": "Kept headline",
            "date_of_birth": born.isoformat(),
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Please check this date" in body
    assert 'value="Kept headline"' in body
    assert 'value="Byron"' in body
    seeker_client.profile.refresh_from_db()
    assert seeker_client.profile.family_name == "Lovelace"  # nothing saved


def test_skills_collapse_case_and_version_variants(seeker_client):
    _post_section(
        seeker_client,
        "skills",
        {"skills": "Python, python 3, PYTHON, PyTorch, pytorch 2, k8s"},
    )
    names = sorted(s.name for s in seeker_client.profile.skills.all())
    assert names == ["Kubernetes", "PyTorch", "Python"]
    # Another seeker typing a variant reuses the same tag.
    other = CandidateProfileFactory()
    seeker_client.force_login(other.user)
    _post_section(seeker_client, "skills", {"skills": "python3"})
    assert Skill.objects.filter(slug="python").count() == 1
    assert list(other.skills.values_list("slug", flat=True)) == ["python"]


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("C++", "cpp"),
        ("c#", "csharp"),
        ("Node.js", "nodejs"),
        ("node", "nodejs"),
        ("ReactJS", "react"),
        ("S3", "s3"),
        ("IPv6", "ipv6"),
        ("Machine Learning", "machine-learning"),
        ("ML", "machine-learning"),
    ],
)
def test_skill_keys(text, key):
    assert skill_key(text) == key


def test_split_skills_drops_duplicates_and_blanks():
    assert split_skills("Python, , python 3; Go，Rust") == ["Python", "Go", "Rust"]


def test_languages_section_saves_levels(seeker_client):
    data = {
        "languages-TOTAL_FORMS": "1",
        "languages-INITIAL_FORMS": "0",
        "languages-0-language": "en",
        "languages-0-level": "native",
    }
    assert _post_section(seeker_client, "languages", data).status_code == 302
    assert [str(lang) for lang in seeker_client.profile.languages.all()] == [
        "English (Native)"
    ]


def test_unknown_section_is_404(seeker_client):
    assert _post_section(seeker_client, "user", {"is_staff": "on"}).status_code == 404


def _education_data(**overrides):
    data = {
        "level": "master",
        "field": "Computer Science",
        "institution": "Technische Universität München",
        "country": "DE",
        "start_date": "2019-10-01",
        "conferred_date": "2021-09-30",
    }
    data.update(overrides)
    return data


def test_add_degree_keeps_institution_as_typed(seeker_client):
    response = seeker_client.post(reverse("accounts:education_add"), _education_data())
    assert response.status_code == 302
    degree = Education.objects.get(profile=seeker_client.profile)
    assert degree.institution == "Technische Universität München"


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"conferred_date": "2018-01-01"}, "conferred_date", "before the start"),
        ({"conferred_date": "2999-01-01"}, "conferred_date", "in the future"),
        ({"conferred_date": ""}, "conferred_date", "not yet conferred"),
        ({"discipline_code": "812"}, "discipline_code", "2, 4 or 6 digits"),
    ],
)
def test_degree_validation_keeps_input(seeker_client, overrides, field, message):
    response = seeker_client.post(
        reverse("accounts:education_add"), _education_data(**overrides)
    )
    assert response.status_code == 400
    errors = " ".join(response.context["form"].errors[field])
    assert message in errors
    assert "Technische Universität München" in response.content.decode()
    assert not Education.objects.exists()


def test_expected_degree_needs_a_future_date(seeker_client):
    ok = seeker_client.post(
        reverse("accounts:education_add"),
        _education_data(conferred_date="2999-06-30", expected="on"),
    )
    assert ok.status_code == 302
    assert Education.objects.get().expected


def test_position_end_before_start_is_refused(seeker_client):
    response = seeker_client.post(
        reverse("accounts:position_add"),
        {
            "title": "Engineer",
            "organisation": "Huawei",
            "kind": "engineering",
            "start_date": "2022-01-01",
            "end_date": "2021-01-01",
        },
    )
    assert response.status_code == 400
    assert "before the start" in " ".join(response.context["form"].errors["end_date"])
    assert not Position.objects.exists()


def test_seeker_cannot_edit_or_delete_another_seekers_entries(seeker_client):
    theirs = EducationFactory()
    their_position = PositionFactory(profile=theirs.profile)
    assert (
        seeker_client.get(
            reverse("accounts:education_edit", args=[theirs.pk])
        ).status_code
        == 404
    )
    assert (
        seeker_client.post(
            reverse("accounts:education_edit", args=[theirs.pk]), _education_data()
        ).status_code
        == 404
    )
    assert (
        seeker_client.post(
            reverse("accounts:entry_delete", args=["education", theirs.pk])
        ).status_code
        == 404
    )
    assert (
        seeker_client.post(
            reverse("accounts:entry_delete", args=["position", their_position.pk])
        ).status_code
        == 404
    )
    theirs.refresh_from_db()
    assert theirs.institution == "ETH Zurich"


def test_employer_cannot_open_seeker_profile_pages(client):
    client.force_login(EmployerFactory())
    for name in (
        "accounts:profile",
        "accounts:profile_edit",
        "accounts:cv_download",
        "accounts:education_add",
    ):
        assert client.get(reverse(name)).status_code == 403


def test_years_of_experience_counts_overlaps_once():
    as_of = datetime.date(2026, 1, 1)
    positions = [
        Position(
            start_date=datetime.date(2020, 1, 1), end_date=datetime.date(2022, 1, 1)
        ),
        Position(
            start_date=datetime.date(2021, 1, 1), end_date=datetime.date(2023, 1, 1)
        ),
        Position(start_date=datetime.date(2024, 1, 1), end_date=None),
    ]
    assert years_of_experience(positions, as_of=as_of) == 5.0


def test_strength_names_the_next_most_useful_item():
    profile = CandidateProfileFactory(date_of_birth=None)
    fresh = CandidateProfile.objects.with_details().get(pk=profile.pk)
    assert "date of birth" in profile_strength(fresh).next_step
    profile.date_of_birth = datetime.date(1995, 1, 1)
    profile.save()
    fresh = CandidateProfile.objects.with_details().get(pk=profile.pk)
    assert "degree" in profile_strength(fresh).next_step
    EducationFactory(profile=profile, institution="")
    fresh = CandidateProfile.objects.with_details().get(pk=profile.pk)
    strength = profile_strength(fresh)
    assert (
        strength.next_step
        == "Add your degree's institution so we can check the K visa."
    )
    assert 0 < strength.percent < 100


def test_profile_page_query_count_does_not_grow_with_entries(seeker_client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    profile = seeker_client.profile
    EducationFactory(profile=profile)
    PositionFactory(profile=profile)
    with CaptureQueriesContext(connection) as small:
        assert seeker_client.get(reverse("accounts:profile")).status_code == 200
    EducationFactory.create_batch(15, profile=profile)
    PositionFactory.create_batch(15, profile=profile)
    with CaptureQueriesContext(connection) as large:
        response = seeker_client.get(reverse("accounts:profile"))
    assert response.content.decode().count("Research engineer") == 16
    assert len(large) == len(small)
