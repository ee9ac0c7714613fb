"""The employer service point and employers land on a start page that shows their work (they got "Geen
toegang" before), and the service point turns the regional batch into referrals."""

import datetime as dt

import pytest
from django.urls import reverse

from werkroute.audit.models import AuditAction, AuditEvent
from werkroute.cases.models import WorkExperience
from werkroute.cases.tests.factories import ClientFactory, IntakeFactory
from werkroute.placements.events import Kind
from werkroute.placements.models import Referral, ReferralStatus
from werkroute.placements.selectors import pseudonym
from werkroute.placements.tests.factories import (
    EmployerFactory,
    PlacementFactory,
    employer_user,
    service_point_worker,
)
from werkroute.regions.tests.factories import PostcodeAreaFactory
from werkroute.taxonomy.tests.factories import OccupationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def market(municipality):
    area = PostcodeAreaFactory(municipality=municipality, latitude=51.84, longitude=5.85)
    cleaner = OccupationFactory(preferred_label="schoonmaker")
    employer = EmployerFactory(region=municipality.region, name="Schoon BV")
    placement = PlacementFactory(
        employer=employer, occupation=cleaner, postcode=area, title="Schoonmaker kantoren", capacity=2
    )
    person = ClientFactory(
        municipality=municipality, postcode=f"{area.pc4} AB", first_name="Amal", last_name="Haddad"
    )
    WorkExperience.objects.create(intake=IntakeFactory(client=person), occupation=cleaner, years=3)
    return person, placement


def test_the_service_point_lands_on_its_start_page_with_the_regions_placements(client, municipality, market):
    person, _placement = market
    client.force_login(service_point_worker(municipality.region))
    response = client.get(reverse("home"), follow=True)
    content = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("placements:service_point")
    assert "Schoonmaker kantoren" in content and "Schoon BV" in content
    assert reverse("placements:batch") in content
    assert person.last_name not in content


def test_the_employer_lands_on_its_placements_and_sees_what_waits_for_it(client, municipality, market):
    person, placement = market
    Referral.objects.create(
        client=person,
        placement=placement,
        status=ReferralStatus.SENT,
        proposed_on=dt.date.today(),
        sent_on=dt.date.today(),
        score=0.8,
    )
    other = PlacementFactory(employer=EmployerFactory(region=municipality.region), title="Magazijnmedewerker")
    client.force_login(employer_user(placement.employer))
    response = client.get(reverse("home"), follow=True)
    content = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("placements:employer")
    assert "Schoonmaker kantoren" in content and "1 kandidaat wacht op een gesprek" in content
    assert reverse("placements:referrals", kwargs={"placement_id": placement.pk}) in content
    assert other.title not in content  # another employer's placement
    assert person.last_name not in content


def test_the_service_point_creates_the_referrals_its_batch_proposes(client, municipality, market):
    person, placement = market
    worker = service_point_worker(municipality.region)
    client.force_login(worker)
    key = f"{pseudonym(person)}:{placement.pk}"
    assert f'value="{key}"' in client.get(reverse("placements:batch")).content.decode()
    response = client.post(reverse("placements:batch"), {"proposal": [key]}, follow=True)
    assert "1 voordracht(en) aangemaakt" in response.content.decode()
    referral = Referral.objects.get(client=person, placement=placement)
    assert referral.status == ReferralStatus.PROPOSED and referral.proposed_by == worker
    assert referral.score > 0
    assert AuditEvent.objects.filter(
        action=AuditAction.CREATE, object_type="referral", client_id=person.pk, actor_id=worker.pk
    ).exists()
    # The client's timeline tells the whole story, also of a referral the batch proposed.
    assert person.timeline_events.filter(kind=Kind.REFERRAL_PROPOSED, data__referral_id=referral.pk).exists()
    # A second run does not propose the same pair twice.
    client.post(reverse("placements:batch"), {"proposal": [key]})
    assert Referral.objects.filter(client=person, placement=placement).count() == 1


def test_the_batch_creates_only_what_it_proposed(client, municipality, market):
    """A made-up proposal (another client's pseudonym, another placement) creates nothing."""
    _person, placement = market
    stranger = ClientFactory(municipality=municipality)
    client.force_login(service_point_worker(municipality.region))
    client.post(reverse("placements:batch"), {"proposal": [f"{pseudonym(stranger)}:{placement.pk}"]})
    assert not Referral.objects.exists()
