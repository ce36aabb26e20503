"""The Simplified Chinese catalogue stays whole, and pages in 简体中文 show it.

A new string without a translation, a translation that drops a placeholder, a
stale compiled catalogue or a string translated at import (so it stays English)
each fail here. Fill the gaps with tools/translate_missing.py (README,
"Translations").
"""

import importlib.util
import re
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from tests.factories import (
    ApplicantFactory,
    CandidateProfileFactory,
    MembershipFactory,
    RoleFactory,
)

_spec = importlib.util.spec_from_file_location(
    "translate_missing",
    Path(settings.BASE_DIR) / "tools" / "translate_missing.py",
)
tool = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(tool)

PO_PATH = tool.PO_PATH
MO_PATH = PO_PATH.with_suffix(".mo")
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(autouse=True)
def _back_to_the_default_language():
    # LocaleMiddleware leaves the request's language active in the thread; a
    # Chinese request here must not turn the next test's strings Chinese.
    yield
    translation.deactivate()


@pytest.fixture(scope="module")
def catalogue() -> polib.POFile:
    return polib.pofile(str(PO_PATH))


# --- the catalogue itself ----------------------------------------------------------


def test_settings_offer_simplified_chinese_from_the_project_catalogue():
    with translation.override("en"):
        languages = [(code, str(name)) for code, name in settings.LANGUAGES]
    assert ("zh-hans", "Simplified Chinese") in languages
    assert Path(settings.BASE_DIR) / "locale" in map(Path, settings.LOCALE_PATHS)
    assert PO_PATH.parent.parent.parent == Path(settings.BASE_DIR) / "locale"


def test_catalogue_has_no_untranslated_or_fuzzy_entry(catalogue):
    missing = [e.msgid for e in catalogue if tool.is_missing(e)]
    assert len(catalogue) > 700
    assert missing == [], f"{len(missing)} entries need a translation: {missing[:10]}"
    assert not catalogue.metadata_is_fuzzy
    assert catalogue.metadata["Plural-Forms"] == "nplurals=1; plural=0;"


def test_every_translation_keeps_the_placeholders_and_tags_of_its_msgid(catalogue):
    problems = [p for e in catalogue for p in tool.placeholder_problems(e)]
    assert problems == []


def test_placeholder_check_catches_a_dropped_or_renamed_placeholder():
    entry = polib.POEntry(
        msgid="Invitation sent to %(email)s.",
        msgstr="邀请已发送。",
        flags=["python-format"],
    )
    assert tool.placeholder_problems(entry)
    entry.msgstr = "邀请已发送至%(mail)s。"
    assert tool.placeholder_problems(entry)
    entry.msgstr = "邀请已发送至%(email)s。"
    assert tool.placeholder_problems(entry) == []
    braces = polib.POEntry(msgid='Queued {} <a href="{}">x</a>.', msgstr="已排队{}。")
    assert tool.placeholder_problems(braces)


def test_catalogue_holds_every_string_the_sources_mark(tmp_path, catalogue):
    """makemessages into a scratch directory finds no msgid the committed .po lacks.

    Compared as (context, msgid) sets, so moving a module or template changes
    nothing; a new or reworded string fails until it is translated.
    """
    extracted = polib.pofile(str(tool.extract(into=tmp_path / "scratch")))
    committed = {(e.msgctxt, e.msgid) for e in catalogue if not e.obsolete}
    found = {(e.msgctxt, e.msgid) for e in extracted}
    assert len(found) > 700
    assert sorted(found - committed, key=str) == []
    # Nothing was written to the committed catalogue.
    assert polib.pofile(str(PO_PATH)).percent_translated() == 100


def test_compiled_catalogue_is_built_from_the_committed_one(catalogue):
    assert MO_PATH.exists(), "Run `make install` (compilemessages) first."

    def text(entry):
        return entry.msgstr_plural[0] if entry.msgid_plural else entry.msgstr

    compiled = {(e.msgctxt, e.msgid): text(e) for e in polib.mofile(str(MO_PATH))}
    expected = {(e.msgctxt, e.msgid): text(e) for e in catalogue}
    compiled.pop((None, ""), None)  # the header
    stale = {k for k in expected if compiled.get(k) != expected[k]}
    assert not stale, f"Stale {MO_PATH.name}: run `make install`. {sorted(stale)[:3]}"


def test_django_uses_the_catalogue_for_glossary_terms():
    with translation.override("zh-hans"):
        assert translation.gettext("Apply") == "投递简历"
        assert translation.gettext("K visa") == "K字签证"
        assert translation.gettext("Likely eligible") == "很可能符合条件"
        assert translation.gettext("Pipeline board") == "招聘流程看板"
        # A Django 6.1 string its own zh_Hans catalogue lacks (portal/translations.py).
        assert translation.gettext("- Select an option -") == "- 请选择 -"


# --- rendered pages ---------------------------------------------------------------


class _VisibleText(HTMLParser):
    """Text nodes and the readable attributes of a page, without scripts, styles
    and elements marked as another language (`lang="en"`, e.g. "English" in
    the language switch)."""

    def __init__(self):
        super().__init__()
        self.hidden: list[str] = []  # the open elements whose text is left out
        self.texts: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        lang = attributes.get("lang") or ""
        if tag in ("script", "style") or (tag != "html" and lang and lang != "zh-hans"):
            self.hidden.append(tag)
        elif not self.hidden:
            for name in ("title", "aria-label", "placeholder", "alt"):
                if attributes.get(name):
                    self.texts.append(attributes[name].strip())

    def handle_endtag(self, tag):
        if self.hidden and self.hidden[-1] == tag:
            self.hidden.pop()

    def handle_data(self, data):
        if not self.hidden and data.strip():
            self.texts.append(" ".join(data.split()))


def visible_texts(response) -> list[str]:
    parser = _VisibleText()
    parser.feed(response.content.decode())
    return parser.texts


@pytest.fixture(scope="module")
def english_ui_strings(catalogue) -> set[str]:
    """Our msgids as they would appear untranslated (not those kept as they are,
    such as "GitHub", nor format strings, which never render verbatim)."""
    return {
        e.msgid
        for e in catalogue
        if e.msgstr != e.msgid
        and "%" not in e.msgid
        and "{" not in e.msgid
        and "\n" not in e.msgid
        and len(e.msgid) > 2
    }


def assert_chinese_page(response, english_ui_strings, *, absent=()):
    assert response.status_code == 200
    texts = visible_texts(response)
    assert any(CJK.search(t) for t in texts), texts[:20]
    untranslated = sorted({t.rstrip(":：") for t in texts} & english_ui_strings)
    assert untranslated == []
    body = " ".join(texts)
    for english in absent:
        assert english not in body


@pytest.fixture
def zh_client(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    return client


@pytest.mark.django_db
def test_language_switch_shows_the_home_page_in_chinese(client, english_ui_strings):
    response = client.get(reverse("switch_language"), {"language": "zh-hans"})
    assert response.status_code == 302
    home = client.get(reverse("home"))
    assert_chinese_page(
        home,
        english_ui_strings,
        absent=["Sign in", "Sign up", "For employers", "Create an account"],
    )
    assert "您在中国的科技事业从这里开始" in home.content.decode()
    assert '<html lang="zh-hans"' in home.content.decode()


@pytest.mark.django_db
def test_a_chinese_browser_gets_chinese_without_choosing(client):
    """zh-CN in Accept-Language is served zh-hans (Django's fallback for zh-cn)."""
    response = client.get(
        reverse("home"), HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9,en;q=0.5"
    )
    assert "求职者" in response.content.decode()
    english = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert "For job seekers" in english.content.decode()


@pytest.mark.django_db
def test_public_pages_in_chinese(zh_client, english_ui_strings):
    role = RoleFactory()
    assert_chinese_page(
        zh_client.get(reverse("account_login")),
        english_ui_strings,
        absent=["Sign In", "Forgot your password", "Password"],
    )
    assert_chinese_page(
        zh_client.get(reverse("account_signup")),
        english_ui_strings,
        absent=["What brings you here", "I'm hiring", "- Select an option -"],
    )
    search = zh_client.get(reverse("jobs:role_search"))
    assert_chinese_page(
        search, english_ui_strings, absent=["Search roles", "Keywords", "per year"]
    )
    assert role.title in search.content.decode()
    assert_chinese_page(
        zh_client.get(reverse("jobs:role_detail", args=[role.pk])),
        english_ui_strings,
        absent=["Sign in to apply", "Minimum degree"],
    )


@pytest.mark.django_db
def test_employer_pages_in_chinese(zh_client, english_ui_strings):
    member = MembershipFactory()
    role = RoleFactory(company=member.company)
    application = ApplicantFactory(role=role)
    zh_client.force_login(member.user)
    dashboard = zh_client.get(reverse("jobs:employer_dashboard"))
    assert_chinese_page(
        dashboard, english_ui_strings, absent=["Employer dashboard", "Post a role"]
    )
    assert "招聘工作台" in dashboard.content.decode()
    for url in (
        reverse("jobs:team"),
        reverse("jobs:company_edit"),
        reverse("jobs:role_create"),
        reverse("jobs:role_board", args=[role.pk]),
        reverse("jobs:role_matches", args=[role.pk]),
        reverse("jobs:application_detail", args=[application.pk]),
    ):
        assert_chinese_page(zh_client.get(url), english_ui_strings)


@pytest.mark.django_db
def test_seeker_pages_in_chinese(zh_client, english_ui_strings):
    profile = CandidateProfileFactory()
    zh_client.force_login(profile.user)
    for url in (
        reverse("accounts:profile"),
        reverse("jobs:my_applications"),
        reverse("jobs:saved"),
        reverse("jobs:roles_for_you"),
        reverse("accounts:my_data"),
    ):
        assert_chinese_page(zh_client.get(url), english_ui_strings)


@pytest.mark.django_db
def test_profile_form_headings_and_language_names_follow_the_language(
    zh_client, english_ui_strings
):
    """Regression: the section headings were translated once, at import (always
    English), and the language list showed Django's English names."""
    profile = CandidateProfileFactory()
    zh_client.force_login(profile.user)
    response = zh_client.get(reverse("accounts:profile_edit"))
    assert_chinese_page(
        response,
        english_ui_strings,
        absent=[
            "About you",
            "Privacy and consent",
            "Afrikaans",
            "- Select an option -",
        ],
    )
    body = response.content.decode()
    assert "关于您" in body
    assert ">英语<" in body
    # The same page stays English for an English reader.
    zh_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = zh_client.get(reverse("accounts:profile_edit")).content.decode()
    assert "About you" in english
    assert ">English<" in english


@pytest.mark.django_db
def test_language_switch_names_each_language_in_itself(client):
    """A reader on a page in the other language still recognises their own."""
    english = client.get(reverse("home")).content.decode()
    assert '<option value="zh-hans" lang="zh-hans">简体中文</option>' in english
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    chinese = client.get(reverse("home")).content.decode()
    assert '<option value="en" lang="en">English</option>' in chinese


@pytest.mark.django_db
def test_admin_title_in_chinese(zh_client):
    from tests.factories import StaffFactory

    zh_client.force_login(StaffFactory())
    body = zh_client.get(reverse("admin:index")).content.decode()
    assert "<title>站点管理 | K-Talent Portal 管理后台</title>" in body
