"""The client file has one block at its top for what needs the caseworker: the signals, and among them
the events that ask for a talk with the client (the file's old "Aandacht nodig" list), each once."""

import datetime as dt

import pytest
from django.urls import reverse

from werkroute.cases import events
from werkroute.cases.tests.factories import ClientFactory, NoteFactory
from werkroute.followup.models import SignalStatus
from werkroute.followup.sweep import sweep

pytestmark = pytest.mark.django_db

TODAY = dt.date.today()


def _withdrawn(person, days_ago: int = 2):  # type: ignore[no-untyped-def]
    return events.referral_withdrawn_without_consent(
        person,
        None,
        referral_id=7,
        placement_id=3,
        consent_id=5,
        status="sent",
        on=TODAY - dt.timedelta(days=days_ago),
    )


def _file(caseworker_client, person) -> str:  # type: ignore[no-untyped-def]
    return caseworker_client.get(reverse("cases:client", kwargs={"client_id": person.pk})).content.decode()


def _block(content: str) -> str:
    start = content.index('id="signals"')
    return content[start : content.index("</section>", start)]


@pytest.fixture
def person(caseworker, municipality):  # type: ignore[no-untyped-def]
    # An intake is due too, so the block holds another signal beside the withdrawal.
    return ClientFactory(
        municipality=municipality, caseworker=caseworker, registration_date=TODAY - dt.timedelta(days=60)
    )


def test_the_withdrawal_and_its_signal_are_one_line_at_the_top(caseworker_client, person):
    event = _withdrawn(person)
    sweep(TODAY)
    signal = person.signals.get(rule="needs_attention")
    assert signal.subject == f"event:{event.pk}"

    content = _file(caseworker_client, person)

    assert content.count("Aandacht nodig") == 1
    assert 'id="attention"' not in content
    block = _block(content)
    assert content.index('id="signals"') < content.index('id="intake"')
    # What the old flag said: what happened and when, and that it stays until a contact is recorded.
    assert block.count("Voordracht 7 ingetrokken") == 1
    assert (TODAY - dt.timedelta(days=2)).strftime("%d-%m-%Y") in block
    assert "blijft staan tot u een contact of notitie vastlegt" in block
    assert "Contact met de klant nodig" in block and "Intake niet gestart" in block
    # The signal's own actions stay with it.
    assert reverse("cases:note_create", kwargs={"client_id": person.pk}) in block
    assert reverse("followup:snooze", kwargs={"client_id": person.pk, "signal_id": signal.pk}) in block


def test_an_event_the_sweep_has_not_seen_yet_is_in_the_block_all_the_same(caseworker_client, person):
    _withdrawn(person)

    block = _block(_file(caseworker_client, person))

    assert block.count("Voordracht 7 ingetrokken") == 1
    assert "Contact met de klant nodig" in block
    assert reverse("cases:note_create", kwargs={"client_id": person.pk}) in block


def test_a_dismissed_signal_takes_its_event_out_of_the_block(caseworker_client, person):
    _withdrawn(person)
    sweep(TODAY)
    person.signals.filter(rule="needs_attention").update(status=SignalStatus.DISMISSED, closed_on=TODAY)

    content = _file(caseworker_client, person)

    assert "Voordracht 7 ingetrokken" not in _block(content)
    assert 'id="attention"' not in content
    # The timeline still tells what happened.
    assert "Voordracht 7 ingetrokken" in content


def test_a_note_after_the_event_ends_both(caseworker_client, person):
    _withdrawn(person)
    sweep(TODAY)
    events.note_added(NoteFactory(client=person, occurred_on=TODAY), None)
    sweep(TODAY)

    block = _block(_file(caseworker_client, person))

    assert "Voordracht 7 ingetrokken" not in block
    assert "Contact met de klant nodig" not in block
    assert person.signals.get(rule="needs_attention").status == SignalStatus.RESOLVED


def test_the_inbox_says_what_happened_for_each_kind_of_event(caseworker_client, person):
    events.emit(person, events.Kind.MESSAGE_FROM_CLIENT, TODAY - dt.timedelta(days=1), None, message_id=1)
    sweep(TODAY)
    content = caseworker_client.get(reverse("cases:caseload")).content.decode()
    assert "Bericht van de klant op " + (TODAY - dt.timedelta(days=1)).strftime("%d-%m-%Y") in content
    assert "Voordracht ingetrokken op" not in content
