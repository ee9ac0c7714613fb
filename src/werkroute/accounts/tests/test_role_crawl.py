"""Every link shown to a role is usable by that role.

The permission matrix proves that a page refuses the wrong person; this proves the other half: logged in
as each role over a small demo-like region (built with factories), starting from the start page, every
same-site link in the rendered HTML is followed breadth-first up to a bound, and none answers 403, 404 or
a server error. A link to something a role may not use must not be shown to it.
"""

from __future__ import annotations

import datetime as dt
from collections import deque
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

import pytest
from django.contrib.auth.models import Permission
from django.urls import Resolver404, resolve

from werkroute.accounts.models import Role
from werkroute.accounts.tests.factories import MembershipFactory, UserFactory
from werkroute.cases.models import ConsentScope, WorkExperience
from werkroute.cases.tests.factories import (
    ActivityFactory,
    ClientAccountFactory,
    ClientFactory,
    ConsentFactory,
    IntakeFactory,
    LabourEpisodeFactory,
    NoteFactory,
    PlanVersionFactory,
)
from werkroute.placements.models import Referral, ReferralStatus
from werkroute.placements.tests.factories import EmployerFactory, PlacementFactory
from werkroute.regions.models import OrganisationKind
from werkroute.regions.tests.factories import MunicipalityFactory, OrganisationFactory, PostcodeAreaFactory
from werkroute.taxonomy.tests.factories import OccupationFactory

pytestmark = pytest.mark.django_db

# Bounds of the walk: enough to reach every kind of page a role is shown, not every client of the region.
MAX_PAGES_PER_ROLE = 80
MAX_URLS_PER_PAGE_NAME = 3
# Who is crawled: every role (the client through their own account in the portal), and the privacy
# officer (a permission given to a policy analyst).
CRAWLED = [*Role, "privacy_officer"]


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def same_site_links(html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    links = []
    for href in parser.hrefs:
        href, _fragment = urldefrag(href)
        parts = urlsplit(href)
        if not href or parts.scheme not in ("", "http", "https") or (parts.netloc not in ("", "testserver")):
            continue
        path = parts.path
        if not path.startswith("/") or path.startswith("/static/"):
            continue
        links.append(path + (f"?{parts.query}" if parts.query else ""))
    return links


@dataclass
class Visit:
    url: str
    status: int
    shown_on: str


def crawl(client, start: str = "/") -> tuple[list[Visit], list[Visit]]:  # type: ignore[no-untyped-def]
    """Breadth-first over the links shown; returns every visit and the ones that failed."""
    queue: deque[tuple[str, str]] = deque([(start, "(start)")])
    seen: set[str] = {start}
    per_name: dict[str, int] = {}
    visits: list[Visit] = []
    while queue and len(visits) < MAX_PAGES_PER_ROLE:
        url, shown_on = queue.popleft()
        response = client.get(url, follow=True)
        visits.append(Visit(url, response.status_code, shown_on))
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        for link in same_site_links(response.content.decode()):
            if link in seen:
                continue
            seen.add(link)
            try:
                name = resolve(urlsplit(link).path).view_name
            except Resolver404:
                name = link  # a link to nowhere: followed, and it will fail
            if per_name.get(name, 0) >= MAX_URLS_PER_PAGE_NAME:
                continue
            per_name[name] = per_name.get(name, 0) + 1
            queue.append((link, url))
    failed = [visit for visit in visits if visit.status != 200]
    return visits, failed


@pytest.fixture
def region_world(municipality):
    """A small region as the demo has it: two municipalities, a partner, the service point, an employer
    with placements, clients with a file in every part, consents, referrals; an account for each role.
    The region takes part in the national market, so the service point is shown the national batch."""
    region = municipality.region
    region.national_market = True
    region.save()
    neighbour = MunicipalityFactory(region=region)
    town = OrganisationFactory(kind=OrganisationKind.MUNICIPALITY, municipality=municipality, region=region)
    partner = OrganisationFactory(kind=OrganisationKind.PARTNER, region=region, name="VluchtelingenWerk")
    point = OrganisationFactory(kind=OrganisationKind.EMPLOYER_SERVICE_POINT, region=region)
    employer = EmployerFactory(region=region, name="Hotel De Ooij")
    organisations = {
        Role.CASEWORKER: town,
        Role.TEAM_LEAD: town,
        Role.PARTNER_WORKER: partner,
        Role.EMPLOYER_SERVICE: point,
        Role.EMPLOYER: employer,
        Role.POLICY_ANALYST: town,
        Role.ADMINISTRATOR: town,
    }
    users = {}
    for role, organisation in organisations.items():
        users[role] = UserFactory(username=f"crawl-{role}")
        MembershipFactory(user=users[role], organisation=organisation, role=role)
    officer = UserFactory(username="crawl-privacy")
    MembershipFactory(user=officer, organisation=town, role=Role.POLICY_ANALYST)
    officer.user_permissions.add(Permission.objects.get(codename="inspect_access"))
    users["privacy_officer"] = officer

    area = PostcodeAreaFactory(municipality=municipality, latitude=51.84, longitude=5.85)
    cook = OccupationFactory(preferred_label="kok")
    placements = [
        PlacementFactory(employer=employer, occupation=cook, postcode=area, title=f"Kok {number}", capacity=2)
        for number in range(2)
    ]
    clients = []
    for number in range(4):
        person = ClientFactory(
            municipality=municipality if number < 3 else neighbour,
            caseworker=users[Role.CASEWORKER] if number < 3 else None,
            postcode=f"{area.pc4} AB",
        )
        intake = IntakeFactory(client=person)
        WorkExperience.objects.create(intake=intake, occupation=cook, years=2)
        PlanVersionFactory(client=person, number=1)
        ActivityFactory(client=person)
        LabourEpisodeFactory(client=person)
        NoteFactory(client=person)
        clients.append(person)
    today = dt.date.today()
    ConsentFactory(
        client=clients[0], scope=ConsentScope.SHARE_FILE_WITH_PARTNER, organisation=partner, given_on=today
    )
    consent = ConsentFactory(client=clients[0], given_on=today)
    ConsentFactory(client=clients[1], given_on=today)
    Referral.objects.create(
        client=clients[0],
        placement=placements[0],
        status=ReferralStatus.SENT,
        consent=consent,
        proposed_on=today,
        sent_on=today,
        score=0.7,
    )
    Referral.objects.create(
        client=clients[1],
        placement=placements[1],
        status=ReferralStatus.PROPOSED,
        proposed_on=today,
        score=0.6,
    )
    # The client's own account opens the portal on the file of a client with a proposal waiting.
    users[Role.CLIENT] = UserFactory(username="crawl-client")
    ClientAccountFactory(user=users[Role.CLIENT], client=clients[1])
    from werkroute.monitoring import services as monitoring

    monitoring.refresh()
    return users


@pytest.mark.parametrize("role", CRAWLED)
def test_every_link_shown_to_a_role_is_usable_by_it(client, region_world, role):
    client.force_login(region_world[role])
    visits, failed = crawl(client)
    assert visits[0].status == 200, f"{role}: the start page answers {visits[0].status}"
    assert len(visits) >= 3, f"{role}: a start page with almost nothing to follow proves little: {visits}"
    assert not failed, f"{role} is shown links it cannot use: " + "; ".join(
        f"{visit.url} ({visit.status}, shown on {visit.shown_on})" for visit in failed
    )


def test_the_crawl_reaches_the_national_batch_of_a_region_that_takes_part(client, region_world):
    client.force_login(region_world[Role.EMPLOYER_SERVICE])
    visits, failed = crawl(client)
    assert "/plaatsen/landelijk/" in [visit.url for visit in visits] and not failed


def test_the_crawl_reports_a_refused_page(client, region_world):
    """The walk itself must be able to fail: the regional batch is the service point's, so a caseworker
    who reaches it is reported."""
    client.force_login(region_world[Role.CASEWORKER])
    _visits, failed = crawl(client, start="/plaatsen/regio/")
    assert [(visit.url, visit.status) for visit in failed] == [("/plaatsen/regio/", 403)]


def test_links_are_read_as_the_browser_would():
    html = (
        '<a href="/klanten/?q=a#top">x</a><a href="https://elders.example/">y</a><a href="#main">z</a>'
        '<a href="/static/werkroute/werkroute.css">c</a><a href="mailto:a@b.nl">m</a><a>geen</a>'
    )
    assert same_site_links(html) == ["/klanten/?q=a"]
