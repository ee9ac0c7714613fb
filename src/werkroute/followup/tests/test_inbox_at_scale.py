"""The inbox of a large caseload: its order comes from an index, its count stops at a cap and says so."""

import datetime as dt

import pytest
from django.db import connection
from django.urls import reverse

from werkroute.cases.tests.factories import ClientFactory
from werkroute.followup import selectors
from werkroute.followup.models import SEVERITY_BY_RULE, UNKNOWN_RULE_SEVERITY, SignalStatus
from werkroute.followup.rules import RULES
from werkroute.followup.tests.factories import SignalFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date.today()


def test_every_rule_has_an_urgency_and_no_rule_sorts_with_the_unknown():
    assert {rule.code for rule in RULES} == set(SEVERITY_BY_RULE)
    assert all(rule.severity < UNKNOWN_RULE_SEVERITY for rule in RULES)


def _signals(caseworker, municipality, count: int) -> None:
    for number in range(count):
        SignalFactory(
            client=ClientFactory(municipality=municipality, caseworker=caseworker),
            due_on=TODAY - dt.timedelta(days=number),
        )


def test_the_count_beyond_the_shown_signals_is_exact_up_to_the_cap(caseworker, municipality, monkeypatch):
    monkeypatch.setattr(selectors, "INBOX_COUNT_CAP", 5)
    _signals(caseworker, municipality, 4)
    SignalFactory(
        client=ClientFactory(municipality=municipality, caseworker=caseworker), status=SignalStatus.SNOOZED
    )
    inbox = selectors.inbox(caseworker, limit=2)
    assert (len(inbox.rows), inbox.total, inbox.more) == (2, 4, False)
    # The oldest due day first within one rule.
    assert [row.signal.due_on for row in inbox.rows] == sorted(row.signal.due_on for row in inbox.rows)


def test_beyond_the_cap_the_inbox_says_more_than(caseworker, caseworker_client, municipality, monkeypatch):
    monkeypatch.setattr(selectors, "INBOX_COUNT_CAP", 3)
    monkeypatch.setattr(selectors, "INBOX_LIMIT", 2)
    _signals(caseworker, municipality, 5)
    inbox = selectors.inbox(caseworker, limit=2)
    assert (len(inbox.rows), inbox.total, inbox.more) == (2, 3, True)
    content = caseworker_client.get(reverse("cases:caseload")).content.decode()
    block = content[content.index('id="signals"') : content.index("</section>")]
    assert "Signalen (meer dan 3)" in block
    assert "De 2 meest dringende van meer dan 3 signalen." in block


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the plan of PostgreSQL")
def test_postgresql_reads_the_inbox_in_the_order_of_its_index(caseworker, municipality):
    """The index holds the same urgency expression as the query; if they drifted apart, PostgreSQL could
    not read the order from it and would sort every open signal of the caseload again."""
    _signals(caseworker, municipality, 3)
    own = selectors.Client.objects.filter(caseworker=caseworker).values("pk")
    query = (
        selectors.Signal.objects.filter(client_id__in=own, status=SignalStatus.OPEN)
        .annotate(severity=selectors._severity())
        .order_by("severity", "due_on", "pk")
        .values_list("pk")[:100]
    )
    with connection.cursor() as cursor:
        # A tiny test table would be read whole; here only the question whether the index fits counts.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        plan = query.explain()
    assert "signal_inbox_order" in plan
    assert "Sort" not in plan
