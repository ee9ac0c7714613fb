"""A second system copies every client changed since a date, page by page, while writes go on; it misses
none, and ends with the latest version of each."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode, urlsplit

import pytest
from django.utils import timezone

from werkroute.api.tests.factories import system_for
from werkroute.cases import services
from werkroute.cases.models import Client
from werkroute.cases.tests.factories import ClientFactory
from werkroute.regions.models import Organisation

pytestmark = pytest.mark.django_db


def test_a_copy_page_by_page_while_clients_change_misses_none(municipality, caseworker):  # type: ignore[no-untyped-def]
    organisation = Organisation.objects.get(memberships__user=caseworker)
    copier = system_for(organisation, ["clients:read"])
    unchanged_before = ClientFactory.create_batch(3, municipality=municipality, caseworker=caseworker)
    Client.objects.filter(pk__in=[client.pk for client in unchanged_before]).update(
        updated_at=timezone.now() - dt.timedelta(days=30)
    )
    since = timezone.now() - dt.timedelta(days=1)
    clients = ClientFactory.create_batch(25, municipality=municipality, caseworker=caseworker)

    copy: dict[str, int] = {}
    url = "/api/v1/clients?" + urlencode({"changedSince": since.isoformat(), "pageSize": 4})
    pages = 0
    while url:
        response = copier.http().get(url)
        assert response.status_code == 200, response.content
        body = response.json()
        copy.update({row["id"]: row["version"] for row in body["results"]})
        pages += 1
        if pages <= 5:
            # Meanwhile the caseworker changes a client already copied, one not yet reached, and registers
            # a new one: the first moves behind the cursor, the others lie ahead of it.
            for client in (clients[pages - 1], clients[-pages]):
                client.refresh_from_db()
                services.update_client(caseworker, client, client.version, {"phone": f"06{pages:08d}"})
            ClientFactory(municipality=municipality, caseworker=caseworker)
        url = body["next"] and urlsplit(body["next"])._replace(scheme="", netloc="").geturl()
    expected = {
        str(pk): version
        for pk, version in Client.objects.filter(updated_at__gte=since).values_list("pk", "version")
    }
    assert copy == expected
    assert len(expected) == 30
    assert not {str(client.pk) for client in unchanged_before} & set(copy)


def test_a_client_handed_over_to_the_municipality_is_copied_once_in_its_place(  # type: ignore[no-untyped-def]
    municipality, other_municipality, caseworker
):
    """The list is the union of the municipality's own clients and those a warm handover waits for it
    with; page by page each comes once, in the order of the last change."""
    from werkroute.accounts.tests.factories import caseworker_of
    from werkroute.cases import handovers

    organisation = Organisation.objects.get(memberships__user=caseworker)
    copier = system_for(organisation, ["clients:read"])
    own = ClientFactory.create_batch(3, municipality=municipality, caseworker=caseworker)
    arriving = ClientFactory(municipality=other_municipality)
    handovers.send_handover(
        caseworker_of(other_municipality),
        arriving,
        {
            "to_municipality": municipality,
            "moved_on": dt.date.today(),
            "ground": "legal_basis",
            "legal_basis": "wet_inburgering_2021",
            "note": "Verhuist binnen de regio.",
        },
    )
    more = ClientFactory.create_batch(3, municipality=municipality, caseworker=caseworker)
    listed: list[str] = []
    url = "/api/v1/clients?pageSize=2"
    while url:
        body = copier.http().get(url).json()
        listed += [row["id"] for row in body["results"]]
        url = body["next"] and urlsplit(body["next"])._replace(scheme="", netloc="").geturl()
    expected = [
        str(pk)
        for pk in Client.objects.filter(pk__in=[client.pk for client in [*own, arriving, *more]])
        .order_by("updated_at", "pk")
        .values_list("pk", flat=True)
    ]
    assert listed == expected
    assert len(listed) == 7
