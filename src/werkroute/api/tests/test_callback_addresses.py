"""A subscribing system cannot make the job queue post into the internal network (SSRF): a callback URL
on an internal address is refused when the subscription is made and again at every delivery, and the
delivery connects to the address it checked, not to what a second lookup answers (DNS rebinding)."""

from __future__ import annotations

import datetime as dt
import ipaddress
import socket
from typing import Any

import pytest

from werkroute.api.callbacks import is_internal
from werkroute.api.models import Delivery, DeliveryStatus, Subscription
from werkroute.api.tests.factories import system_for
from werkroute.cases.models import ConsentScope
from werkroute.cases.tests.factories import ClientFactory
from werkroute.regions.models import Organisation

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()
# A name of the reserved .test domain, answered by the fake resolver below and never by real DNS.
RECEIVER_NAME = "ontvanger.test"
PUBLIC = "93.184.215.14"


@pytest.fixture
def system(municipality, caseworker):  # type: ignore[no-untyped-def]
    return system_for(Organisation.objects.get(memberships__user=caseworker))


class Resolver:
    """``socket.getaddrinfo`` as a name server under an attacker's control would answer for
    :data:`RECEIVER_NAME`: the next of ``answers`` each time (the last one from then on); every other
    name as the real resolver does."""

    def __init__(self, monkeypatch: Any, answers: list[str]) -> None:
        self.answers, self.asked = answers, 0
        real = socket.getaddrinfo

        def getaddrinfo(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
            if host != RECEIVER_NAME:
                return real(host, port, *args, **kwargs)
            self.asked += 1
            address = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
            return real(address, port, *args, **kwargs)

        monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


def _change_a_consent(system, municipality, capture) -> Delivery:  # type: ignore[no-untyped-def]
    client = ClientFactory(municipality=municipality)
    body = {
        "scope": ConsentScope.SHARE_PROFILE_WITH_EMPLOYERS,
        "givenOn": TODAY.isoformat(),
        "method": "paper",
    }
    with capture(execute=True):
        assert system.post(f"/clients/{client.pk}/consents", body).status_code == 201
    return Delivery.objects.get()


@pytest.mark.parametrize(
    "url",
    [
        "https://127.0.0.1/werkroute",
        "https://127.1.2.3:8443/",
        "https://10.0.0.8/",
        "https://192.168.1.10/",
        "https://169.254.169.254/latest/meta-data/",
        "https://[::1]/",
        "https://[::ffff:10.0.0.1]/",
        "https://[fd00::1]/",
        "https://0.0.0.0/",
        "https://localhost/",
    ],
)
def test_a_callback_into_the_internal_network_is_refused_with_a_dutch_reason(system, url):  # type: ignore[no-untyped-def]
    response = system.post("/subscriptions", {"channel": "consents", "callbackUrl": url})
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/problem+json"
    (problem,) = response.json()["invalidParams"]
    assert problem["name"] == "callbackUrl"
    assert "intern netwerkadres" in problem["reason"]
    assert not Subscription.objects.exists()


def test_a_name_that_resolves_to_an_internal_address_is_refused(system, monkeypatch):  # type: ignore[no-untyped-def]
    Resolver(monkeypatch, ["10.1.2.3"])
    response = system.post(
        "/subscriptions", {"channel": "signals", "callbackUrl": f"https://{RECEIVER_NAME}/"}
    )
    assert response.status_code == 400
    assert "10.1.2.3" in response.json()["invalidParams"][0]["reason"]


def test_plain_http_is_refused_unless_internal_receivers_are_allowed(system, settings):  # type: ignore[no-untyped-def]
    response = system.post("/subscriptions", {"channel": "plans", "callbackUrl": "http://example.org/hook"})
    assert response.status_code == 400
    assert "https://" in response.json()["invalidParams"][0]["reason"]
    settings.WERKROUTE_NOTIFY_ALLOW_PRIVATE = True
    # Allowed inside, still not over the internet.
    assert (
        system.post("/subscriptions", {"channel": "plans", "callbackUrl": "http://10.0.0.8/"}).status_code
        == 201
    )
    response = system.post("/subscriptions", {"channel": "plans", "callbackUrl": f"http://{PUBLIC}/"})
    assert response.status_code == 400


def test_an_https_address_on_the_internet_is_accepted(system):  # type: ignore[no-untyped-def]
    response = system.post("/subscriptions", {"channel": "plans", "callbackUrl": f"https://{PUBLIC}/hook"})
    assert response.status_code == 201, response.content


def test_a_name_that_turned_internal_after_subscribing_fails_at_once_without_retry(  # type: ignore[no-untyped-def]
    system, municipality, monkeypatch, receiver, settings, django_capture_on_commit_callbacks
):
    """Public when the subscription was made, the receiver's own address when the notification goes."""
    from huey.contrib.djhuey import HUEY

    settings.WERKROUTE_NOTIFY_ALLOW_PRIVATE = False  # as in production
    HUEY.storage.flush_schedule()
    Resolver(monkeypatch, [PUBLIC, "127.0.0.1"])
    port = receiver.server.server_port
    subscribed = system.post(
        "/subscriptions", {"channel": "consents", "callbackUrl": f"https://{RECEIVER_NAME}:{port}/"}
    )
    assert subscribed.status_code == 201
    delivery = _change_a_consent(system, municipality, django_capture_on_commit_callbacks)
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == (DeliveryStatus.FAILED, 1, None)
    assert delivery.last_error.startswith("Geweigerd") and "127.0.0.1" in delivery.last_error
    assert receiver.received == []
    assert not HUEY.scheduled()  # not tried again: waiting does not make the address public


def test_the_delivery_connects_to_the_address_it_checked(  # type: ignore[no-untyped-def]
    system, municipality, monkeypatch, receiver, django_capture_on_commit_callbacks
):
    """A second lookup would answer another address (here one where nothing listens); the delivery
    asks once and connects there, with the name as Host."""
    port = receiver.server.server_port
    url = f"http://{RECEIVER_NAME}:{port}/werkroute"
    resolver = Resolver(monkeypatch, ["127.0.0.1", "127.0.0.1", "127.0.0.2"])
    assert system.post("/subscriptions", {"channel": "consents", "callbackUrl": url}).status_code == 201
    resolver.asked = 0
    delivery = _change_a_consent(system, municipality, django_capture_on_commit_callbacks)
    assert delivery.status == DeliveryStatus.DELIVERED, delivery.last_error
    assert resolver.asked == 1
    ((headers, _body),) = receiver.received
    assert headers["Host"] == f"{RECEIVER_NAME}:{port}"


@pytest.mark.parametrize(
    ("address", "internal"),
    [
        ("127.0.0.1", True),
        ("10.255.0.1", True),
        ("172.16.5.4", True),
        ("192.168.0.1", True),
        ("169.254.169.254", True),  # a cloud's metadata service
        ("100.64.0.1", True),  # carrier-grade NAT
        ("0.0.0.0", True),  # noqa: S104 (an address judged, not bound)
        ("224.0.0.251", True),
        ("240.0.0.1", True),
        ("::1", True),
        ("fe80::1", True),
        ("fc00::1", True),
        ("::ffff:127.0.0.1", True),
        ("2002:a00:1::1", True),  # 6to4 of 10.0.0.1
        ("64:ff9b::a9fe:a9fe", True),  # NAT64 of 169.254.169.254
        (PUBLIC, False),
        ("2606:4700:4700::1111", False),
    ],
)
def test_which_addresses_are_internal(address, internal):  # type: ignore[no-untyped-def]
    assert is_internal(ipaddress.ip_address(address)) is internal
