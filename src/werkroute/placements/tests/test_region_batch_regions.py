"""A service point that serves several regions gets the batch of each, not only of the first."""

import pytest
from django.urls import reverse

from werkroute.accounts.models import Role
from werkroute.accounts.tests.factories import MembershipFactory
from werkroute.regions.models import OrganisationKind
from werkroute.regions.tests.factories import OrganisationFactory, RegionFactory

pytestmark = pytest.mark.django_db


def test_a_service_point_of_two_regions_is_offered_the_batch_of_each(client, municipality):
    from werkroute.placements.tests.factories import service_point_worker

    first = RegionFactory(name="Aa-regio")
    second = municipality.region
    worker = service_point_worker(first)
    point = OrganisationFactory(kind=OrganisationKind.EMPLOYER_SERVICE_POINT, region=second)
    MembershipFactory(user=worker, organisation=point, role=Role.EMPLOYER_SERVICE)
    client.force_login(worker)
    url = reverse("placements:batch")
    page = client.get(url).content.decode()
    assert f"?regio={second.code}" in page and f"?regio={first.code}" in page
    chosen = client.get(url, {"regio": second.code})
    assert chosen.status_code == 200
    assert f"<dd>{second.name}</dd>" in chosen.content.decode()
    assert client.get(url, {"regio": "ONBEKEND"}).status_code == 404
