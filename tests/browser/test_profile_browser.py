"""A seeker builds a full profile in a real browser, exports it and deletes the account."""

import io
import json
import zipfile

import pytest

from accounts.models import CandidateProfile, User, Visibility
from tests.browser.conftest import sign_in
from tests.factories import PASSWORD, SeekerFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"


def test_seeker_builds_profile_exports_and_deletes(page, private_media, tmp_path):
    user = SeekerFactory(email="grace@example.com")
    sign_in(page, user.email, PASSWORD)
    assert page.url.endswith("/profile/")

    page.goto("/profile/edit/")
    page.locator("#id_given_name").fill("Grace")
    page.locator("#id_family_name").fill("Hopper")
    page.locator("#id_date_of_birth").fill("1996-12-09")
    page.get_by_role("button", name="Save About you").click()
    assert "About you saved." in page.content()

    page.goto("/profile/education/add/")
    page.locator("#id_level").select_option("master")
    page.locator("#id_field").fill("Computer Science")
    page.locator("#id_institution").fill("ETH Zurich")
    page.locator("#id_start_date").fill("2019-09-01")
    page.locator("#id_conferred_date").fill("2021-06-30")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/profile/")

    page.goto("/profile/position/add/")
    page.locator("#id_title").fill("Research engineer")
    page.locator("#id_organisation").fill("Max Planck Institute for Informatics")
    page.locator("#id_kind").select_option("research")
    page.locator("#id_start_date").fill("2021-09-01")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/profile/")
    assert "ETH Zurich" in page.content()
    assert "Research engineer" in page.content()

    cv = tmp_path / "grace-cv.pdf"
    cv.write_bytes(PDF)
    page.goto("/profile/edit/#cv")
    page.locator("#id_cv").set_input_files(str(cv))
    page.get_by_role("button", name="Save CV").click()
    assert "CV saved." in page.content()

    page.get_by_label("Visible to verified employers").check()
    page.locator("#id_consent_share").check()
    page.locator("#id_consent_cross_border").check()
    page.get_by_role("button", name="Save Privacy and consent").click()
    assert "Privacy and consent saved." in page.content()

    profile = CandidateProfile.objects.get(user=user)
    assert profile.visibility == Visibility.VERIFIED_EMPLOYERS
    assert profile.education.get().institution == "ETH Zurich"
    assert profile.cv_filename == "grace-cv.pdf"

    page.goto("/my-data/")
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download my data").click()
    archive_path = tmp_path / "export.zip"
    download_info.value.save_as(archive_path)
    with zipfile.ZipFile(io.BytesIO(archive_path.read_bytes())) as archive:
        data = json.loads(archive.read("data.json"))
        assert archive.read("cv/grace-cv.pdf") == PDF
    assert data["profile"]["family_name"] == "Hopper"

    page.locator("#id_password").fill(PASSWORD)
    page.locator("#id_confirm").check()
    page.get_by_role("button", name="Delete my account").click()
    page.wait_for_url("**/")
    assert "Your account and personal data were deleted." in page.content()
    assert not User.objects.filter(email="grace@example.com").exists()
