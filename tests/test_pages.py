"""Site-wide pages: home, error pages, health check, static files without a CDN."""

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from tests.factories import EmployerFactory, SeekerFactory
from tests.pages import external_resources

pytestmark = pytest.mark.django_db


def test_home_page_for_anonymous_visitors(client):
    body = client.get(reverse("home")).content.decode()
    assert "K visa" in body
    assert reverse("account_signup") in body
    # CSS and JS come from the app itself, never a CDN.
    assert "/static/vendor/bootstrap/css/bootstrap.min.css" in body
    assert external_resources(body) == []


def test_external_resources_reads_the_attributes_not_the_text():
    page = (
        '<link rel="stylesheet" href="/static/site.css"><input value="xcdnx">'
        '<script src="https://cdn.example.com/x.js"></script><img src="//img.example.com/a.png">'
    )
    assert external_resources(page) == [
        "https://cdn.example.com/x.js",
        "//img.example.com/a.png",
    ]


@pytest.mark.parametrize(
    ("factory", "expected", "absent"),
    [
        (SeekerFactory, "My visa outlook", "Dashboard"),
        (EmployerFactory, "Dashboard", "My visa outlook"),
    ],
)
def test_navigation_fits_the_role(client, factory, expected, absent):
    client.force_login(factory())
    body = client.get(reverse("home")).content.decode()
    assert expected in body
    assert f">{absent}<" not in body


def test_404_page_is_the_portals(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


@override_settings(DEBUG=False)
def test_500_page_is_the_portals(settings):
    from django.urls import path

    def broken(request):
        raise RuntimeError("boom")

    urlconf = type("urls", (), {"urlpatterns": [path("boom/", broken)]})
    settings.ROOT_URLCONF = urlconf
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()


def test_healthz_checks_the_database(client):
    # The embedded default: no Redis, so the cache is in memory, tasks eager.
    assert client.get(reverse("healthz")).json() == {
        "status": "ok",
        "database": "ok",
        "cache": "ok",
        "broker": "eager",
    }


def test_bootstrap_is_served_by_whitenoise_after_collectstatic(settings, tmp_path):
    from django.core.management import call_command

    settings.STATIC_ROOT = tmp_path / "static"
    call_command("collectstatic", "--noinput", verbosity=0)
    # A new client builds a new middleware chain, so WhiteNoise sees STATIC_ROOT.
    # Both files base.html links, from the vendored copy (portal/static/vendor/).
    for path in ("css/bootstrap.min.css", "js/bootstrap.bundle.min.js"):
        response = Client().get(f"/static/vendor/bootstrap/{path}")
        assert response.status_code == 200
        header = b"".join(response.streaming_content)[:200]
        assert b"Bootstrap" in header
        assert b"v5.3.8" in header


def test_language_switch_sets_the_cookie_and_goes_back(client, settings):
    response = client.get(
        reverse("switch_language"), {"language": "zh-hans", "next": "/roles/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/roles/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "zh-hans"


def test_language_switch_refuses_other_sites_and_unknown_languages(client, settings):
    response = client.get(
        reverse("switch_language"), {"language": "xx", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies
