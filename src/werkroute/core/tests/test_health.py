"""Liveness and readiness: public, without personal data, and honest about what is down."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_liveness_answers_anyone_without_touching_anything(client):
    response = client.get(reverse("health_live"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_readiness_checks_the_database_and_the_queue(client):
    response = client.get(reverse("health_ready"))
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["queue"]["status"] == "ok"
    assert body["checks"]["queue"]["backlog"] == 0
    assert "redis" not in body["checks"]  # the queue is not on Redis in the tests


def test_a_backlog_over_the_limit_makes_the_service_not_ready(client, settings):
    settings.WERKROUTE_QUEUE_BACKLOG_LIMIT = -1
    response = client.get(reverse("health_ready"))
    assert response.status_code == 503
    assert response.json()["checks"]["queue"]["status"] == "backlog_over_limit"


def test_redis_that_does_not_answer_makes_the_service_not_ready(client, settings):
    # Nothing listens on port 1: a real refused connection, not a stand-in.
    settings.WERKROUTE_QUEUE_URL = "redis://127.0.0.1:1/0"
    response = client.get(reverse("health_ready"))
    assert response.status_code == 503
    body = response.json()
    assert body["checks"]["redis"] == "unavailable"
    assert body["checks"]["queue"]["status"] == "unavailable"
    assert "127.0.0.1" not in response.content.decode()  # no connection details


def test_readiness_on_a_live_redis(client, settings):
    redis = pytest.importorskip("redis")
    url = "redis://127.0.0.1:6379/15"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=0.5).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("No Redis on this machine; the PostgreSQL run of CI has none either.")
    settings.WERKROUTE_QUEUE_URL = url
    response = client.get(reverse("health_ready"))
    assert response.json()["checks"]["redis"] == "ok"
