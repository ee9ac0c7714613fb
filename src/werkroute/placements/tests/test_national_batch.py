"""The national batch: the clients and placements of every region that opted in, solved as one market.
A service point refers only for its own region's placements and sees the others' as counts."""

import pytest
from django.urls import reverse

from werkroute.audit.tests.helpers import assert_audited
from werkroute.cases.models import WorkExperience
from werkroute.cases.tests.factories import ClientFactory, IntakeFactory
from werkroute.placements import selectors, services
from werkroute.placements.models import Referral
from werkroute.placements.selectors import pseudonym
from werkroute.placements.tests.factories import EmployerFactory, PlacementFactory, service_point_worker
from werkroute.regions.tests.factories import MunicipalityFactory, PostcodeAreaFactory, RegionFactory
from werkroute.taxonomy.tests.factories import OccupationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def border(municipality):
    """Two neighbouring regions that both opted in: a cook lives just across the border of the region
    that has a kitchen job, and the other region has a cleaning job for a cleaner of the first."""
    home = municipality.region
    home.national_market = True
    home.save()
    other = RegionFactory(name="Overkant", national_market=True)
    across = MunicipalityFactory(region=other, name="Overdorp")
    here = PostcodeAreaFactory(municipality=municipality, latitude=51.84, longitude=5.85)
    there = PostcodeAreaFactory(municipality=across, latitude=51.86, longitude=5.87)
    cook, cleaner = OccupationFactory(preferred_label="kok"), OccupationFactory(preferred_label="schoonmaker")
    kitchen = PlacementFactory(
        employer=EmployerFactory(region=home), occupation=cook, postcode=here, title="Hulpkok"
    )
    cleaning = PlacementFactory(
        employer=EmployerFactory(region=other), occupation=cleaner, postcode=there, title="Schoonmaak"
    )
    people = {}
    for name, last_name, place, occupation, postcode in (
        ("Kok", "Haddad", across, cook, there),
        ("Schoonmaker", "Tesfay", municipality, cleaner, here),
    ):
        person = ClientFactory(municipality=place, postcode=f"{postcode.pc4} AB", last_name=last_name)
        WorkExperience.objects.create(intake=IntakeFactory(client=person), occupation=occupation, years=4)
        people[name] = person
    return home, other, kitchen, cleaning, people


def test_the_national_batch_proposes_across_the_border_for_the_own_placements_only(client, border):
    home, other, kitchen, cleaning, people = border
    worker = service_point_worker(home)
    regional = selectors.region_batch(worker)
    # The cook lives across the border: the regional batch does not know them.
    assert pseudonym(people["Kok"]) not in [p["label"] for p in regional.proposals]

    batch = selectors.national_batch(worker)
    assert batch.region is None and batch.clients == 2 and batch.placed == 2
    assert [(p["label"], p["placement"]) for p in batch.proposals] == [(pseudonym(people["Kok"]), kitchen)]
    assert {region.pk: count for region, count in batch.by_region} == {home.pk: 1, other.pk: 1}
    assert_audited(actor_id=worker.pk, object_type="national_batch", client_id=people["Kok"].pk)

    client.force_login(worker)
    page = client.get(reverse("placements:national_batch")).content.decode()
    assert "Landelijk voorstel" in page and "Gelijke kansen" in page and "Overkant" in page
    assert pseudonym(people["Kok"]) in page and pseudonym(people["Schoonmaker"]) not in page
    assert "Schoonmaak" not in page and "Haddad" not in page and "Tesfay" not in page
    key = services.batch_key(batch.proposals[0])
    forged = f"{pseudonym(people['Schoonmaker'])}:{cleaning.pk}"
    response = client.post(reverse("placements:national_batch"), {"proposal": [key, forged]})
    assert response.status_code == 302
    assert list(Referral.objects.values_list("client_id", "placement_id")) == [(people["Kok"].pk, kitchen.pk)]


def test_a_service_point_whose_region_did_not_opt_in_has_no_national_batch(client, border):
    home, _other, _kitchen, _cleaning, _people = border
    home.national_market = False
    home.save()
    worker = service_point_worker(home)
    client.force_login(worker)
    assert client.get(reverse("placements:national_batch")).status_code == 403
    assert (
        reverse("placements:national_batch")
        not in client.get(reverse("placements:service_point")).content.decode()
    )


def test_regions_that_did_not_opt_in_stay_out_of_the_national_market(border):
    home, other, kitchen, cleaning, people = border
    other.national_market = False
    other.save()
    # The home region's job asks for the home region's cleaner, so a proposal is certain: a cleaner for
    # a cook's job scored below the bar on some factory-made occupations.
    kitchen.occupation = cleaning.occupation
    kitchen.save()
    batch = selectors.national_batch(service_point_worker(home))
    assert [region.pk for region in batch.regions] == [home.pk]
    # The cook's region shares no clients: only the home region's own client can be proposed.
    assert batch.clients == 1
    assert [p["label"] for p in batch.proposals] == [pseudonym(people["Schoonmaker"])]


def test_only_the_service_point_opens_the_national_batch(caseworker_client, border):
    assert caseworker_client.get(reverse("placements:national_batch")).status_code == 403


@pytest.fixture
def far_kitchen(border, municipality):
    """A region far beyond any travel time that opted in, with a job for a cook, and a cook of the home
    region with nothing of their own kind within reach at home."""
    _home, _other, kitchen, _cleaning, _people = border
    kitchen.delete()
    north = RegionFactory(name="Noorderland", national_market=True)
    town = MunicipalityFactory(region=north, name="Noorderstad", latitude=53.22, longitude=6.57)
    area = PostcodeAreaFactory(municipality=town, latitude=53.22, longitude=6.57)
    cook = OccupationFactory(preferred_label="kok in de zorg")
    placement = PlacementFactory(
        employer=EmployerFactory(region=north), occupation=cook, postcode=area, title="Kok Noord"
    )
    here = PostcodeAreaFactory(municipality=municipality, latitude=51.84, longitude=5.85)
    person = ClientFactory(municipality=here.municipality, postcode=f"{here.pc4} AB", last_name="Verhuizer")
    intake = IntakeFactory(
        client=person, dutch_listening="B1", dutch_reading="B1", dutch_speaking="B1", dutch_writing="B1"
    )
    WorkExperience.objects.create(intake=intake, occupation=cook, years=6)
    intake.wished_occupations.add(cook)
    return north, placement, person, intake


def _proposed(worker, person):
    return [
        (p["label"], p["placement"].title)
        for p in selectors.national_batch(worker).proposals
        if p["label"] == pseudonym(person)
    ]


def test_a_client_willing_to_move_is_proposed_for_work_beyond_their_travel_time(far_kitchen):
    north, _placement, person, intake = far_kitchen
    worker = service_point_worker(north)
    # Nijmegen to Groningen is far beyond any travel time: without a stated wish to move, no proposal.
    assert _proposed(worker, person) == []

    intake.willing_to_move = True
    intake.save()

    assert _proposed(worker, person) == [(pseudonym(person), "Kok Noord")]
