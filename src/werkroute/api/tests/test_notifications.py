"""Subscribed systems hear of changes by a signed CloudEvent with a link and nothing personal; a receiver
that fails is tried again later, and every attempt is in the delivery log."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
from typing import Any

import pytest

from werkroute.api import tasks
from werkroute.api.models import Delivery, DeliveryStatus
from werkroute.api.tests.factories import system_for
from werkroute.cases.models import ConsentScope
from werkroute.cases.tests.factories import ClientFactory
from werkroute.regions.models import Organisation, OrganisationKind
from werkroute.regions.tests.factories import MunicipalityFactory, OrganisationFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()


def _consent() -> dict[str, Any]:
    return {
        "scope": ConsentScope.SHARE_PROFILE_WITH_EMPLOYERS,
        "givenOn": TODAY.isoformat(),
        "method": "paper",
    }


def test_a_consent_change_reaches_the_subscriber_signed_and_without_personal_data(  # type: ignore[no-untyped-def]
    receiver, municipality, caseworker, django_capture_on_commit_callbacks
):
    system = system_for(Organisation.objects.get(memberships__user=caseworker))
    elsewhere = system_for(
        OrganisationFactory(kind=OrganisationKind.MUNICIPALITY, municipality=MunicipalityFactory())
    )
    subscribed = system.post("/subscriptions", {"channel": "consents", "callbackUrl": receiver.url})
    assert subscribed.status_code == 201, subscribed.content
    secret = subscribed.json()["secret"]
    elsewhere.post("/subscriptions", {"channel": "consents", "callbackUrl": receiver.url})
    client = ClientFactory(municipality=municipality, first_name="Yasmin", last_name="Tesfay")
    with django_capture_on_commit_callbacks(execute=True):
        assert system.post(f"/clients/{client.pk}/consents", _consent()).status_code == 201
    assert len(receiver.received) == 1  # not to the other municipality's system
    headers, body = receiver.received[0]
    expected = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    assert headers["Werkroute-Signature"] == expected
    assert headers["Content-Type"] == "application/cloudevents+json"
    event = json.loads(body)
    assert event["specversion"] == "1.0"
    assert event["type"] == "nl.werkroute.consents.changed"
    assert event["dataref"].endswith(f"/clients/{client.pk}/consents")
    assert "data" not in event
    assert "Yasmin" not in body.decode() and "Tesfay" not in body.decode()
    assert Delivery.objects.get(subscription__api_client=system.api_client).status == DeliveryStatus.DELIVERED


def test_a_failing_receiver_is_tried_again_and_the_log_says_so(  # type: ignore[no-untyped-def]
    receiver, municipality, caseworker, django_capture_on_commit_callbacks
):
    receiver.answers = [503]
    system = system_for(Organisation.objects.get(memberships__user=caseworker))
    system.post("/subscriptions", {"channel": "consents", "callbackUrl": receiver.url})
    client = ClientFactory(municipality=municipality)
    with django_capture_on_commit_callbacks(execute=True):
        system.post(f"/clients/{client.pk}/consents", _consent())
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == (DeliveryStatus.PENDING, 1, 503)
    tasks.deliver.call_local(delivery.pk)  # the retry the queue holds for later, run now
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == (
        DeliveryStatus.DELIVERED,
        2,
        204,
    )
    assert len(receiver.received) == 2


def test_a_subscription_needs_a_known_channel_and_an_address(municipality, caseworker):  # type: ignore[no-untyped-def]
    system = system_for(Organisation.objects.get(memberships__user=caseworker))
    response = system.post("/subscriptions", {"channel": "alles", "callbackUrl": "geen adres"})
    assert response.status_code == 400
    assert {item["name"] for item in response.json()["invalidParams"]} == {"channel", "callbackUrl"}


def test_the_queue_tries_again_after_a_minute_doubling_until_eight_attempts_failed(  # type: ignore[no-untyped-def]
    receiver, municipality, caseworker, django_capture_on_commit_callbacks
):
    """Each failed attempt leaves the next one in the job queue's schedule, due after twice the wait
    before it (1, 2, 4 ... 64 minutes); the eighth failure ends the delivery as failed, with no retry."""
    from huey.contrib.djhuey import HUEY
    from huey.utils import utcnow

    receiver.answers = [503] * 9
    HUEY.storage.flush_schedule()
    system = system_for(Organisation.objects.get(memberships__user=caseworker))
    system.post("/subscriptions", {"channel": "consents", "callbackUrl": receiver.url})
    client = ClientFactory(municipality=municipality)
    with django_capture_on_commit_callbacks(execute=True):
        system.post(f"/clients/{client.pk}/consents", _consent())
    delivery = Delivery.objects.get()
    waits = []
    while HUEY.scheduled():
        (retry,) = HUEY.scheduled()
        HUEY.storage.flush_schedule()
        assert retry.name.endswith("deliver") and retry.args == (delivery.pk,)
        waits.append(round((retry.eta - utcnow()).total_seconds() / 60))
        tasks.deliver.call_local(delivery.pk)
    delivery.refresh_from_db()
    assert waits == [1, 2, 4, 8, 16, 32, 64]
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == (DeliveryStatus.FAILED, 8, 503)
    assert len(receiver.received) == 8
