"""The language follows the person: chosen once, used on every page and email."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from accounts.models import User
from accounts.selectors import languages_of
from tests.factories import EmployerFactory, SeekerFactory

pytestmark = pytest.mark.django_db


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_preferences_saves_the_language_and_the_next_page_is_in_it():
    user = EmployerFactory()
    client = _signed_in(user)
    response = client.post(reverse("accounts:preferences"), {"language": "zh-hans"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.language == "zh-hans"
    page = client.get(reverse("accounts:preferences"), HTTP_ACCEPT_LANGUAGE="en")
    assert page["Content-Language"] == "zh-hans"
    assert "偏好设置已保存" in page.content.decode()


def test_the_account_language_beats_the_browser_and_the_cookie():
    user = SeekerFactory(language="zh-hans")
    client = _signed_in(user)
    client.cookies["django_language"] = "en"
    page = client.get(reverse("accounts:my_data"), HTTP_ACCEPT_LANGUAGE="en")
    assert page["Content-Language"] == "zh-hans"
    assert '<html lang="zh-hans">' in page.content.decode()


def test_blank_follows_the_browser():
    client = _signed_in(SeekerFactory(language=""))
    page = client.get(
        reverse("accounts:my_data"), HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9"
    )
    assert page["Content-Language"] == "zh-hans"
    page = client.get(reverse("accounts:my_data"), HTTP_ACCEPT_LANGUAGE="en")
    assert page["Content-Language"] == "en"


def test_choosing_blank_forgets_the_language():
    user = SeekerFactory(language="zh-hans")
    client = _signed_in(user)
    response = client.post(reverse("accounts:preferences"), {"language": ""})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.language == ""


def test_a_language_the_site_does_not_offer_is_a_form_error():
    user = SeekerFactory(language="en")
    response = _signed_in(user).post(
        reverse("accounts:preferences"), {"language": "fr"}
    )
    assert response.status_code == 400
    user.refresh_from_db()
    assert user.language == "en"


def test_the_footer_switch_saves_a_signed_in_persons_choice():
    user = EmployerFactory(language="en")
    client = _signed_in(user)
    response = client.get(
        reverse("switch_language"), {"language": "zh-hans", "next": "/roles/"}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.language == "zh-hans"


def test_the_footer_switch_for_a_visitor_only_sets_the_cookie():
    response = Client().get(reverse("switch_language"), {"language": "zh-hans"})
    assert response.cookies["django_language"].value == "zh-hans"
    assert not User.objects.exists()


def test_a_stored_language_the_site_dropped_is_ignored():
    user = SeekerFactory(language="fr")
    assert user.preferred_language == ""
    assert languages_of([user.email.upper()]) == {user.email.lower(): ""}
    page = _signed_in(user).get(reverse("accounts:my_data"), HTTP_ACCEPT_LANGUAGE="en")
    assert page["Content-Language"] == "en"


def test_signing_up_keeps_the_language_signed_up_in(settings):
    client = Client()
    client.cookies["django_language"] = "zh-hans"
    response = client.post(
        reverse("account_signup"),
        {
            "email": "new@example.com",
            "password1": "a-long-Passw0rd-here",
            "password2": "a-long-Passw0rd-here",
            "account_type": "employer",
        },
    )
    assert response.status_code in (200, 302)
    user = User.objects.get(email="new@example.com")
    assert user.language == "zh-hans"
    translation.activate(settings.LANGUAGE_CODE)
