"""Production with Redis down: pages keep working, what the user records is kept, and the pages say that
background work is delayed. The queue gets a real Redis storage on a port where nothing listens."""

import datetime as dt

import pytest
from django.urls import reverse
from huey.contrib import djhuey
from huey.storage import RedisStorage

from werkroute.cases.models import ContactChannel
from werkroute.cases.tests.factories import ClientFactory
from werkroute.core import queue

pytestmark = pytest.mark.django_db

DELAYED = "Achtergrondtaken lopen vertraging op"


@pytest.fixture
def redis_at(monkeypatch):
    """Point the job queue at a Redis URL, as ``WERKROUTE_QUEUE_URL`` does in production."""

    def point(url: str) -> None:
        monkeypatch.setattr(djhuey.HUEY, "_immediate", False)
        monkeypatch.setattr(djhuey.HUEY, "storage", RedisStorage(name="werkroute-test", url=url))
        monkeypatch.setitem(queue._health, "checked", 0.0)

    yield point
    queue._health["checked"] = 0.0


def test_with_redis_down_the_pages_serve_keep_what_is_recorded_and_say_jobs_are_delayed(
    caseworker_client, caseworker, municipality, redis_at, django_capture_on_commit_callbacks
):
    redis_at("redis://127.0.0.1:1/1")
    client = ClientFactory(municipality=municipality, caseworker=caseworker)
    start = caseworker_client.get(reverse("cases:caseload"))
    assert start.status_code == 200 and DELAYED in start.content.decode()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = caseworker_client.post(
            reverse("cases:note_create", kwargs={"client_id": client.pk}),
            {"occurred_on": dt.date.today().isoformat(), "channel": ContactChannel.PHONE, "text": "Gebeld"},
        )
    assert response.status_code == 302
    assert callbacks, "the change did not try to queue the refresh of the client's signals"
    assert client.notes.filter(text="Gebeld").exists()
    file = caseworker_client.get(reverse("cases:client", kwargs={"client_id": client.pk}))
    assert file.status_code == 200 and DELAYED in file.content.decode()


def test_with_redis_up_nothing_is_said_and_the_refresh_is_queued(
    caseworker_client, caseworker, municipality, redis_at, django_capture_on_commit_callbacks
):
    redis_at("redis://127.0.0.1:6379/1")
    djhuey.HUEY.storage.flush_queue()
    client = ClientFactory(municipality=municipality, caseworker=caseworker)
    assert DELAYED not in caseworker_client.get(reverse("cases:caseload")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        caseworker_client.post(
            reverse("cases:note_create", kwargs={"client_id": client.pk}),
            {"occurred_on": dt.date.today().isoformat(), "channel": ContactChannel.PHONE, "text": "Gebeld"},
        )
    assert djhuey.HUEY.storage.queue_size() == 1
    djhuey.HUEY.storage.flush_queue()
