"""The inactivity timeout moves on with requests, but the session row is written at most once per
``WERKROUTE_SESSION_REFRESH_S``, not on every page view (core.middleware.SlidingSessionMiddleware)."""

import datetime as dt

from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from werkroute.core.middleware import SESSION_REFRESHED_KEY


def _session_writes(client):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("keep_alive")).status_code == 204
    return [q["sql"] for q in queries if "django_session" in q["sql"] and not q["sql"].startswith("SELECT")]


def _stored(client):
    return Session.objects.get(session_key=client.session.session_key)


def test_a_request_moves_the_expiry_once_and_the_next_ones_within_the_interval_write_nothing(
    caseworker_client, settings
):
    settings.WERKROUTE_SESSION_REFRESH_S = 60
    assert _session_writes(caseworker_client), "the first request after login moves the expiry"
    first = _stored(caseworker_client)
    assert first.expire_date > timezone.now() + dt.timedelta(seconds=settings.SESSION_COOKIE_AGE - 5)

    assert _session_writes(caseworker_client) == []
    assert _session_writes(caseworker_client) == []
    assert _stored(caseworker_client).expire_date == first.expire_date


def test_after_the_interval_a_request_moves_the_expiry_again(caseworker_client, settings):
    settings.WERKROUTE_SESSION_REFRESH_S = 60
    _session_writes(caseworker_client)
    # As if the last move was two minutes ago, with the expiry it set then.
    session = caseworker_client.session
    session[SESSION_REFRESHED_KEY] = int(timezone.now().timestamp()) - 120
    session.save()
    Session.objects.filter(session_key=session.session_key).update(
        expire_date=timezone.now() + dt.timedelta(seconds=settings.SESSION_COOKIE_AGE - 120)
    )
    before = _stored(caseworker_client).expire_date

    assert _session_writes(caseworker_client)
    assert _stored(caseworker_client).expire_date >= before + dt.timedelta(seconds=115)


def test_a_cookie_of_a_session_no_longer_stored_creates_no_session(caseworker_client):
    caseworker_client.get(reverse("keep_alive"))
    Session.objects.all().delete()

    response = caseworker_client.get(reverse("keep_alive"))

    assert response.status_code in (302, 401, 403)  # logged out: no page for an unknown session
    assert not Session.objects.exists()
