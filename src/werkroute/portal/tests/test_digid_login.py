"""Signing in with DigiD, end to end against a real OpenID Connect provider (django-oauth-toolkit in its
own process, over HTTP, with RS256-signed ID tokens and PKCE): our side runs the real
mozilla-django-oidc views and backend; nothing of either side is replaced."""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from werkroute.accounts.models import User
from werkroute.audit.models import AuditAction, AuditEvent
from werkroute.cases.models import ClientAccount

pytestmark = pytest.mark.django_db

CLIENT_ID = "werkroute-test"
CLIENT_SECRET = secrets.token_urlsafe(24)
CALLBACK = "http://testserver/mijn/digid/terug/"
AFTER_LOGOUT = "http://testserver/mijn/inloggen/"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def provider(tmp_path_factory):  # type: ignore[no-untyped-def]
    """The provider process: migrated, Werkroute registered as its client, serving on a free port."""
    folder = tmp_path_factory.mktemp("oidc-provider")
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "werkroute.portal.tests.oidc_provider.settings",
        "PROVIDER_DATABASE": str(folder / "provider.sqlite3"),
        "PROVIDER_RSA_KEY": key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        ).decode(),
    }
    env.pop("DATABASE_URL", None)
    python = sys.executable
    subprocess.run([python, "-m", "django", "migrate", "-v", "0"], env=env, check=True)
    setup = Path(__file__).parent / "oidc_provider" / "setup_client.py"
    subprocess.run(
        [python, str(setup), CLIENT_ID, CLIENT_SECRET, CALLBACK, AFTER_LOGOUT], env=env, check=True
    )
    port = _free_port()
    server = subprocess.Popen(
        [python, "-m", "django", "runserver", f"127.0.0.1:{port}", "--noreload"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                requests.get(f"{base}/o/.well-known/openid-configuration/", timeout=1)
                break
            except requests.ConnectionError:
                time.sleep(0.2)
        else:
            pytest.fail("the OpenID Connect provider did not start")
        yield base
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture
def digid(settings, provider):  # type: ignore[no-untyped-def]
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{provider}/o/authorize/"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{provider}/o/token/"
    settings.OIDC_OP_USER_ENDPOINT = f"{provider}/o/userinfo/"
    settings.OIDC_OP_JWKS_ENDPOINT = f"{provider}/o/.well-known/jwks.json"
    settings.OIDC_OP_LOGOUT_ENDPOINT = f"{provider}/o/logout/"
    return provider


def _sign_in(client, provider: str, bsn: str, browser: requests.Session | None = None):  # type: ignore[no-untyped-def]
    """The browser's journey: our DigiD button, the broker (the citizen proves their BSN), back to us.
    ``browser`` holds the broker's cookies (a new browser when not given)."""
    start = client.get(reverse("portal:digid"))
    assert start.status_code == 302 and start["Location"].startswith(f"{provider}/o/authorize/")
    browser = browser or requests.Session()
    browser.get(f"{provider}/digid-login/", params={"bsn": bsn}, timeout=10).raise_for_status()
    back = browser.get(start["Location"], allow_redirects=False, timeout=10)
    assert back.status_code == 302, back.text[:500]
    location = urlsplit(back.headers["Location"])
    assert location.path == reverse("portal:digid_callback")
    return client.get(f"{location.path}?{location.query}")


def test_a_known_bsn_signs_in_to_the_clients_own_file(client, digid, account, person):
    response = _sign_in(client, digid, person.bsn)
    assert response.status_code == 302
    start = client.get(reverse("portal:start"))
    assert start.status_code == 200 and "Amina" in start.content.decode()
    assert start.wsgi_request.user == account.user
    # DigiD is itself the strong sign-in: no second factor of ours is asked (the test settings turn the
    # requirement off, so switch it on to show the exemption holds).


def test_a_known_client_without_an_account_gets_one_linked_to_their_file(client, digid, person):
    assert not ClientAccount.objects.exists()
    _sign_in(client, digid, person.bsn)
    account = ClientAccount.objects.get()
    assert account.client == person and not account.user.has_usable_password()
    assert client.get(reverse("portal:plan")).status_code == 200


def test_an_unknown_bsn_gets_a_clear_page_and_nothing_is_created(client, digid, person):
    users = User.objects.count()
    response = _sign_in(client, digid, "123456782")
    assert response.status_code == 302 and response["Location"] == reverse("portal:digid_unknown")
    page = client.get(response["Location"])
    assert "Wij vinden uw dossier niet" in page.content.decode()
    assert User.objects.count() == users and not ClientAccount.objects.exists()
    assert AuditEvent.objects.filter(action=AuditAction.REFUSED, object_type="digid_login").exists()
    assert client.get(reverse("portal:start"))["Location"] == reverse("portal:login")


def test_an_expired_session_sends_the_client_back_to_sign_in(client, digid, account, person):
    _sign_in(client, digid, person.bsn)
    assert client.get(reverse("portal:plan")).status_code == 200
    Session.objects.update(expire_date=timezone.now() - timezone.timedelta(seconds=1))
    response = client.get(reverse("portal:plan"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("portal:login"))


def test_logging_out_ends_the_session(client, digid, account, person):
    _sign_in(client, digid, person.bsn)
    client.post(reverse("portal:logout"))
    response = client.get(reverse("portal:messages"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("portal:login"))


def test_logging_out_ends_the_session_at_the_broker_too(client, digid, account, person):
    """Single logout: on a shared phone, the next person pressing the DigiD button must be asked who they
    are by the broker, not be let in as the previous client."""
    browser = requests.Session()
    _sign_in(client, digid, person.bsn, browser)
    # Signed in at the broker: a new sign-in there goes straight back to us, no question asked.
    again = browser.get(client.get(reverse("portal:digid"))["Location"], allow_redirects=False, timeout=10)
    assert urlsplit(again.headers["Location"]).path == reverse("portal:digid_callback")

    logout = client.post(reverse("portal:logout"))
    assert logout.status_code == 302
    at_broker = urlsplit(logout["Location"])
    assert f"{at_broker.scheme}://{at_broker.netloc}{at_broker.path}" == f"{digid}/o/logout/"
    query = parse_qs(at_broker.query)
    assert query["post_logout_redirect_uri"] == [AFTER_LOGOUT] and query["id_token_hint"][0].count(".") == 2
    returned = browser.get(logout["Location"], allow_redirects=False, timeout=10)
    assert returned.status_code == 302 and returned.headers["Location"] == AFTER_LOGOUT
    assert client.get(reverse("portal:plan"))["Location"].startswith(reverse("portal:login"))

    # The broker asks for credentials again before anyone gets back in.
    after = browser.get(client.get(reverse("portal:digid"))["Location"], allow_redirects=False, timeout=10)
    assert after.status_code == 302 and urlsplit(after.headers["Location"]).path == "/digid-login/"


def test_a_password_session_logs_out_here_only(client, digid, account):
    """The demo's password sign-in has no DigiD session to end: back to our first page."""
    client.force_login(account.user)
    response = client.post(reverse("portal:logout"))
    assert response["Location"] == reverse("portal:login")


def test_a_digid_session_needs_no_second_factor_of_ours(client, digid, account, person, settings):
    settings.WERKROUTE_REQUIRE_TWO_FACTOR = True
    _sign_in(client, digid, person.bsn)
    assert client.get(reverse("portal:plan")).status_code == 200
