"""Issue 11, defect 1: withdrawing an application takes the profile back.

A seeker applies to company X, withdraws, hides the profile and revokes both
consents: X's owner and recruiters must get a 404 on every page that shows the
candidate, as the application's CV already answers.
"""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from accounts.models import Visibility
from accounts.services import update_privacy
from jobs.models import MemberRole
from jobs.services.applications import withdraw_application
from tests.factories import (
    ApplicationFactory,
    CandidateProfileFactory,
    MatchFactory,
    MembershipFactory,
    RoleFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting(private_media):
    """Company X with an owner and a recruiter; a discoverable seeker who applied."""
    owner = MembershipFactory()
    recruiter = MembershipFactory(company=owner.company, role=MemberRole.RECRUITER)
    role = RoleFactory(company=owner.company)
    now = timezone.now()
    profile = CandidateProfileFactory(
        visibility=Visibility.VERIFIED_EMPLOYERS,
        consent_share_at=now,
        consent_cross_border_at=now,
    )
    profile.cv.save("cv-1.pdf", ContentFile(b"%PDF-1.4 cv"), save=False)
    profile.cv_filename = "ada.pdf"
    profile.save()
    application = ApplicationFactory(
        role=role, candidate=profile.user, cover_note="Secret cover note"
    )
    return {
        "members": [owner.user, recruiter.user],
        "role": role,
        "profile": profile,
        "application": application,
    }


def _urls(setting) -> list[str]:
    profile, role = setting["profile"], setting["role"]
    detail = reverse("jobs:candidate_detail", args=[profile.pk])
    return [
        detail,
        f"{detail}?role={role.pk}",
        reverse("jobs:candidate_cv", args=[profile.pk]),
        reverse("jobs:application_detail", args=[setting["application"].pk]),
        reverse("jobs:application_cv", args=[setting["application"].pk]),
    ]


def _withdraw_and_hide(setting) -> None:
    withdraw_application(application=setting["application"])
    update_privacy(
        profile=setting["profile"],
        visibility=Visibility.HIDDEN,
        consent_share=False,
        consent_cross_border=False,
    )


def _statuses(client, user, urls) -> list[int]:
    client.force_login(user)
    return [client.get(url).status_code for url in urls]


def test_members_see_an_applicant_before_withdrawal(client, setting):
    urls = _urls(setting)
    for member in setting["members"]:
        assert _statuses(client, member, urls) == [200] * len(urls)


def test_withdrawn_hidden_candidate_is_404_for_every_member(client, setting):
    _withdraw_and_hide(setting)
    urls = _urls(setting)
    for member in setting["members"]:
        assert _statuses(client, member, urls) == [404] * len(urls)


def test_hidden_applicant_who_has_not_withdrawn_stays_visible(client, setting):
    # Applying shares the profile with that company whatever the visibility.
    update_privacy(
        profile=setting["profile"],
        visibility=Visibility.HIDDEN,
        consent_share=False,
        consent_cross_border=False,
    )
    urls = _urls(setting)
    assert _statuses(client, setting["members"][0], urls) == [200] * len(urls)


def test_withdrawn_but_discoverable_candidate_stays_visible(client, setting):
    withdraw_application(application=setting["application"])
    profile_url, with_role, cv, application, application_cv = _urls(setting)
    statuses = _statuses(
        client, setting["members"][1], [profile_url, with_role, cv, application]
    )
    assert statuses == [200, 200, 200, 200]
    # The withdrawn application's own CV link stays closed, as before.
    assert client.get(application_cv).status_code == 404


def test_another_application_to_the_company_keeps_the_profile_shared(client, setting):
    other_role = RoleFactory(company=setting["role"].company)
    ApplicationFactory(role=other_role, candidate=setting["profile"].user)
    _withdraw_and_hide(setting)
    profile_url, _with_role, _cv, application, _application_cv = _urls(setting)
    assert _statuses(client, setting["members"][0], [profile_url, application]) == [
        200,
        200,
    ]


def test_board_lists_a_withdrawn_hidden_candidate_without_name_or_link(client, setting):
    _withdraw_and_hide(setting)
    client.force_login(setting["members"][0])
    response = client.get(reverse("jobs:role_board", args=[setting["role"].pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert setting["profile"].display_name not in html
    application_url = reverse(
        "jobs:application_detail", args=[setting["application"].pk]
    )
    assert application_url not in html
    assert "no longer shares their profile" in html


def test_withdrawn_hidden_candidate_leaves_the_role_matches(client, setting):
    from jobs.selectors.matching import candidates_visible_to, role_matches

    MatchFactory(
        role=setting["role"], profile=setting["profile"], score=80, for_role=True
    )
    assert role_matches(role=setting["role"]).count() == 1
    _withdraw_and_hide(setting)
    company = setting["role"].company
    assert not candidates_visible_to(company).filter(pk=setting["profile"].pk).exists()
    assert role_matches(role=setting["role"]).count() == 0
