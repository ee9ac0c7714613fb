"""The API's lists read a fixed number of queries however long the page (no query per row), and a call
pays one query for its token and client together."""

from __future__ import annotations

import pytest

from werkroute.api.tests.factories import system_for
from werkroute.cases.tests.factories import ClientFactory
from werkroute.followup.tests.factories import SignalFactory
from werkroute.regions.models import Organisation

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("path", "make"), [("/clients", None), ("/signals", SignalFactory)])
def test_a_page_costs_the_same_queries_for_five_rows_as_for_forty(  # type: ignore[no-untyped-def]
    path, make, municipality, caseworker, django_assert_max_num_queries
):
    system = system_for(Organisation.objects.get(memberships__user=caseworker))
    counts: list[int] = []
    made = 0
    for rows in (5, 40):
        for _ in range(rows - made):
            made += 1
            person = ClientFactory(municipality=municipality)
            if make:
                make(client=person)
        # The token with its client, the page, and the audit entries written in one go (lock, insert,
        # update of the chain's head, inside their transaction).
        with django_assert_max_num_queries(8) as captured:
            response = system.get(path, pageSize=50)
        assert response.status_code == 200
        assert len(response.json()["results"]) == rows
        counts.append(len(captured))
    assert counts[0] == counts[1]
