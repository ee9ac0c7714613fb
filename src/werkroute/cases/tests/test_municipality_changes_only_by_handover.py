"""A client changes municipality only through a warm handover. Someone who works for both municipalities
(a shared regional service) used to move a file directly by editing it, which skipped the handover note,
the recorded ground and the acceptance; the service, the page and the API now refuse that with the way to
do it, and nothing moves."""

import datetime as dt
import re
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from werkroute.accounts.models import Membership, Role
from werkroute.accounts.tests.factories import caseworker_of
from werkroute.api.tests.factories import system_for
from werkroute.cases import handovers, services
from werkroute.cases.models import Relocation, TimelineEvent
from werkroute.cases.tests.factories import ClientFactory
from werkroute.cases.tests.test_client_registration import _form

pytestmark = pytest.mark.django_db

TODAY = dt.date.today()
ADVICE = "via een warme overdracht"


@pytest.fixture
def for_both(municipality, other_municipality):  # type: ignore[no-untyped-def]
    """A caseworker with memberships in both municipalities, and a client of the first."""
    actor = caseworker_of(municipality, username="regionaal")
    Membership.objects.create(
        user=actor,
        organisation=caseworker_of(other_municipality).memberships.get().organisation,
        role=Role.CASEWORKER,
    )
    person = ClientFactory(municipality=municipality, caseworker=actor, bsn="", last_name="Blijftstaan")
    return actor, person


def _unmoved(person, municipality) -> None:  # type: ignore[no-untyped-def]
    person.refresh_from_db()
    assert person.municipality == municipality
    assert not Relocation.objects.filter(client=person).exists()
    assert not TimelineEvent.objects.filter(client=person, kind="client_updated").exists()


def test_the_service_refuses_a_direct_move(for_both, municipality, other_municipality):
    actor, person = for_both
    with pytest.raises(ValidationError) as refused:
        services.update_client(actor, person, person.version, {"municipality": other_municipality})
    assert ADVICE in refused.value.message_dict["municipality"][0]
    _unmoved(person, municipality)


def test_the_edit_page_refuses_a_direct_move_and_offers_the_handover(
    client, for_both, municipality, other_municipality
):
    actor, person = for_both
    client.force_login(actor)
    url = reverse("cases:client_edit", kwargs={"client_id": person.pk})
    page = client.get(url).content.decode()
    assert "Overdragen bij verhuizing" in page
    assert f">{other_municipality.name}</option>" not in page  # not offered as a choice
    data = _form(
        other_municipality,
        bsn="",
        last_name="Blijftstaan",
        caseworker=actor.pk,
        version=person.version,
    )
    refused = client.post(url, data)
    assert refused.status_code == 200
    assert ADVICE in refused.content.decode()
    _unmoved(person, municipality)


def test_the_api_refuses_a_direct_move_with_a_dutch_problem(municipality, other_municipality):
    person = ClientFactory(municipality=municipality, bsn="")
    system = system_for(caseworker_of(municipality).memberships.get().organisation)
    answer = system.patch(
        f"/clients/{person.pk}", {"version": person.version, "municipality": other_municipality.code}
    )
    assert answer.status_code == 400
    assert answer["Content-Type"].startswith("application/problem+json")
    assert ADVICE in answer.content.decode()
    _unmoved(person, municipality)


def test_the_handover_still_moves_the_file(for_both, municipality, other_municipality):
    actor, person = for_both
    handover = handovers.send_handover(
        actor,
        person,
        {
            "to_municipality": other_municipality,
            "moved_on": TODAY,
            "ground": "legal_basis",
            "legal_basis": "participatiewet",
            "note": "Zelfde klantmanager, andere gemeente.",
        },
    )
    handovers.accept_handover(actor, handover)
    person.refresh_from_db()
    assert person.municipality == other_municipality
    assert Relocation.objects.get(client=person).to_municipality == other_municipality


# An assignment to a client's municipality (alone or in a tuple), or a bulk update of it.
WRITES_MUNICIPALITY = re.compile(
    r"^\s*\w+\.municipality(_id)?(\s*,\s*[\w.]+)*\s*=(?!=)|\.update\([^)]*\bmunicipality(_id)?=", re.MULTILINE
)


def test_only_the_handover_writes_the_municipality_of_an_existing_client():
    """Every module that sets a ``municipality`` on an existing row, outside the tests and migrations:
    the handover's acceptance (the client) and the administration (an organisation, not a client)."""
    source = Path(services.__file__).parent.parent
    writers = {
        path.relative_to(source).as_posix()
        for path in source.rglob("*.py")
        if not {"tests", "migrations"} & set(path.parts) and WRITES_MUNICIPALITY.search(path.read_text())
    }
    assert writers == {"cases/handovers.py"}
