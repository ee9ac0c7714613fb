"""A page of a synchronisation reads the municipality's clients along the index of their last change,
whatever the size of the municipality: no read and sort of all its clients for fifty of them.

Through the OR of the scope's parts (the municipality's own clients, or those handed over to it) the
database could not follow the index and sorted the whole municipality for every page (70 ms at 100,000
clients on PostgreSQL); read part by part, each follows its own index.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from werkroute.api.tests.factories import system_for
from werkroute.cases.tests.factories import ClientFactory
from werkroute.regions.models import Organisation

pytestmark = pytest.mark.django_db


def _plan(sql: str) -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # On a few rows the planner would rightly scan the table; what is asked is whether it can
            # follow the index at all.
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("EXPLAIN " + sql)
            cursor.execute("EXPLAIN " + sql)
        else:
            cursor.execute("EXPLAIN QUERY PLAN " + sql)
        return "\n".join(str(row[-1]) for row in cursor.fetchall())


def test_a_page_of_clients_needs_no_sort_of_the_whole_municipality(municipality, caseworker):  # type: ignore[no-untyped-def]
    ClientFactory.create_batch(5, municipality=municipality, caseworker=caseworker)
    system = system_for(Organisation.objects.get(memberships__user=caseworker), ["clients:read"])
    first = system.get("/clients", pageSize=2).json()["next"]
    with CaptureQueriesContext(connection) as captured:
        response = system.http().get(first.split("testserver", 1)[1])
    assert response.status_code == 200
    reads = [
        query["sql"]
        for query in captured.captured_queries
        if query["sql"].startswith("SELECT") and 'FROM "cases_client"' in query["sql"]
    ]
    plans = [_plan(sql) for sql in reads]
    # The municipality's own clients (all but a few handed over) are read along the index, unsorted.
    along_the_index = [
        plan
        for plan in plans
        if "client_changed_order" in plan and "Sort" not in plan and "TEMP B-TREE" not in plan
    ]
    assert along_the_index, plans
