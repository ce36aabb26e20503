"""An employer opens a role's pipeline board from the dashboard and moves an
applicant from applied to interview; the seeker then sees the new stage."""

import pytest

from jobs.models import Stage
from tests.browser.conftest import sign_in
from tests.factories import (
    PASSWORD,
    ApplicationFactory,
    MembershipFactory,
    RoleFactory,
    ScreeningFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_employer_moves_an_applicant_on_the_board(page):
    employer = MembershipFactory(user__email="hr@example.com").user
    role = RoleFactory(company=employer.membership.company, title="Photonics engineer")
    screening = ScreeningFactory(
        outcome="likely",
        profile__given_name="Ada",
        profile__family_name="Lovelace",
        profile__user__email="ada@example.com",
    )
    seeker = screening.profile.user
    application = ApplicationFactory(role=role, candidate=seeker)

    sign_in(page, employer.email, PASSWORD)
    assert page.url.endswith("/employer/")
    page.get_by_test_id(f"open-role-{role.pk}").get_by_role(
        "link", name="Board"
    ).click()
    page.wait_for_url(f"**/employer/roles/{role.pk}/board/")

    applied = page.get_by_test_id("column-applied")
    card = applied.get_by_test_id(f"card-{application.pk}")
    assert "Ada Lovelace" in card.inner_text()
    assert card.get_by_test_id("outlook").inner_text() == "Likely eligible"

    card.get_by_label("Move to").select_option("interview")
    card.get_by_role("button", name="Move").click()
    page.wait_for_load_state()

    assert "the candidate is emailed" in page.content()
    interview = page.get_by_test_id("column-interview")
    assert (
        "Ada Lovelace"
        in interview.get_by_test_id(f"card-{application.pk}").inner_text()
    )
    assert applied.get_by_test_id(f"card-{application.pk}").count() == 0
    application.refresh_from_db()
    assert application.stage == Stage.INTERVIEW

    page.context.clear_cookies()
    sign_in(page, seeker.email, PASSWORD)
    page.goto("/my-applications/")
    assert page.get_by_test_id(f"stage-{role.pk}").inner_text() == "Interview"
