"""My visa outlook on a 390-pixel-wide phone: two route blocks, no horizontal scroll."""

import datetime

import pytest

from tests.browser.conftest import sign_in
from tests.factories import (
    PASSWORD,
    CandidateProfileFactory,
    EducationFactory,
    PositionFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOT = "/tmp/visa-outlook-390.png"


def test_outlook_reads_well_on_a_phone(browser, live_server):
    profile = CandidateProfileFactory(
        user__email="ada@example.com", date_of_birth=datetime.date(1997, 5, 10)
    )
    EducationFactory(profile=profile)  # MSc Computer Science, ETH Zurich: passes
    EducationFactory(
        profile=profile,
        level="bachelor",
        field="Elektrotechnik und Informationstechnik",
        institution="Karlsruher Institut für Technologie (KIT)",
        start_date=datetime.date(2015, 9, 1),
        conferred_date=datetime.date(2019, 7, 1),
    )
    PositionFactory(profile=profile)  # research post at a Max Planck institute
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 390, "height": 844}
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        sign_in(page, "ada@example.com", PASSWORD)
        page.goto(
            "/visa-outlook/?salary_cny_annual=900000&city=Shanghai"
            "&months_per_year_in_china=12"
        )
        assert page.locator("#k-outcome").inner_text() == "Likely eligible"
        assert page.locator("#wp-estimate").is_visible()
        degree = page.locator("#route-degree")
        position = page.locator("#route-position")
        assert "This route decided the outcome." in degree.inner_text()
        assert "Not needed" in position.inner_text()
        # The deciding block is above the one that is not needed.
        assert degree.bounding_box()["y"] < position.bounding_box()["y"]
        page.locator("#k-details summary").click()
        assert page.locator("#k-details code").first.is_visible()
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"the page scrolls sideways: {width}px wide"
        page.screenshot(path=SCREENSHOT, full_page=True)
    finally:
        context.close()
