"""The morning digest: counts per rule and a link, no names or other personal data; once a day."""

import pytest
from django.core import mail

from werkroute.cases.tests.factories import ClientFactory
from werkroute.followup import services
from werkroute.followup.tests.factories import SignalFactory

pytestmark = pytest.mark.django_db


def test_the_digest_holds_counts_and_a_link_only_and_goes_once_a_day(caseworker, municipality, settings):
    settings.WERKROUTE_SITE_URL = "https://werkroute.example.nl"
    caseworker.email = "km@example.nl"
    caseworker.save()
    people = [ClientFactory(municipality=municipality, caseworker=caseworker) for _ in range(3)]
    for person in people:
        SignalFactory(client=person)
    SignalFactory(
        client=people[0], rule="plan_review_passed", subject="plan:1", reason={"review": "2024-01-01"}
    )
    SignalFactory(client=ClientFactory(municipality=municipality), status="open")  # nobody's: no mail

    assert services.send_digests() == 1
    assert services.send_digests() == 0
    (message,) = mail.outbox
    assert message.to == ["km@example.nl"]
    assert "4 open signalen" in message.subject
    assert "Intake niet gestart: 3" in message.body
    assert "Evaluatiedatum PIP verstreken: 1" in message.body
    assert "https://werkroute.example.nl/klanten/" in message.body
    for person in people:
        assert person.last_name not in message.body and person.first_name not in message.body
        assert str(person.pk) not in message.body
