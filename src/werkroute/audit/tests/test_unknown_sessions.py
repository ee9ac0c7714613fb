"""Requests with forged or expired session cookies are logged, aggregated so that nobody can flood the log."""

import secrets

import pytest
from django.core.cache import cache
from django.urls import reverse

from werkroute.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_counts():
    cache.clear()
    yield
    cache.clear()


def _forged(client, times: int, source: str = "203.0.113.7") -> None:  # type: ignore[no-untyped-def]
    for _attempt in range(times):
        client.cookies["sessionid"] = secrets.token_hex(16)
        client.get(reverse("login"), REMOTE_ADDR=source)


def _entries():  # type: ignore[no-untyped-def]
    return AuditEvent.objects.filter(changes__reason="unknown_or_expired_session").order_by("id")


def test_a_forged_session_cookie_is_logged(client):
    _forged(client, 1)
    [entry] = _entries()
    assert entry.changes["source"] == "203.0.113.7" and entry.changes["requests_in_window"] == 1


def test_a_flood_of_forged_session_cookies_writes_a_handful_of_entries_with_counts(client):
    _forged(client, 120)
    assert [entry.changes["requests_in_window"] for entry in _entries()] == [1, 10, 100]


def test_each_source_gets_its_own_entry(client):
    _forged(client, 3, source="203.0.113.7")
    _forged(client, 3, source="198.51.100.4")
    assert sorted(entry.changes["source"] for entry in _entries()) == ["198.51.100.4", "203.0.113.7"]


def test_many_sources_together_are_capped_per_window(client, settings):
    settings.WERKROUTE_UNKNOWN_SESSION_MAX_ENTRIES = 3
    for number in range(10):
        _forged(client, 1, source=f"192.0.2.{number}")
    entries = list(_entries())
    assert len(entries) == 3
    assert [entry.changes["last_entry_of_window"] for entry in entries] == [False, False, True]


def test_a_known_session_is_not_logged_as_unknown(caseworker_client):
    caseworker_client.get(reverse("home"))
    assert not _entries().exists()
