"""At 390 × 844 no main page scrolls sideways, in English and in Chinese; at
1280 the pipeline board shows its last column and its stage lists in full."""

import pytest

from accounts.models import User
from tests.browser.world import build_world
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LANGUAGES = ["en", "zh-hans"]

# Elements wider than the viewport, named for the failure message.
OVERFLOWING = """() => {
  const width = window.innerWidth;
  const found = [];
  for (const el of document.body.querySelectorAll('*')) {
    const box = el.getBoundingClientRect();
    if (box.right > width + 1 && box.width > 0) {
      found.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
        + (el.className && typeof el.className === 'string'
           ? '.' + el.className.trim().split(/\\s+/).join('.') : '')
        + ' ' + Math.round(box.right) + 'px');
    }
  }
  return found.slice(0, 8);
}"""


def _phone(browser, live_server, language):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 390, "height": 844}
    )
    context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    return context, page


def _sideways(page, paths) -> list[str]:
    wide = []
    for path in paths:
        response = page.goto(path)
        assert response is not None, path
        assert response.status == 200, (path, response.status)
        width = page.evaluate("document.documentElement.scrollWidth")
        inner = page.evaluate("window.innerWidth")
        if width > inner:
            wide.append(f"{path}: {width}px > {inner}px {page.evaluate(OVERFLOWING)}")
    return wide


def _signed_in(page, user: User, language: str) -> None:
    """Signs in (in whichever language the login page is) and sets the account's."""
    User.objects.filter(pk=user.pk).update(language=language)
    page.goto("/accounts/login/")
    page.locator("#id_login").fill(user.email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("#id_password").press("Enter")
    page.wait_for_load_state()
    assert "/accounts/login/" not in page.url, page.url


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_main_page_scrolls_sideways_on_a_phone(browser, live_server, language):
    world = build_world()
    wide = []
    context, page = _phone(browser, live_server, language)
    try:
        wide += _sideways(page, world.public_pages)
        _signed_in(page, world.recruiter, language)
        wide += _sideways(page, world.employer_pages)
        page.context.clear_cookies()
        context.add_cookies(
            [{"name": "django_language", "value": language, "url": live_server.url}]
        )
        _signed_in(page, world.seeker, language)
        wide += _sideways(page, world.seeker_pages)
    finally:
        context.close()
    assert not wide, "\n".join(wide)


# Each select whose text is cut: its options need more room than it has.
CLIPPED_SELECTS = """(root) => [...root.querySelectorAll('select')]
  .filter(s => s.offsetParent !== null)
  .filter(s => {
    const probe = document.createElement('span');
    const style = getComputedStyle(s);
    probe.style.font = style.font;
    probe.style.position = 'absolute';
    probe.style.whiteSpace = 'nowrap';
    probe.textContent = s.options[s.selectedIndex].text;
    document.body.appendChild(probe);
    const needed = probe.getBoundingClientRect().width
      + parseFloat(style.paddingLeft) + parseFloat(style.paddingRight);
    probe.remove();
    return needed > s.clientWidth + 1;
  })
  .map(s => s.name + ': ' + s.options[s.selectedIndex].text + ' in '
       + s.clientWidth + 'px')"""


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_board_shows_its_last_column_and_whole_stages(
    browser, live_server, language
):
    world = build_world()
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        _signed_in(page, world.recruiter, language)
        page.goto(world.board)
        board = page.locator(".board")
        clipped = board.evaluate(CLIPPED_SELECTS)
        assert not clipped, clipped
        # Every option of a stage list fits too (the widest, not only the shown one).
        widest = board.evaluate(
            """(root) => { const s = root.querySelector('select');
              let best = '';
              for (const o of s.options) if (o.text.length > best.length) best = o.text;
              s.value = [...s.options].find(o => o.text === best).value;
              return best; }"""
        )
        clipped = board.evaluate(CLIPPED_SELECTS)
        assert not clipped, (widest, clipped)
        last = page.get_by_test_id("column-rejected")
        box = last.bounding_box()
        assert box is not None
        assert box["x"] >= 0, box
        assert box["x"] + box["width"] <= 1280, box
        assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    finally:
        context.close()


def test_search_filters_fold_on_a_phone_unless_one_is_set(browser, live_server):
    build_world()
    for width, path, opened in [
        (390, "/roles/", False),
        (390, "/roles/?city=Shanghai", True),
        (1280, "/roles/", True),
    ]:
        context = browser.new_context(
            base_url=live_server.url, viewport={"width": width, "height": 844}
        )
        page = context.new_page()
        try:
            page.goto(path)
            filters = page.get_by_test_id("search-filters")
            assert filters.evaluate("d => d.open") is opened, (width, path)
            if width == 390 and not opened:
                # The first result starts on the first screen.
                first = page.locator(".role-card").first.bounding_box()
                assert first is not None
                assert first["y"] < 844, first
                page.locator("#search-filters summary").click()
                assert page.locator("#id_city").is_visible()
        finally:
            context.close()
