"""Every page of the site, as every kind of user, renders in Chromium with no
Content-Security-Policy violation.

An init script records each `securitypolicyviolation` event before any page
script runs, and the console is watched for Chromium's "Content Security Policy"
messages, so a blocked inline script, style attribute, image or form target
anywhere fails the test with the page and the directive.
"""

from urllib.parse import urlsplit

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.core.files.base import ContentFile
from django.http import QueryDict
from django.utils import timezone

from accounts.models import LanguageSkill, Visibility
from accounts.services import set_skills
from jobs.models import ScreeningRun
from jobs.services.applications import apply_to_role, move_application
from jobs.services.matching import (
    invite_to_apply,
    record_profile_view,
    refresh_cards,
    refresh_role_matches,
)
from jobs.services.saved import save_search
from jobs.services.screening import screen_candidates
from tests.browser.conftest import sign_in
from tests.factories import (
    PASSWORD,
    CandidateProfileFactory,
    CompanyFactory,
    DraftRoleFactory,
    EducationFactory,
    MembershipFactory,
    PendingRoleFactory,
    PositionFactory,
    RoleFactory,
    StaffFactory,
    WebhookDeliveryFactory,
    WebhookEndpointFactory,
)
from tests.totp import totp_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(
    `${e.violatedDirective} blocked ${e.blockedURI || "inline"} at ` +
    `${e.sourceFile || document.location.pathname}:${e.lineNumber}`
  );
});
"""


class Watcher:
    """Opens pages and collects every CSP violation they report."""

    def __init__(self, page):
        self.page = page
        self.console: list[str] = []
        self.visited: list[str] = []
        page.context.add_init_script(RECORD_VIOLATIONS)
        page.on(
            "console",
            lambda message: (
                self.console.append(f"{page.url}: {message.text}")
                if "Content Security Policy" in message.text
                else None
            ),
        )

    def violations(self) -> list[str]:
        found = self.page.evaluate("window.__cspViolations || []")
        return [f"{self.page.url}: {v}" for v in found]

    def visit(self, *urls: str) -> list[str]:
        problems = []
        for url in urls:
            response = self.page.goto(url)
            self.page.wait_for_load_state("load")
            assert response is not None
            assert response.status < 500, (url, response.status)
            # The page itself, not a login or an error page it redirected to.
            assert urlsplit(self.page.url).path == urlsplit(url).path, (
                url,
                self.page.url,
            )
            self.visited.append(url)
            problems += self.violations()
        return problems

    def assert_clean(self, problems: list[str]) -> None:
        assert not problems, "\n".join(problems)
        assert not self.console, "\n".join(self.console)


@pytest.fixture
def site(private_media):
    """A small but complete site: a seeker with everything, a company with a team,
    roles in every state, applicants, matches, invitations; staff with TOTP."""
    now = timezone.now()
    seeker = CandidateProfileFactory(
        user__email="seeker@example.com",
        visibility=Visibility.VERIFIED_EMPLOYERS,
        consent_share_at=now,
        consent_cross_border_at=now,
        summary="Robots.\nAnd more robots.",
        desired_cities="Shanghai",
        salary_expectation_cny=400_000,
    )
    EducationFactory(profile=seeker, field="Robotics")
    PositionFactory(profile=seeker, description="Built arms.\nAnd legs.")
    LanguageSkill.objects.create(profile=seeker, language="en", level="fluent")
    set_skills(profile=seeker, names=["Python", "ROS"])
    seeker.cv.save("cv-1.pdf", ContentFile(b"%PDF-1.4\n%%EOF"), save=False)
    seeker.cv_filename = "cv.pdf"
    seeker.save()

    owner = MembershipFactory(user__email="owner@example.com").user
    company = owner.membership.company
    MembershipFactory(company=company, role="recruiter")
    role = RoleFactory(
        company=company,
        title="Robotics engineer",
        city="Shanghai",
        description="**Build** robots.\n\n- ROS\n- Python",
    )
    draft = DraftRoleFactory(company=company, title="Draft role")
    pending = PendingRoleFactory(title="Pending role")
    CompanyFactory(name="Unverified Co", verified_at=None)

    application = apply_to_role(role=role, user=seeker.user, cover_note="Hello.")
    move_application(
        application=application, stage="interview", message="Come in.", by=owner
    )
    save_search(user=seeker.user, data=QueryDict("q=robot"), name="Robots")
    screen_candidates(profile_ids=[seeker.pk])
    refresh_cards(profile_ids=[seeker.pk])
    refresh_role_matches(role_id=role.pk)
    invite_to_apply(role=draft, profile=seeker, message="Join!", user=owner)
    record_profile_view(profile=seeker, company=company, viewer=owner, role=role)

    webhook = WebhookDeliveryFactory(
        endpoint=WebhookEndpointFactory(company=company), status="failed"
    ).endpoint
    staff = StaffFactory(email="staff@example.com")
    TOTP.activate(staff, SECRET)
    run = ScreeningRun.objects.create(kind="all", total=1, done=1, finished_at=now)
    return {
        "seeker": seeker,
        "owner": owner,
        "company": company,
        "role": role,
        "draft": draft,
        "pending": pending,
        "application": application,
        "staff": staff,
        "run": run,
        "webhook": webhook,
    }


def test_anonymous_pages_have_no_csp_violation(page, site):
    watcher = Watcher(page)
    role, company = site["role"], site["company"]
    problems = watcher.visit(
        "/",
        "/roles/",
        "/roles/?q=robot&city=Shanghai",
        "/roles/?q=robot&city=Shanghai",  # again: from the whole-page cache
        f"/roles/{role.pk}/",  # with its JSON-LD
        f"/companies/{company.pk}/",
        "/accounts/login/",
        "/accounts/signup/",
        "/accounts/password/reset/",
        "/check/",  # the public check (its autocomplete scripts)
        "/no-such-page/",
        "/api/v1/docs/",  # Swagger UI from the ninja package
    )
    watcher.assert_clean(problems)


def test_seeker_pages_have_no_csp_violation(page, site):
    watcher = Watcher(page)
    seeker = site["seeker"]
    sign_in(page, seeker.user.email, PASSWORD)
    degree = seeker.education.first()
    position = seeker.positions.first()
    problems = watcher.visit(
        "/profile/",
        "/profile/edit/",
        "/profile/education/add/",
        f"/profile/education/{degree.pk}/",
        "/profile/position/add/",
        f"/profile/position/{position.pk}/",
        "/visa-outlook/",
        "/roles/",
        f"/roles/{site['role'].pk}/",
        "/my-applications/",
        f"/my-applications/{site['application'].pk}/",
        "/messages/",
        "/saved/",
        "/roles-for-you/",
        "/my-data/",
        "/accounts/email/",
        "/accounts/password/change/",
        "/accounts/2fa/",
    )
    # Turning on TOTP asks for the password again, then shows the QR code (a
    # data: image).
    page.goto("/accounts/2fa/totp/activate/")
    if "/reauthenticate/" in page.url:
        problems += watcher.violations()
        page.locator("#id_password").fill(PASSWORD)
        page.locator("#id_password").press("Enter")
        page.wait_for_url("**/accounts/2fa/totp/activate/")
    page.wait_for_load_state("load")
    assert page.locator("img[src^='data:image/svg+xml']").count() == 1
    problems += watcher.violations()
    # The skill autocomplete fetches suggestions (connect-src) and fills a list.
    page.goto("/profile/edit/")
    page.locator("#id_skills").fill("Python, Py")
    page.wait_for_timeout(400)
    problems += watcher.violations()
    watcher.assert_clean(problems)
    assert page.locator("svg.strength-bar rect").count() == 1


def test_employer_pages_have_no_csp_violation(page, site):
    watcher = Watcher(page)
    sign_in(page, site["owner"].email, PASSWORD)
    role, draft = site["role"], site["draft"]
    seeker = site["seeker"]
    problems = watcher.visit(
        "/employer/",
        "/employer/company/",
        "/employer/team/",
        "/employer/roles/new/",
        f"/employer/roles/{role.pk}/",
        f"/employer/roles/{role.pk}/edit/",
        f"/employer/roles/{role.pk}/board/",
        f"/employer/roles/{role.pk}/matches/",
        f"/employer/roles/{draft.pk}/",
        f"/employer/applications/{site['application'].pk}/",
        f"/employer/candidates/{seeker.pk}/",
        f"/employer/candidates/{seeker.pk}/?role={role.pk}",
        f"/companies/{site['company'].pk}/",
        "/messages/",
        "/employer/webhooks/",
        "/employer/webhooks/new/",
        f"/employer/webhooks/{site['webhook'].pk}/",
        f"/employer/webhooks/{site['webhook'].pk}/deliveries/",
    )
    watcher.assert_clean(problems)


def test_staff_pages_have_no_csp_violation(page, site):
    watcher = Watcher(page)
    staff = site["staff"]
    # The real sign-in: password, then allauth's TOTP page, then the admin.
    page.goto("/accounts/login/?next=/admin/")
    page.locator("#id_login").fill(staff.email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url("**/accounts/2fa/authenticate/**")
    problems = watcher.violations()
    page.locator("#id_code").fill(totp_code(SECRET))
    page.locator("#id_code").press("Enter")
    page.wait_for_url("**/admin/")
    problems += watcher.violations()
    role, pending, seeker = site["role"], site["pending"], site["seeker"]
    problems += watcher.visit(
        "/admin/",  # the staff dashboard and its SVG charts
        "/admin/accounts/user/",
        f"/admin/accounts/user/{seeker.user.pk}/change/",
        "/admin/accounts/candidateprofile/",
        f"/admin/accounts/candidateprofile/{seeker.pk}/change/",
        "/admin/jobs/role/",
        "/admin/jobs/role/?q=robot",
        f"/admin/jobs/role/{role.pk}/change/",
        f"/admin/jobs/role/{pending.pk}/change/",  # approve / reject buttons
        f"/admin/jobs/role/{role.pk}/history/",
        "/admin/jobs/role/add/",
        "/admin/jobs/company/",
        f"/admin/jobs/company/{site['company'].pk}/change/",
        "/admin/jobs/application/",
        "/admin/jobs/screening/",
        f"/admin/jobs/screeningrun/{site['run'].pk}/change/",
        "/admin/auth/group/",
        "/moderation/",
    )
    # An admin action's confirmation page (Django's own template, with its media).
    page.goto("/admin/jobs/company/")
    page.locator("input[name=_selected_action]").first.check()
    page.locator("select[name=action]").select_option("delete_selected")
    page.get_by_role("button", name="Run").click()
    page.wait_for_load_state("load")
    problems += watcher.violations()
    watcher.assert_clean(problems)
    assert len(watcher.visited) == 18


def test_the_watcher_sees_a_violation(page, site):
    # Guards the guard: an inline style and an inline script must be caught.
    watcher = Watcher(page)
    page.goto("/")
    page.evaluate(
        """() => {
          document.body.insertAdjacentHTML("beforeend", '<p style="color: red">x</p>');
          const script = document.createElement("script");
          script.textContent = "window.ran = true";
          document.body.append(script);
        }"""
    )
    page.wait_for_timeout(200)
    found = watcher.violations()
    assert any("style-src" in v for v in found), found
    assert any("script-src" in v for v in found), found
    assert page.evaluate("window.ran") is None
