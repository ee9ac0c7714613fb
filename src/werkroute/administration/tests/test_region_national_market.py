"""The functional administrator lets a region take part in the national market (or leave it) in
Werkroute's own screens, audited; before, only the technical Django admin could (issue 18)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from werkroute.accounts.models import Role
from werkroute.accounts.tests.factories import MembershipFactory, UserFactory, caseworker_of
from werkroute.administration import services
from werkroute.audit.models import AuditAction, AuditEvent
from werkroute.audit.verification import verify_chain
from werkroute.regions.models import OrganisationKind, Region
from werkroute.regions.tests.factories import OrganisationFactory, RegionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def administrator(municipality):
    town = OrganisationFactory(kind=OrganisationKind.MUNICIPALITY, municipality=municipality)
    user = UserFactory(username="beheerder")
    MembershipFactory(user=user, organisation=town, role=Role.ADMINISTRATOR)
    return user


@pytest.fixture
def admin_client(client, administrator):
    client.force_login(administrator)
    return client


def test_the_administrator_lets_their_region_take_part_in_the_national_market(
    admin_client, administrator, municipality
):
    region = municipality.region
    assert not region.national_market
    listing = admin_client.get(reverse("administration:regions")).content.decode()
    assert region.name in listing and "doet niet mee" in listing

    response = admin_client.post(
        reverse("administration:region", args=[region.pk]), {"national_market": "on"}
    )

    assert response.status_code == 302
    region.refresh_from_db()
    assert region.national_market
    entry = AuditEvent.objects.get(object_type="region", object_id=str(region.pk))
    assert entry.action == AuditAction.UPDATE and entry.actor_id == administrator.pk
    assert entry.changes == {"national_market": [False, True]}
    assert verify_chain().intact
    assert "doet mee" in admin_client.get(reverse("administration:regions")).content.decode()


def test_leaving_the_national_market_is_audited_and_saving_the_same_value_writes_nothing(
    admin_client, municipality
):
    region = municipality.region
    Region.objects.filter(pk=region.pk).update(national_market=True)
    url = reverse("administration:region", args=[region.pk])

    admin_client.post(url, {})  # an unticked checkbox is not sent at all
    admin_client.post(url, {})

    region.refresh_from_db()
    assert not region.national_market
    entries = AuditEvent.objects.filter(object_type="region", object_id=str(region.pk))
    assert [entry.changes for entry in entries] == [{"national_market": [True, False]}]


def test_a_region_the_administrator_does_not_administer_is_not_found_and_stays_as_it_was(
    admin_client, administrator
):
    elsewhere = RegionFactory()

    page = admin_client.get(reverse("administration:region", args=[elsewhere.pk]))
    posted = admin_client.post(
        reverse("administration:region", args=[elsewhere.pk]), {"national_market": "on"}
    )

    assert page.status_code == posted.status_code == 404
    elsewhere.refresh_from_db()
    assert not elsewhere.national_market
    assert elsewhere.name not in admin_client.get(reverse("administration:regions")).content.decode()
    with pytest.raises(PermissionDenied):
        services.set_national_market(administrator, elsewhere, True)


def test_only_the_administrator_sets_it(client, municipality):
    client.force_login(caseworker_of(municipality))
    response = client.post(
        reverse("administration:region", args=[municipality.region_id]), {"national_market": "on"}
    )
    assert response.status_code == 403
    municipality.region.refresh_from_db()
    assert not municipality.region.national_market
