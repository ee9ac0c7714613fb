"""The partner worker's list of shared files comes in pages, each read with a fixed number of queries."""

import pytest
from django.urls import reverse

from werkroute.accounts.models import Role
from werkroute.accounts.tests.factories import MembershipFactory, UserFactory
from werkroute.audit.models import AuditEvent
from werkroute.cases.models import ConsentScope
from werkroute.cases.selectors import SHARED_PAGE_SIZE
from werkroute.cases.tests.factories import ClientFactory, ConsentFactory
from werkroute.regions.models import OrganisationKind
from werkroute.regions.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def _shared(municipality, count):
    partner = OrganisationFactory(kind=OrganisationKind.PARTNER, region=municipality.region)
    worker = UserFactory()
    MembershipFactory(user=worker, organisation=partner, role=Role.PARTNER_WORKER)
    for _ in range(count):
        ConsentFactory(
            client=ClientFactory(municipality=municipality),
            scope=ConsentScope.SHARE_FILE_WITH_PARTNER,
            organisation=partner,
        )
    return worker


def test_the_list_of_shared_files_is_paginated(client, municipality, django_assert_max_num_queries):
    worker = _shared(municipality, SHARED_PAGE_SIZE + 7)
    client.force_login(worker)
    url = reverse("cases:shared")
    with django_assert_max_num_queries(18):
        first = client.get(url).content.decode()
    assert first.count("<tr>") - 1 == SHARED_PAGE_SIZE  # the header row and one row per file
    assert "Pagina 1 van 2" in first and '?pagina=2"' in first
    second = client.get(url, {"pagina": 2}).content.decode()
    assert second.count("<tr>") - 1 == 7
    logged = AuditEvent.objects.filter(object_type="client_list").order_by("id")
    assert [len(entry.changes["clients"]) for entry in logged] == [SHARED_PAGE_SIZE, 7]


def test_a_short_list_has_no_page_links(client, municipality):
    client.force_login(_shared(municipality, 2))
    content = client.get(reverse("cases:shared")).content.decode()
    assert "Pagina" not in content
