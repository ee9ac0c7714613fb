"""A partner's timeline shows no more than the partner's page: events of a hidden section (identity,
notes, consents) are not on it. One rule, ``ClientAccess.shows``, for both."""

import datetime as dt

import pytest
from django.urls import reverse

from werkroute.accounts.models import Role
from werkroute.accounts.policies import FULL_ACCESS, PARTNER_ACCESS
from werkroute.accounts.tests.factories import MembershipFactory, UserFactory
from werkroute.cases import events, services
from werkroute.cases.models import ConsentScope
from werkroute.cases.selectors import client_file
from werkroute.cases.tests.factories import ClientFactory
from werkroute.regions.models import OrganisationKind
from werkroute.regions.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared_file(municipality, caseworker):
    partner = OrganisationFactory(kind=OrganisationKind.PARTNER, region=municipality.region)
    worker = UserFactory(username="partner")
    MembershipFactory(user=worker, organisation=partner, role=Role.PARTNER_WORKER)
    person = ClientFactory(municipality=municipality)
    today = dt.date.today()
    services.give_consent(
        caseworker,
        person,
        {
            "scope": ConsentScope.SHARE_FILE_WITH_PARTNER,
            "organisation": partner,
            "given_on": today,
            "method": "paper",
        },
    )
    kb = services.give_consent(
        caseworker, person, {"scope": ConsentScope.KNOWLEDGE_BASE, "given_on": today, "method": "paper"}
    )
    services.withdraw_consent(caseworker, kb, "paper")
    services.add_note(caseworker, person, {"channel": "phone", "occurred_on": today, "text": "Gebeld"})
    services.update_client(caseworker, person, person.version, {"phone": "0612345678"})
    services.plan_activity(caseworker, person, {"activity_type": "map", "start_date": today})
    return person, worker


def test_the_partners_timeline_has_no_consent_note_or_identity_events(client, shared_file, caseworker):
    person, worker = shared_file
    full = [entry.kind for entry in client_file(caseworker, person.pk).timeline]
    assert {"note_added", "consent_given", "consent_withdrawn", "client_updated"} <= set(full)

    shown = [entry.kind for entry in client_file(worker, person.pk).timeline]
    assert shown, "the partner sees the file's other events"
    assert not {"note_added", "consent_given", "consent_withdrawn", "client_updated"} & set(shown)

    client.force_login(worker)
    content = client.get(reverse("cases:client", kwargs={"client_id": person.pk})).content.decode()
    for text in ("Toestemming gegeven", "Toestemming ingetrokken", "Contact of notitie", "Persoonsgegevens"):
        assert text not in content, text


def test_every_kind_of_event_belongs_to_a_section():
    kinds = {value for name, value in vars(events.Kind).items() if name.isupper()}
    registered = set(events._DESCRIBERS)  # kinds of apps above cases (referral steps)
    assert registered, "the referral steps register their kinds"
    assert kinds | registered == set(events.SECTION), "Say in events.SECTION which part a new kind is"


def test_the_timeline_rule_is_the_pages_rule():
    assert events.visible_kinds(FULL_ACCESS) == set(events.SECTION)
    for kind, section in events.SECTION.items():
        assert (kind in events.visible_kinds(PARTNER_ACCESS)) == (
            section is None or PARTNER_ACCESS.shows(section)
        ), kind
