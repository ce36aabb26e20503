"""An employer posts a role, staff approve it, a seeker finds it and applies, the
employer invites them to interview and the seeker sees the new status."""

import pytest

from jobs.models import Application, Role, RoleStatus
from tests.browser.conftest import sign_in
from tests.factories import PASSWORD, MembershipFactory, SeekerFactory, StaffFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_out(page) -> None:
    page.context.clear_cookies()


def test_role_from_posting_to_interview(page):
    employer = MembershipFactory(user__email="hr@example.com").user
    staff = StaffFactory(email="moderator@example.com")
    seeker = SeekerFactory(email="ada@example.com")

    # The employer posts a role and submits it for review.
    sign_in(page, employer.email, PASSWORD)
    assert page.url.endswith("/employer/")
    page.get_by_role("link", name="Post a role").first.click()
    page.locator("#id_title").fill("Quantum sensing engineer")
    page.locator("#id_description").fill("Build **NV-centre** magnetometers.")
    page.locator("#id_required_skills_text").fill("Python, Quantum Optics")
    page.locator("#id_salary_min").fill("320000")
    page.locator("#id_salary_max").fill("480000")
    page.locator("#id_city").fill("Hefei")
    page.locator("#id_sponsors_work_permit").check()
    page.get_by_role("button", name="Save and submit for review").click()
    page.wait_for_url("**/employer/roles/*/")
    assert page.get_by_test_id("role-status").inner_text() == "Pending review"
    role = Role.objects.get(title="Quantum sensing engineer")
    _sign_out(page)

    # Staff approve it (through the admin login, then the moderation page).
    page.goto("/accounts/login/?next=/admin/")
    page.locator("#id_login").fill(staff.email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url("**/admin/")
    page.goto("/moderation/")
    page.get_by_test_id(f"pending-role-{role.pk}").get_by_role(
        "button", name="Approve"
    ).click()
    assert "approved" in page.content()
    role.refresh_from_db()
    assert role.status == RoleStatus.PUBLISHED
    _sign_out(page)

    # A seeker finds it by keyword and filter, and applies.
    sign_in(page, seeker.email, PASSWORD)
    page.get_by_role("link", name="Find roles").click()
    page.locator("#id_q").fill("quantum")
    page.locator("#id_city").fill("Hefei")
    page.locator("#id_visa").select_option("work_permit")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**/roles/?*")
    assert "q=quantum" in page.url
    assert "city=Hefei" in page.url
    assert page.get_by_test_id("result-count").inner_text() == "1 role"
    page.get_by_role("link", name="Quantum sensing engineer").click()
    page.locator("#id_cover_note").fill("I built NV magnetometers in my PhD.")
    page.get_by_role("button", name="Apply").click()
    page.wait_for_url("**/my-applications/")
    assert page.get_by_test_id(f"stage-{role.pk}").inner_text() == "Applied"
    _sign_out(page)

    # The employer moves the application to interview.
    application = Application.objects.get(role=role)
    sign_in(page, employer.email, PASSWORD)
    page.goto(f"/employer/roles/{role.pk}/")
    page.locator(f"a[href='/employer/applications/{application.pk}/']").click()
    page.locator("#id_stage").select_option("interview")
    page.locator("#id_message").fill("Can you talk on Tuesday?")
    page.get_by_role("button", name="Update application").click()
    assert page.get_by_test_id("application-stage").inner_text() == "Interview"
    _sign_out(page)

    # The seeker sees the new status.
    sign_in(page, seeker.email, PASSWORD)
    page.goto("/my-applications/")
    assert page.get_by_test_id(f"stage-{role.pk}").inner_text() == "Interview"
