"""The demo runs with DEBUG on, but shows the project's own Dutch error pages, not Django's English
technical ones."""

import importlib

import pytest

pytestmark = pytest.mark.django_db

MIDDLEWARE = "werkroute.core.middleware.OwnErrorPagesMiddleware"


def test_the_demo_settings_use_the_own_error_pages():
    assert MIDDLEWARE in importlib.import_module("werkroute.conf.dev").MIDDLEWARE


@pytest.fixture
def demo_like(settings):
    settings.DEBUG = True
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, MIDDLEWARE]


def test_an_unknown_address_gets_the_dutch_404_page_in_the_demo(demo_like, caseworker_client):
    response = caseworker_client.get("/bestaat-niet/")
    content = response.content.decode()
    assert response.status_code == 404
    assert "Niet gevonden" in content and "Naar de startpagina" in content
    assert "Using the URLconf" not in content and "DEBUG = True" not in content


def test_a_missing_client_gets_the_dutch_404_page_in_the_demo(demo_like, caseworker_client):
    response = caseworker_client.get("/klanten/00000000-0000-0000-0000-000000000000/")
    assert response.status_code == 404
    assert "Niet gevonden" in response.content.decode()
    assert "Traceback" not in response.content.decode()
