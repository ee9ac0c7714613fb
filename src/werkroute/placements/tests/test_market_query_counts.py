"""The market pages read with a bounded number of queries, however many placements, clients and referrals
the region has (the placement page once took two seconds on an idle server)."""

import time

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from werkroute.cases.models import ConsentScope, WorkExperience
from werkroute.cases.tests.factories import ClientFactory, ConsentFactory, IntakeFactory
from werkroute.placements import services
from werkroute.placements.tests.factories import (
    EmployerFactory,
    PlacementFactory,
    employer_user,
    service_point_worker,
)
from werkroute.regions.tests.factories import PostcodeAreaFactory
from werkroute.taxonomy.tests.factories import OccupationFactory, OccupationSkillFactory

pytestmark = pytest.mark.django_db


def _market(municipality, caseworker, size):
    area = PostcodeAreaFactory(municipality=municipality, latitude=51.84, longitude=5.85)
    employer = EmployerFactory(region=municipality.region)
    occupations = [OccupationFactory() for _ in range(3)]
    for occupation in occupations:
        OccupationSkillFactory.create_batch(2, occupation=occupation)
    placements = [
        PlacementFactory(employer=employer, occupation=occupations[n % 3], postcode=area, capacity=3)
        for n in range(size)
    ]
    clients = []
    for n in range(size):
        person = ClientFactory(municipality=municipality, postcode=f"{area.pc4} AB")
        WorkExperience.objects.create(
            intake=IntakeFactory(client=person), occupation=occupations[n % 3], years=2
        )
        ConsentFactory(client=person, scope=ConsentScope.SHARE_PROFILE_WITH_EMPLOYERS)
        clients.append(person)
    for person in clients:
        referral = services.propose_referral(caseworker, person, placements[0])
        services.record_client_consent(caseworker, referral)
        services.send_to_employer(caseworker, referral)
    return employer, placements, clients


def _queries(client, url):
    """Queries of one page view, without the audit entries it writes: those are one per person shown,
    by design (each candidate or profile seen is logged), and written after the view."""
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        response = client.get(url)
        elapsed = time.perf_counter() - started
    assert response.status_code == 200, url
    reads = [query for query in captured if 'INSERT INTO "audit_auditevent"' not in query["sql"]]
    return len(reads), elapsed


def _logged_in(user):
    browser = Client()
    browser.force_login(user)
    return browser


@pytest.fixture
def pages(caseworker, municipality):
    def measure(size):
        employer, placements, clients = _market(municipality, caseworker, size)
        municipality.region.national_market = True
        municipality.region.save()
        caseworker_client = _logged_in(caseworker)
        point = _logged_in(service_point_worker(municipality.region))
        boss = _logged_in(employer_user(employer))
        counts = {}
        for name, who, url in [
            ("list", caseworker_client, reverse("placements:list")),
            (
                "detail",
                caseworker_client,
                reverse("placements:detail", kwargs={"placement_id": placements[0].pk}),
            ),
            ("client", caseworker_client, reverse("placements:client", kwargs={"client_id": clients[0].pk})),
            ("employer list", boss, reverse("placements:list")),
            ("referrals", boss, reverse("placements:referrals", kwargs={"placement_id": placements[0].pk})),
            ("batch", point, reverse("placements:batch")),
            ("national batch", point, reverse("placements:national_batch")),
            ("service point start", point, reverse("placements:service_point")),
            ("employer start", boss, reverse("placements:employer")),
        ]:
            counts[name] = _queries(who, url)
        return counts

    return measure


# What each page may spend at most, whatever the size of the market: what it spends today (the same on
# SQLite and PostgreSQL; the national batch and the two start pages were counted on SQLite) and two more.
MAX_QUERIES = {
    "list": 12,
    "detail": 19,
    "client": 33,
    "employer list": 13,
    "referrals": 24,
    "batch": 28,
    "national batch": 30,
    "service point start": 13,
    "employer start": 12,
}


def test_the_market_pages_read_with_a_bounded_number_of_queries(pages):
    small = pages(3)
    large = pages(12)
    for name, (count, _elapsed) in large.items():
        assert count <= MAX_QUERIES[name], (name, count)
        assert count <= small[name][0] + 2, (name, small[name][0], count)  # does not grow with the market
