"""A recruiter and a seeker who read the site in 简体中文 walk their main pages:
no visible text on them is an English UI string of the catalogue.

Every visible text node (and every option, placeholder, aria-label and title)
is compared, trimmed, with the catalogue's English msgids; one that is shown
as is was left untranslated. What people typed (names, titles, companies) is
marked `data-user-content` in the templates and skipped.
"""

from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils.translation import get_language_info

from accounts.models import User
from jobs.models import Role
from tests.browser.world import build_world
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CATALOGUE = Path(settings.BASE_DIR) / "locale/zh_Hans/LC_MESSAGES/django.po"

# Text the walk skips. Engine reasons (jobs/engines, jobs/web/reasons.py) are
# translated in another change: NOTHING is excluded for them here.
# Text marked lang="en" is English on purpose (the footer names each language
# in its own language, so a reader lost in the other one finds theirs).
SKIP = 'script, style, template, noscript, [data-user-content], body [lang="en"]'

VISIBLE_TEXT = """(skip) => {
  const squash = (t) => (t || '').replace(/\\s+/g, ' ').trim();
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT, {
    acceptNode(node) {
      const el = node.parentElement;
      if (!el || el.closest(skip) || !squash(node.textContent)) {
        return NodeFilter.FILTER_REJECT;
      }
      if (el.tagName === 'OPTION') return NodeFilter.FILTER_ACCEPT;
      return el.checkVisibility({visibilityProperty: true})
        ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_REJECT;
    }
  });
  while (walker.nextNode()) found.push(squash(walker.currentNode.textContent));
  for (const el of document.body.querySelectorAll(
      '[placeholder], [aria-label], [title], input[type=submit][value]')) {
    if (el.closest(skip)) continue;
    for (const name of ['placeholder', 'aria-label', 'title', 'value']) {
      if (name === 'value' && el.type !== 'submit') continue;
      const value = squash(el.getAttribute(name));
      if (value) found.push(value);
    }
  }
  return found;
}"""


def english_ui_strings() -> set[str]:
    """The catalogue's English msgids that a Chinese page must not show as is."""
    strings = set()
    for entry in polib.pofile(str(CATALOGUE)):
        if entry.obsolete or not any(c.isascii() and c.isalpha() for c in entry.msgid):
            continue
        translations = [entry.msgstr, *entry.msgstr_plural.values()]
        if entry.msgid in translations:
            continue  # a brand or code, the same in both languages (K-Talent, CSV)
        strings.add(" ".join(entry.msgid.split()))
        if entry.msgid_plural:
            strings.add(" ".join(entry.msgid_plural.split()))
    # Each language is offered in its own name (the footer, Preferences).
    strings -= {get_language_info(code)["name_local"] for code, _ in settings.LANGUAGES}
    return strings


@pytest.fixture(scope="module")
def english():
    return english_ui_strings()


def _context(browser, live_server, language="zh-hans"):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 1280, "height": 900}
    )
    context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    return context, page


def _sign_in(page, user: User, language="zh-hans") -> None:
    User.objects.filter(pk=user.pk).update(language=language)
    page.goto("/accounts/login/")
    page.locator("#id_login").fill(user.email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("#id_password").press("Enter")
    page.wait_for_load_state()
    assert "/accounts/login/" not in page.url, page.url


def _untranslated(page, english: set[str]) -> list[str]:
    assert page.locator("html").get_attribute("lang") == "zh-hans", page.url
    texts = page.evaluate(VISIBLE_TEXT, SKIP)
    return sorted({text for text in texts if text in english})


def _walk(page, paths, english) -> dict[str, list[str]]:
    found = {}
    for path in paths:
        response = page.goto(path)
        assert response is not None, path
        assert response.status == 200, (path, response.status)
        if strings := _untranslated(page, english):
            found[path] = strings
    return found


def _report(found: dict[str, list[str]]) -> str:
    return "untranslated UI strings:\n" + "\n".join(
        f"{path}: {strings}" for path, strings in found.items()
    )


def test_catalogue_strings_are_found_on_a_page(browser, live_server, english):
    """The walk sees English: an English page shows many catalogue strings."""
    world = build_world()
    context, page = _context(browser, live_server, "en")
    try:
        _sign_in(page, world.recruiter, "en")
        page.goto("/employer/")
        texts = set(page.evaluate(VISIBLE_TEXT, SKIP))
        assert {"Employer dashboard", "Open roles", "Board"} <= texts & english
    finally:
        context.close()


def test_a_chinese_recruiter_sees_no_english_ui(browser, live_server, english):
    world = build_world()
    context, page = _context(browser, live_server)
    try:
        _sign_in(page, world.recruiter)
        found = _walk(page, world.employer_pages, english)

        # Post a role through the form, in Chinese, and read the page it leads to.
        page.goto("/employer/roles/new/")
        page.locator("#id_title").fill("数据工程师")
        page.locator("#id_description").fill("负责数据平台。")
        page.locator("#id_salary_min").fill("200000")
        page.locator("#id_salary_max").fill("300000")
        page.locator("#id_city").fill("上海")
        page.locator("button[name=save]").click()
        page.wait_for_load_state()
        role = Role.objects.get(title="数据工程师")
        assert page.url.endswith(f"/employer/roles/{role.pk}/"), page.url
        if strings := _untranslated(page, english):
            found["(after posting a role)"] = strings
        # A form sent back with errors speaks Chinese too.
        page.goto("/employer/roles/new/")
        page.locator("button[name=save]").click()
        page.wait_for_load_state()
        if strings := _untranslated(page, english):
            found["(role form with errors)"] = strings
    finally:
        context.close()
    assert not found, _report(found)


def test_a_chinese_seeker_sees_no_english_ui(browser, live_server, english):
    world = build_world()
    context, page = _context(browser, live_server)
    try:
        _sign_in(page, world.seeker)
        found = _walk(page, world.seeker_pages, english)
        # On a phone the search filters fold behind a summary of their own.
        page.set_viewport_size({"width": 390, "height": 844})
        found |= {
            f"{k} (390 px)": v for k, v in _walk(page, ["/roles/"], english).items()
        }
    finally:
        context.close()
    assert not found, _report(found)


def test_a_chinese_visitor_sees_no_english_ui(browser, live_server, english):
    world = build_world()
    context, page = _context(browser, live_server)
    try:
        found = _walk(page, world.public_pages, english)
    finally:
        context.close()
    assert not found, _report(found)
