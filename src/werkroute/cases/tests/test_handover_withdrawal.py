"""A sent handover can be taken back until the receiving municipality accepts it: by the caseworker who sent
it, the client's caseworker or a team lead of the sending municipality, with a reason. The file stays where
it was, the receiving side can no longer read it, the signal is resolved, and the step is on the timeline
and in the audit log."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from werkroute.accounts.models import Role
from werkroute.accounts.tests.factories import caseworker_of
from werkroute.audit.tests.helpers import assert_audited
from werkroute.cases import handovers
from werkroute.cases.models import Handover, HandoverStatus, Relocation, TimelineEvent
from werkroute.cases.tests.factories import ClientFactory
from werkroute.followup.models import Signal
from werkroute.followup.sweep import sweep
from werkroute.regions.tests.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date.today()


@pytest.fixture
def towns():
    return MunicipalityFactory(name="Wijchen"), MunicipalityFactory(name="Arnhem")


@pytest.fixture
def sent(towns):  # type: ignore[no-untyped-def]
    old, new = towns
    sender = caseworker_of(old, username="km-wijchen")
    person = ClientFactory(municipality=old, caseworker=sender, last_name="Teruggehaald")
    handover = handovers.send_handover(
        sender,
        person,
        {
            "to_municipality": new,
            "moved_on": TODAY + dt.timedelta(days=7),
            "ground": "legal_basis",
            "legal_basis": "wet_inburgering_2021",
            "note": "Gaat verhuizen.",
        },
    )
    return person, handover, sender


def test_the_sender_withdraws_through_the_page_and_the_file_stays(client, towns, sent):
    old, new = towns
    person, handover, sender = sent
    receiver = caseworker_of(new, username="km-arnhem")
    file_url = reverse("cases:client", kwargs={"client_id": person.pk})
    handover_url = reverse("cases:handover", kwargs={"client_id": person.pk})
    sweep(TODAY)
    signal = Signal.objects.get(client=person, rule="handover_pending")
    client.force_login(receiver)
    assert client.get(file_url).status_code == 200
    assert "Teruggehaald" in client.get(reverse("cases:handovers")).content.decode()

    client.force_login(sender)
    page = client.get(handover_url).content.decode()
    assert "Overdracht intrekken" in page
    # Without a reason nothing happens, and the page says what is missing.
    refused = client.post(handover_url, {"action": "withdraw", "reason": " "})
    assert refused.status_code == 200
    assert "Geef aan waarom u de overdracht intrekt." in refused.content.decode()
    handover.refresh_from_db()
    assert handover.status == HandoverStatus.SENT

    done = client.post(handover_url, {"action": "withdraw", "reason": "De verhuizing gaat niet door."})
    assert done.status_code == 302
    handover.refresh_from_db()
    person.refresh_from_db()
    assert handover.status == HandoverStatus.WITHDRAWN
    assert (handover.withdrawn_by, handover.withdrawn_on) == (sender, TODAY)
    assert handover.withdraw_reason == "De verhuizing gaat niet door."
    assert person.municipality == old and person.caseworker == sender
    assert not Relocation.objects.filter(client=person).exists()
    assert client.get(reverse("cases:client_edit", kwargs={"client_id": person.pk})).status_code == 200

    # The receiving side's access and its list entry end at once, and it cannot accept any more.
    client.force_login(receiver)
    assert client.get(file_url).status_code == 404
    assert client.get(handover_url).status_code == 404
    assert "Teruggehaald" not in client.get(reverse("cases:handovers")).content.decode()
    with pytest.raises(ValidationError, match="al afgehandeld"):
        handovers.accept_handover(receiver, handover)

    # The signal is resolved; the step is a timeline event and an audit entry.
    sweep(TODAY)
    signal.refresh_from_db()
    assert signal.status == "resolved"
    event = TimelineEvent.objects.get(client=person, kind="handover_withdrawn")
    assert event.data["handover_id"] == handover.pk
    assert_audited(object_type="handover_withdrawn", client=person, actor=sender, object_id=str(handover.pk))

    # After a withdrawal a new handover may be sent.
    client.force_login(sender)
    assert "Dossier overdragen" in client.get(handover_url).content.decode()


def test_a_team_lead_of_the_sending_municipality_may_withdraw(towns, sent):
    old, _new = towns
    person, _handover, _sender = sent
    handover = handovers.withdraw_handover(
        caseworker_of(old, role=Role.TEAM_LEAD), person, "Verkeerde gemeente gekozen."
    )
    assert handover.status == HandoverStatus.WITHDRAWN


def test_a_colleague_or_the_receiving_side_may_not_withdraw(client, towns, sent):
    old, new = towns
    person, handover, _sender = sent
    colleague = caseworker_of(old)
    with pytest.raises(PermissionDenied):
        handovers.withdraw_handover(colleague, person, "Zomaar.")
    with pytest.raises(PermissionDenied):
        handovers.withdraw_handover(caseworker_of(new), person, "Zomaar.")
    client.force_login(colleague)
    handover_url = reverse("cases:handover", kwargs={"client_id": person.pk})
    page = client.get(handover_url).content.decode()
    assert "Overdracht intrekken" not in page and "een teamleider" in page
    client.post(handover_url, {"action": "withdraw", "reason": "Zomaar."})
    handover.refresh_from_db()
    assert handover.status == HandoverStatus.SENT


def test_an_accepted_handover_cannot_be_withdrawn(towns, sent):
    _old, new = towns
    person, handover, sender = sent
    handovers.accept_handover(caseworker_of(new), handover)
    with pytest.raises(ValidationError, match="geen verstuurde overdracht"):
        handovers.withdraw_handover(sender, person, "Te laat.")
    assert Handover.objects.get().status == HandoverStatus.ACCEPTED


def test_a_request_not_yet_sent_is_declined_not_withdrawn(towns):
    old, new = towns
    sender = caseworker_of(old)
    person = ClientFactory(municipality=old, caseworker=sender, bsn="111222333")
    handovers.request_handover(caseworker_of(new), bsn="111222333", to_municipality=new, moved_on=TODAY)
    with pytest.raises(ValidationError, match="geen verstuurde overdracht"):
        handovers.withdraw_handover(sender, person, "Niet verhuisd.")
