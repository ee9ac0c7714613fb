"""Fixtures shared by every app's tests."""

import pytest
from django.test import Client as DjangoTestClient

from werkroute.accounts.tests.factories import caseworker_of
from werkroute.core import replay
from werkroute.regions.tests.factories import MunicipalityFactory


@pytest.fixture(autouse=True)
def _default_language():
    """Django's LocaleMiddleware leaves a request's language active in the thread; every test starts Dutch."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


class FormClient(DjangoTestClient):
    """Django's test client, adding a fresh one-time form token to a POST without one, as a browser does
    that rendered the form (``core.replay`` refuses a form without it). Like the test client's lenient
    CSRF check, this lets tests post forms directly; the tests of the token itself post without it
    through a plain ``django.test.Client``."""

    def post(self, path, data=None, *args, **kwargs):  # type: ignore[no-untyped-def]
        if isinstance(data, dict) and replay.FIELD not in data:
            data = {**data, replay.FIELD: replay.new_token()}
        return super().post(path, data, *args, **kwargs)


@pytest.fixture
def client():
    """The test client of pytest-django, as a :class:`FormClient`."""
    return FormClient()


@pytest.fixture
def municipality(db):
    return MunicipalityFactory()


@pytest.fixture
def other_municipality(municipality):
    return MunicipalityFactory(region=municipality.region)


@pytest.fixture
def caseworker(municipality):
    return caseworker_of(municipality, username="klantmanager")


@pytest.fixture
def caseworker_client(client, caseworker):
    """Django's test client, logged in as the caseworker of ``municipality``."""
    client.force_login(caseworker)
    return client


CHROMIUM_PATHS = ("/usr/bin/chromium", "/usr/bin/chromium-browser")


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium driven by Playwright; skipped where Chromium is absent, except in CI."""
    import os
    import shutil

    executable = next((path for path in CHROMIUM_PATHS if shutil.which(path)), None)
    if executable is None:
        if os.environ.get("WERKROUTE_REQUIRE_BROWSER"):
            pytest.fail("Chromium is required for the browser tests (apt-get install chromium).")
        pytest.skip("Chromium is not installed; the browser tests run in CI.")
    # Playwright's sync API runs an event loop in this thread; Django's ORM refuses that by default.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=executable,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="nl-NL")
    page = context.new_page()
    page.set_default_timeout(10_000)
    # Anything the Content Security Policy blocks is a bug in our pages (an inline script or style).
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    yield page
    context.close()
    assert not violations, violations


def assert_no_serious_accessibility_violations(page) -> None:
    """Run axe-core on the page and fail on any serious or critical WCAG violation."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    serious = [
        violation
        for violation in results.response["violations"]
        if violation.get("impact") in ("serious", "critical")
    ]
    assert not serious, "\n".join(
        f"{violation['id']} ({violation['impact']}): {violation['help']} – "
        + "; ".join(node["target"][0] for node in violation["nodes"][:5])
        for violation in serious
    )
