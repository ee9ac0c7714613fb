"""The monitoring figures through the API are aggregates under the same disclosure control as the
exports (no count below the threshold leaves), and the delivery log of notifications is there for an
administrator to read, never to change."""

from __future__ import annotations

import datetime as dt

import pytest

from werkroute.api.tests.factories import DeliveryFactory, system_for
from werkroute.cases.tests.factories import ClientFactory, LabourEpisodeFactory
from werkroute.monitoring import services as monitoring
from werkroute.monitoring.disclosure import THRESHOLD
from werkroute.regions.models import Organisation

pytestmark = pytest.mark.django_db


def test_indicators_leave_no_count_below_the_threshold(municipality, caseworker):  # type: ignore[no-untyped-def]
    for number in range(30):
        person = ClientFactory(municipality=municipality, gender="female" if number % 2 else "male")
        if number < 12:
            LabourEpisodeFactory(
                client=person, kind="paid_work", start_date=dt.date(2023, 1, 1), hours_per_week=20
            )
    monitoring.refresh(dt.date(2026, 11, 1))
    system = system_for(Organisation.objects.get(memberships__user=caseworker), ["monitoring:read"])
    response = system.get(f"/municipalities/{municipality.code}/indicators")
    assert response.status_code == 200, response.content
    rows = response.json()["results"]
    own = [row for row in rows if row["areaCode"] == municipality.code]
    assert own, "the municipality's own figures are there"
    suppressed = [row for row in rows if row["suppressed"]]
    # Twelve of thirty work: split by gender, six and six, below the threshold.
    assert any(row["group"] == "gender" for row in suppressed)
    for row in rows:
        if row["suppressed"]:
            assert row["value"] is None and row["numerator"] is None, row
        for count in (row["numerator"], row["denominator"]):
            assert count is None or count == 0 or count >= THRESHOLD, row


def test_the_delivery_log_is_read_only_for_an_administrator(admin_client):  # type: ignore[no-untyped-def]
    delivery = DeliveryFactory(subscription__callback_url="https://zaaksysteem.example/werkroute")
    listed = admin_client.get("/beheer/technisch/api/delivery/")
    assert listed.status_code == 200
    assert delivery.subscription.api_client.name in listed.content.decode()
    shown = admin_client.get(f"/beheer/technisch/api/delivery/{delivery.pk}/change/")
    assert shown.status_code == 200
    assert "zaaksysteem.example" in shown.content.decode()
    assert admin_client.get("/beheer/technisch/api/delivery/add/").status_code == 403
    changed = admin_client.post(
        f"/beheer/technisch/api/delivery/{delivery.pk}/change/", {"status": "delivered"}
    )
    assert changed.status_code == 403
    deleted = admin_client.post(f"/beheer/technisch/api/delivery/{delivery.pk}/delete/", {"post": "yes"})
    assert deleted.status_code == 403
