"""The caseworker's inbox at the top of the start page, the client file's signals, snoozing and
dismissing through the pages, and the team lead's overview."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from werkroute.accounts.models import Role
from werkroute.accounts.tests.factories import caseworker_of
from werkroute.cases.tests.factories import ClientFactory
from werkroute.followup import selectors
from werkroute.followup.models import SignalStatus
from werkroute.followup.tests.factories import SignalFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date.today()


def test_the_inbox_is_the_first_block_of_the_start_page_most_urgent_first(
    caseworker_client, caseworker, municipality
):
    client = ClientFactory(municipality=municipality, caseworker=caseworker, last_name="Haddad")
    late = SignalFactory(
        client=client,
        rule="referral_stuck",
        subject="referral:1",
        due_on=TODAY - dt.timedelta(days=90),
        reason={"last_step": "2024-01-01", "status": "sent"},
    )
    urgent = SignalFactory(client=client, due_on=TODAY - dt.timedelta(days=3))
    content = caseworker_client.get(reverse("cases:caseload")).content.decode()
    assert content.index('id="signals"') < content.index("<h1>")
    # Severity first (intake before a stuck referral), then the due day.
    assert content.index("Intake niet gestart") < content.index("Voordracht staat stil")
    assert reverse("cases:intake", kwargs={"client_id": client.pk}) in content
    assert client.registration_date.strftime("%d-%m-%Y") in content
    assert urgent.pk and late.pk


def test_the_inbox_shows_only_the_caseworkers_own_clients(
    caseworker_client, caseworker, municipality, other_municipality
):
    SignalFactory(client=ClientFactory(municipality=municipality, caseworker=caseworker, last_name="Eigen"))
    SignalFactory(client=ClientFactory(municipality=municipality, last_name="Collega"))
    SignalFactory(
        client=ClientFactory(municipality=other_municipality, caseworker=caseworker, last_name="Elders")
    )
    content = caseworker_client.get(reverse("cases:caseload")).content.decode()
    inbox = content[content.index('id="signals"') : content.index("</section>")]
    assert "Eigen" in inbox and "Collega" not in inbox and "Elders" not in inbox


def test_open_signals_stand_at_the_top_of_the_client_file(caseworker_client, caseworker, municipality):
    client = ClientFactory(municipality=municipality, caseworker=caseworker)
    SignalFactory(client=client)
    SignalFactory(
        client=client,
        rule="plan_review_passed",
        subject="plan:1",
        status=SignalStatus.DISMISSED,
        reason={"review": "2024-01-01"},
    )
    content = caseworker_client.get(reverse("cases:client", kwargs={"client_id": client.pk})).content.decode()
    assert content.index('id="signals"') < content.index('id="intake"')
    assert "Intake niet gestart" in content and "Evaluatiedatum PIP verstreken" not in content


def test_snoozing_through_the_page_needs_a_reason(caseworker_client, caseworker, municipality):
    signal = SignalFactory(client=ClientFactory(municipality=municipality, caseworker=caseworker))
    url = reverse("followup:snooze", kwargs={"client_id": signal.client_id, "signal_id": signal.pk})
    until = (TODAY + dt.timedelta(days=14)).isoformat()
    refused = caseworker_client.post(url, {"until": until, "note": ""})
    assert refused.status_code == 200 and "Dit veld is verplicht" in refused.content.decode()
    past = caseworker_client.post(url, {"until": TODAY.isoformat(), "note": "vakantie"})
    assert "Kies een datum na vandaag" in past.content.decode()
    done = caseworker_client.post(url, {"until": until, "note": "vakantie"})
    assert done.status_code == 302
    signal.refresh_from_db()
    assert signal.status == SignalStatus.SNOOZED and signal.note == "vakantie"
    # Gone from the inbox while snoozed.
    assert "Intake niet gestart" not in caseworker_client.get(reverse("cases:caseload")).content.decode()


def test_dismissing_through_the_page(caseworker_client, caseworker, municipality):
    signal = SignalFactory(client=ClientFactory(municipality=municipality, caseworker=caseworker))
    url = reverse("followup:dismiss", kwargs={"client_id": signal.client_id, "signal_id": signal.pk})
    assert caseworker_client.post(url, {"note": "Verhuisd naar het buitenland"}).status_code == 302
    signal.refresh_from_db()
    assert signal.status == SignalStatus.DISMISSED
    # A closed signal cannot be changed again: it is not found.
    assert caseworker_client.post(url, {"note": "nog eens"}).status_code == 404


def test_a_signal_of_another_municipality_is_not_found(caseworker_client, other_municipality):
    signal = SignalFactory(client=ClientFactory(municipality=other_municipality))
    url = reverse("followup:dismiss", kwargs={"client_id": signal.client_id, "signal_id": signal.pk})
    assert caseworker_client.get(url).status_code == 404
    assert caseworker_client.post(url, {"note": "x"}).status_code == 404
    signal.refresh_from_db()
    assert signal.status == SignalStatus.OPEN


def test_the_team_lead_sees_signals_per_caseworker_and_rule_and_clients_without_owner(
    client, municipality, caseworker
):
    lead = caseworker_of(municipality, Role.TEAM_LEAD, username="teamleider")
    owned = ClientFactory(municipality=municipality, caseworker=caseworker)
    SignalFactory(client=owned, raised_on=TODAY - dt.timedelta(days=40))
    SignalFactory(client=ClientFactory(municipality=municipality, caseworker=caseworker))
    ClientFactory(municipality=municipality, caseworker=None, last_name="Zonderbeheerder")
    client.force_login(lead)
    start = client.get(reverse("cases:caseload")).content.decode()
    assert reverse("followup:team") in start
    content = client.get(reverse("followup:team")).content.decode()
    assert "<td>2</td><td>40</td>" in content.replace("\n", "")
    assert "Zonderbeheerder" in content


def test_a_caseworker_has_no_team_view(caseworker_client):
    assert caseworker_client.get(reverse("followup:team")).status_code == 403


def test_the_start_page_reads_the_inbox_with_a_fixed_number_of_queries(
    caseworker_client, caseworker, municipality, django_assert_max_num_queries
):
    for _ in range(3):
        SignalFactory(client=ClientFactory(municipality=municipality, caseworker=caseworker))
    with django_assert_max_num_queries(40) as few:
        caseworker_client.get(reverse("cases:caseload"))
    for _ in range(20):
        SignalFactory(client=ClientFactory(municipality=municipality, caseworker=caseworker))
    with django_assert_max_num_queries(len(few.captured_queries)):
        caseworker_client.get(reverse("cases:caseload"))


def test_the_inbox_reads_its_signals_and_a_capped_total_without_a_query_per_row(caseworker, municipality):
    for _ in range(selectors.INBOX_LIMIT + 5):
        SignalFactory(client=ClientFactory(municipality=municipality, caseworker=caseworker))
    with CaptureQueriesContext(connection) as read:
        inbox = selectors.inbox(caseworker)
    assert len(inbox.rows) == selectors.INBOX_LIMIT
    assert inbox.total == selectors.INBOX_LIMIT + 5
    # The rows shown, then (only because the page is full) their total, counted no further than the cap;
    # none per row; the rest is the audit entry of the view.
    assert len([query for query in read.captured_queries if "followup_signal" in query["sql"]]) == 2
    assert len(read.captured_queries) <= 10  # a hundred rows shown: nothing grows with them
