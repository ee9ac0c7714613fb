"""Only the configured TLS proxy may tell the application that a request came in over HTTPS."""

import secrets

import pytest
from cryptography.fernet import Fernet
from django.http import HttpResponse
from django.test import RequestFactory, override_settings

from werkroute.core.middleware import TrustedProxyMiddleware
from werkroute.core.tests.test_production_settings import _werkroute

PROXY_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")


def _is_secure(remote_addr: str, trusted: list[str]) -> bool:
    seen = {}

    def view(request):  # type: ignore[no-untyped-def]
        seen["secure"] = request.is_secure()
        return HttpResponse()

    with override_settings(WERKROUTE_TRUSTED_PROXIES=trusted, SECURE_PROXY_SSL_HEADER=PROXY_HEADER):
        request = RequestFactory().get("/", REMOTE_ADDR=remote_addr, HTTP_X_FORWARDED_PROTO="https")
        TrustedProxyMiddleware(view)(request)
    return seen["secure"]


@pytest.mark.parametrize(
    ("remote_addr", "trusted", "secure"),
    [
        ("10.0.0.5", ["10.0.0.5"], True),
        ("10.0.0.77", ["10.0.0.0/24"], True),
        ("::1", ["127.0.0.1", "::1"], True),
        ("203.0.113.9", ["10.0.0.0/24"], False),  # someone who reaches the server directly
        ("203.0.113.9", [], False),
        ("not-an-address", ["10.0.0.0/24"], False),
    ],
)
def test_x_forwarded_proto_counts_only_from_a_trusted_proxy(remote_addr, trusted, secure):
    assert _is_secure(remote_addr, trusted) is secure


def _production(tmp_path, code: str, **environment):  # type: ignore[no-untyped-def]
    return _werkroute(
        tmp_path,
        "shell",
        "-c",
        code,
        SECRET_KEY=secrets.token_urlsafe(50),
        WERKROUTE_ENCRYPTION_KEYS=Fernet.generate_key().decode(),
        WERKROUTE_LOOKUP_HASH_KEY=secrets.token_urlsafe(32),
        WERKROUTE_AUDIT_KEYS=f"1:{secrets.token_urlsafe(32)}",
        **environment,
    )


@pytest.mark.slow
def test_production_runs_the_proxy_check_first_with_the_configured_proxies(tmp_path):
    result = _production(
        tmp_path,
        "from django.conf import settings; print(settings.MIDDLEWARE[0]); "
        "print(settings.WERKROUTE_TRUSTED_PROXIES)",
        WERKROUTE_TRUSTED_PROXIES="10.1.2.3, 192.168.0.0/16",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-2:] == [
        "werkroute.core.middleware.TrustedProxyMiddleware",
        "['10.1.2.3', '192.168.0.0/16']",
    ]


@pytest.mark.slow
def test_production_refuses_a_trusted_proxy_that_is_no_address(tmp_path):
    result = _production(tmp_path, "print('started')", WERKROUTE_TRUSTED_PROXIES="proxy.example.org")
    assert result.returncode != 0
    assert "WERKROUTE_TRUSTED_PROXIES" in result.stderr
