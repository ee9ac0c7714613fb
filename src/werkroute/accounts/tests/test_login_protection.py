"""Login throttling, security headers and the Content Security Policy."""

import pytest
from django.urls import reverse

from werkroute.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _login(client, password):
    return client.post(reverse("login"), {"username": "klantmanager", "password": password})


def test_repeated_failed_logins_lock_the_username_out_even_with_the_right_password(client, settings):
    UserFactory(username="klantmanager")
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _login(client, "fout-wachtwoord").status_code == 200
    assert _login(client, "fout-wachtwoord").status_code == 429  # the limit-th failure locks
    locked = _login(client, "test-wachtwoord-123")
    assert locked.status_code == 429
    content = locked.content.decode()
    assert "Tijdelijk geblokkeerd" in content and "15 minuten" in content
    assert "_auth_user_id" not in client.session


def test_a_successful_login_resets_the_failure_count(client, settings):
    UserFactory(username="klantmanager")
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        _login(client, "fout-wachtwoord")
    assert _login(client, "test-wachtwoord-123").status_code == 302
    client.logout()
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        _login(client, "fout-wachtwoord")
    assert _login(client, "test-wachtwoord-123").status_code == 302


def test_pages_carry_a_strict_content_security_policy(client):
    response = client.get(reverse("login"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
