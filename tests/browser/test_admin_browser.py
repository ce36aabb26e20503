"""Staff sign in with a TOTP code and run the site from the admin: approve a role,
reject a company with a reason, re-screen everyone, export candidates with their
outcomes and read a role's audit trail."""

import csv
import datetime
import io

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.core import mail

from jobs.models import Company, Role, RoleStatus, ScreeningRun
from jobs.services.screening import screen_candidates
from tests.factories import (
    PASSWORD,
    CandidateProfileFactory,
    CompanyFactory,
    EducationFactory,
    MembershipFactory,
    PendingRoleFactory,
    StaffFactory,
)
from tests.totp import totp_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def test_staff_run_the_site_from_the_admin(page, settings):
    settings.ADMIN_REQUIRE_MFA = True
    staff = StaffFactory(email="ops@example.com")
    TOTP.activate(staff, SECRET)
    role = PendingRoleFactory(
        title="Cryo-EM engineer",
        submitted_at=datetime.datetime.now(datetime.UTC),
        description="Run the microscopes. Male candidates only.",
    )
    MembershipFactory(company=role.company)
    company = CompanyFactory(name="Shady Robotics", verified_at=None)
    owner = MembershipFactory(company=company).user
    likely = [EducationFactory().profile for _ in range(2)]
    unknown = CandidateProfileFactory(date_of_birth=None)
    screen_candidates(profile_ids=[p.pk for p in [*likely, unknown]])

    # Password, then the TOTP code; the admin opens on the dashboard.
    page.goto("/accounts/login/?next=/admin/")
    page.locator("#id_login").fill(staff.email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url("**/accounts/2fa/authenticate/**")
    page.locator("#id_code").fill(totp_code(SECRET))
    page.locator("#id_code").press("Enter")
    page.wait_for_url("**/admin/")
    moderation = page.locator("#dashboard-moderation")
    assert "1 roles pending review" in " ".join(moderation.inner_text().split())
    assert page.locator("#dashboard-screening svg").count() == 1

    # Approve the pending role from its page, beside the wording check.
    page.goto(f"/admin/jobs/role/{role.pk}/change/")
    assert "Male candidates only" in page.locator(".wording-findings").inner_text()
    page.get_by_role("button", name="Approve").click()
    page.wait_for_load_state()
    assert "approved" in page.locator(".messagelist").inner_text()
    assert Role.objects.get(pk=role.pk).status == RoleStatus.PUBLISHED

    # Reject the company with a reason: it is emailed to the owner.
    page.goto(f"/admin/jobs/company/{company.pk}/change/")
    page.get_by_role("link", name="Reject…").click()
    page.locator("#id_reason").fill("The licence does not match the company name.")
    page.get_by_role("button", name="Reject and email the reason").click()
    page.wait_for_url(f"**/admin/jobs/company/{company.pk}/change/")
    company.refresh_from_db()
    assert company.verified_at is None
    assert company.rejection_reason.startswith("The licence")
    assert any(owner.email in m.to and "does not match" in m.body for m in mail.outbox)

    # Re-screen all candidates and watch the run reach 100 %.
    page.goto("/admin/jobs/screening/")
    page.get_by_role("link", name="Re-screen all").click()
    page.get_by_role("button", name="Re-screen all candidates").click()
    page.wait_for_url("**/admin/jobs/screeningrun/*/change/")
    page.wait_for_function("document.body.innerText.includes('100%')")
    run = ScreeningRun.objects.get(kind="all")
    assert (run.total, run.done) == (3, 3)

    # Export every candidate with their outcome to CSV.
    page.goto("/admin/accounts/candidateprofile/")
    page.locator("#action-toggle").check()
    page.locator("select[name=action]").select_option("export_csv")
    with page.expect_download() as download_info:
        page.locator(".actions button[type=submit]").click()
    path = download_info.value.path()
    with open(path, encoding="utf-8-sig") as fp:
        rows = list(csv.DictReader(io.StringIO(fp.read())))
    outcomes = {row["email"]: row["k_visa_outcome"] for row in rows}
    assert outcomes == {
        **{p.user.email: "likely" for p in likely},
        unknown.user.email: "unknown",
    }

    # The role's audit trail names who approved it.
    page.goto(f"/admin/jobs/role/{role.pk}/change/")
    page.get_by_role("link", name="History").click()
    page.wait_for_url(f"**/admin/jobs/role/{role.pk}/history/")
    history = page.locator("#content").inner_text()
    assert staff.email in history
    assert "Cryo-EM engineer" in history
    assert Company.history.filter(id=company.pk, history_user=staff).exists()
