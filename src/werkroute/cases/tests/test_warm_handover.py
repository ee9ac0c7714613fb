"""A warm handover between two municipalities, end to end through the pages: the new municipality finds
the client's BSN already in Werkroute and asks for the file, the old one writes a handover note and sends
it on a legal basis, the new one reads and accepts it, and from then on the old one has no access. The
one client row moves; nothing is copied."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from werkroute.accounts.models import Role
from werkroute.accounts.tests.factories import caseworker_of
from werkroute.audit.models import AuditAction
from werkroute.audit.tests.helpers import assert_audited
from werkroute.cases import handovers
from werkroute.cases.models import (
    Client,
    ConsentScope,
    Handover,
    HandoverStatus,
    Intake,
    Relocation,
    TimelineEvent,
)
from werkroute.cases.tests.factories import ClientFactory, ConsentFactory, IntakeFactory, NoteFactory
from werkroute.core.crypto import lookup_hash
from werkroute.followup.models import Signal
from werkroute.followup.sweep import sweep
from werkroute.regions.tests.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db

BSN = "111222333"
TODAY = dt.date.today()


@pytest.fixture
def towns():
    # Two municipalities in different regions: no caseworker works for both.
    return MunicipalityFactory(name="Wijchen"), MunicipalityFactory(name="Arnhem")


@pytest.fixture
def person(towns):
    old, _ = towns
    person = ClientFactory(municipality=old, bsn=BSN, first_name="Amal", last_name="Haddad")
    IntakeFactory(client=person)
    NoteFactory(client=person)
    return person


def _registration(municipality):  # type: ignore[no-untyped-def]
    return {
        "first_name": "Amal",
        "last_name": "Haddad",
        "date_of_birth": "1990-05-17",
        "bsn": BSN,
        "municipality": municipality.pk,
        "permit_date": "2022-03-01",
        "registration_date": TODAY.isoformat(),
        "gender": "female",
    }


def test_handover_from_request_to_acceptance_and_the_loss_of_access(client, towns, person):
    old, new = towns
    sender = caseworker_of(old, username="km-wijchen")
    person.caseworker = sender
    person.save()
    receiver = caseworker_of(new, username="km-arnhem")
    file_url = reverse("cases:client", kwargs={"client_id": person.pk})
    edit_url = reverse("cases:client_edit", kwargs={"client_id": person.pk})
    handover_url = reverse("cases:handover", kwargs={"client_id": person.pk})
    intake_id = Intake.objects.get(client=person).pk

    # The new municipality tries to register the client and is offered the handover instead.
    client.force_login(receiver)
    refused = client.post(reverse("cases:client_create"), _registration(new))
    content = refused.content.decode()
    assert refused.status_code == 200
    assert "warme overdracht" in content
    assert reverse("cases:handover_request") in content
    assert "beheerder" not in content
    assert Client.objects.count() == 1
    assert client.get(file_url).status_code == 404

    moved_on = TODAY + dt.timedelta(days=10)
    asked = client.post(
        reverse("cases:handover_request"),
        {"bsn": BSN, "to_municipality": new.pk, "moved_on": moved_on.isoformat()},
    )
    assert asked.status_code == 302
    handover = Handover.objects.get()
    assert handover.status == HandoverStatus.REQUESTED and handover.from_municipality == old
    # Asking opens nothing: no file is handed over yet.
    assert client.get(file_url).status_code == 404
    assert "Haddad" not in client.get(reverse("cases:handovers")).content.decode()

    # The old municipality gets a signal it owns until the handover is accepted.
    sweep(TODAY)
    signal = Signal.objects.get(client=person, rule="handover_pending")
    assert signal.status == "open" and signal.subject == f"handover:{handover.pk}"

    client.force_login(sender)
    page = client.get(handover_url).content.decode()
    assert "Dossier overdragen" in page and new.name in page
    sent = client.post(
        handover_url,
        {
            "action": "send",
            "to_municipality": new.pk,
            "moved_on": moved_on.isoformat(),
            "ground": "legal_basis",
            "legal_basis": "wet_inburgering_2021",
            "note": "Taaltraject loopt door tot de zomer; wil in de zorg werken.",
        },
    )
    assert sent.status_code == 302
    handover.refresh_from_db()
    assert handover.status == HandoverStatus.SENT and handover.sent_by == sender
    # Until acceptance the file stays with the old municipality, which may still change it.
    assert client.get(edit_url).status_code == 200

    # The new municipality reads the whole file and the note, changes nothing, and accepts.
    client.force_login(receiver)
    assert client.get(file_url).status_code == 200
    assert "Amal Haddad" in client.get(reverse("cases:handovers")).content.decode()
    assert client.get(edit_url).status_code == 404
    assert "Haddad" not in client.get(reverse("cases:caseload")).content.decode()  # not theirs yet
    assert_audited(AuditAction.VIEW, object_type="client", client=person, actor=receiver)
    page = client.get(handover_url).content.decode()
    assert "wil in de zorg werken" in page and "Overdracht accepteren" in page
    accepted = client.post(handover_url, {"caseworker": ""})
    assert accepted.status_code == 302

    person.refresh_from_db()
    assert person.municipality == new and person.caseworker == receiver
    # One client row, the same one, with its own intake: nothing copied, the BSN still unique.
    assert Client.objects.filter(bsn_hash=lookup_hash(BSN)).count() == 1
    assert Intake.objects.get(client=person).pk == intake_id
    relocation = Relocation.objects.get(client=person)
    assert (relocation.from_municipality, relocation.to_municipality, relocation.moved_on) == (
        old,
        new,
        moved_on,
    )
    handover.refresh_from_db()
    assert handover.status == HandoverStatus.ACCEPTED and handover.relocation == relocation
    assert client.get(edit_url).status_code == 200
    assert "Haddad" in client.get(reverse("cases:caseload")).content.decode()

    # The old municipality has lost the file, on every page.
    client.force_login(sender)
    for url in (file_url, edit_url, handover_url, reverse("cases:intake", kwargs={"client_id": person.pk})):
        assert client.get(url).status_code == 404, url
    assert "Haddad" not in client.get(reverse("cases:caseload")).content.decode()

    # The signal is gone once accepted; every step is on the timeline and in the audit log.
    sweep(TODAY)
    signal.refresh_from_db()
    assert signal.status == "resolved"
    kinds = set(TimelineEvent.objects.filter(client=person).values_list("kind", flat=True))
    assert {"handover_requested", "handover_sent", "handover_accepted"} <= kinds
    for kind, actor in (
        ("handover_requested", receiver),
        ("handover_sent", sender),
        ("handover_accepted", receiver),
    ):
        assert_audited(object_type=kind, client=person, actor=actor, object_id=str(handover.pk))


def test_consent_as_ground_needs_a_valid_consent_to_transfer(client, towns, person):
    old, new = towns
    client.force_login(caseworker_of(old))
    form = {
        "action": "send",
        "to_municipality": new.pk,
        "moved_on": TODAY.isoformat(),
        "ground": "consent",
        "note": "Zie het PIP.",
    }
    url = reverse("cases:handover", kwargs={"client_id": person.pk})
    refused = client.post(url, form)
    assert refused.status_code == 200
    assert "geen geldige toestemming" in refused.content.decode()
    assert "Zie het PIP." in refused.content.decode()  # the note typed is kept
    assert_audited(AuditAction.REFUSED, object_type="consent", client=person)
    assert not Handover.objects.exists()
    consent = ConsentFactory(
        client=person, scope=ConsentScope.TRANSFER_TO_NEW_MUNICIPALITY, given_on=TODAY - dt.timedelta(days=1)
    )
    assert client.post(url, form).status_code == 302
    handover = Handover.objects.get()
    assert handover.consent == consent and handover.ground == "consent" and handover.legal_basis == ""


def test_a_handover_needs_a_note_and_a_chosen_legal_basis(towns, person):
    old, new = towns
    sender = caseworker_of(old)
    with pytest.raises(ValidationError) as refused:
        handovers.send_handover(
            sender,
            person,
            {
                "to_municipality": new,
                "moved_on": TODAY,
                "ground": "legal_basis",
                "legal_basis": "",
                "note": "",
            },
        )
    assert set(refused.value.message_dict) == {"note", "legal_basis"}
    assert not Handover.objects.exists()


def test_a_declined_request_leaves_the_file_where_it_was(towns, person):
    old, new = towns
    receiver = caseworker_of(new)
    handovers.request_handover(receiver, bsn=BSN, to_municipality=new, moved_on=TODAY)
    with pytest.raises(ValidationError, match="loopt al een overdracht"):
        handovers.request_handover(receiver, bsn=BSN, to_municipality=new, moved_on=TODAY)
    handover = handovers.decline_request(caseworker_of(old), person, "Niet dezelfde persoon")
    assert handover.status == HandoverStatus.DECLINED
    person.refresh_from_db()
    assert person.municipality == old
    assert "handover_declined" in set(
        TimelineEvent.objects.filter(client=person).values_list("kind", flat=True)
    )


def test_requests_that_cannot_be_right_are_refused(towns, person):
    old, new = towns
    with pytest.raises(ValidationError, match="geen klant met dit BSN"):
        handovers.request_handover(caseworker_of(new), bsn="123456782", to_municipality=new, moved_on=TODAY)
    with pytest.raises(ValidationError, match="hoort al bij deze gemeente"):
        handovers.request_handover(caseworker_of(old), bsn=BSN, to_municipality=old, moved_on=TODAY)
    with pytest.raises(PermissionDenied):  # asking on behalf of a municipality one does not work for
        handovers.request_handover(caseworker_of(old), bsn=BSN, to_municipality=new, moved_on=TODAY)


def test_only_the_receiving_municipality_accepts(towns, person):
    old, new = towns
    handover = handovers.send_handover(
        caseworker_of(old),
        person,
        {
            "to_municipality": new,
            "moved_on": TODAY,
            "ground": "legal_basis",
            "legal_basis": "participatiewet",
            "note": "x",
        },
    )
    with pytest.raises(PermissionDenied):
        handovers.accept_handover(caseworker_of(old), handover)
    with pytest.raises(PermissionDenied):
        handovers.accept_handover(caseworker_of(MunicipalityFactory()), handover)
    team_lead = caseworker_of(new, role=Role.TEAM_LEAD)
    colleague = caseworker_of(new)
    handovers.accept_handover(team_lead, handover, caseworker=colleague)
    person.refresh_from_db()
    assert person.caseworker == colleague and person.municipality == new
    with pytest.raises(ValidationError, match="al afgehandeld"):
        handovers.accept_handover(team_lead, handover)
    assert Relocation.objects.filter(client=person).count() == 1


def test_a_third_municipality_never_sees_a_file_in_handover(client, towns, person):
    old, new = towns
    handovers.send_handover(
        caseworker_of(old),
        person,
        {
            "to_municipality": new,
            "moved_on": TODAY,
            "ground": "legal_basis",
            "legal_basis": "participatiewet",
            "note": "x",
        },
    )
    client.force_login(caseworker_of(MunicipalityFactory()))
    for name in ("cases:client", "cases:handover"):
        assert client.get(reverse(name, kwargs={"client_id": person.pk})).status_code == 404
