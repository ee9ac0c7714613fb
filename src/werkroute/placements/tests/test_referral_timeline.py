"""Every step of a referral is a typed event on the client's timeline, so the file tells the whole story."""

import datetime as dt

import pytest
from django.urls import reverse

from werkroute.audit.tests.helpers import assert_audited, assert_not_audited
from werkroute.cases.models import ConsentScope, TimelineEvent
from werkroute.cases.services import give_consent
from werkroute.cases.tests.factories import ClientFactory, IntakeFactory
from werkroute.placements import services
from werkroute.placements.events import Kind
from werkroute.placements.models import ReferralStatus
from werkroute.placements.tests.factories import PlacementFactory

pytestmark = pytest.mark.django_db


def test_each_referral_step_is_on_the_timeline_and_audited_once(caseworker, caseworker_client, municipality):
    person = ClientFactory(municipality=municipality)
    IntakeFactory(client=person)
    placement = PlacementFactory(title="Magazijnmedewerker", employer__region=municipality.region)
    give_consent(
        caseworker,
        person,
        {"scope": ConsentScope.SHARE_PROFILE_WITH_EMPLOYERS, "given_on": dt.date.today(), "method": "paper"},
    )
    referral = services.propose_referral(caseworker, person, placement)
    services.record_client_consent(caseworker, referral)
    services.send_to_employer(caseworker, referral)
    services.decide(caseworker, referral, accepted=False, reason="language")

    steps = list(
        TimelineEvent.objects.filter(client=person, kind__startswith="referral")
        .order_by("id")
        .values_list("kind", "data__new")
    )
    assert steps == [
        (Kind.REFERRAL_PROPOSED, None),
        (Kind.REFERRAL_STATUS_CHANGED, ReferralStatus.CONSENTED),
        (Kind.REFERRAL_STATUS_CHANGED, ReferralStatus.SENT),
        (Kind.REFERRAL_STATUS_CHANGED, ReferralStatus.DECLINED),
    ]
    # The services audit each step; the timeline events add no second entry.
    assert_not_audited(client_id=person.pk, object_type__startswith="referral_")
    assert_audited(client_id=person.pk, object_type="referral", count=4)

    page = caseworker_client.get(reverse("cases:client", kwargs={"client_id": person.pk})).content.decode()
    assert "Voorgedragen voor Magazijnmedewerker" in page
    assert page.count("Voordracht Magazijnmedewerker:") == 3
    assert "verstuurd naar werkgever → afgewezen — Nederlands nog niet voldoende" in page
