"""Every API operation × every kind of organisation × an object inside and outside its scope.

The operations come from the OpenAPI document itself, so a new operation is covered without anyone
remembering to add it: one without a request below fails ``test_every_operation_has_a_request``. What
each kind of organisation may do is written here as the expectation, independently of the policies.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

import pytest

from werkroute.api import scopes as api_scopes
from werkroute.api import services
from werkroute.api.tests.factories import System, system_for
from werkroute.api.urls import api
from werkroute.cases.models import ActivityStatus, ConsentScope
from werkroute.cases.tests.factories import (
    ActivityFactory,
    ClientFactory,
    ConsentFactory,
    IntakeFactory,
    LabourEpisodeFactory,
)
from werkroute.followup.tests.factories import SignalFactory
from werkroute.knowledge.tests.factories import InterventionFactory
from werkroute.monitoring import services as monitoring
from werkroute.placements.models import ReferralStatus
from werkroute.placements.tests.factories import EmployerFactory, PlacementFactory, ReferralFactory
from werkroute.regions.models import OrganisationKind
from werkroute.regions.tests.factories import MunicipalityFactory, OrganisationFactory, PostcodeAreaFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()

OPERATIONS = [
    (method.upper(), path, operation["operationId"], operation["security"][0]["oauth2"][0])
    for path, item in api.get_openapi_schema()["paths"].items()
    for method, operation in item.items()
]

# A valid body for every writing operation, so that the answer shows the decision about scope rather
# than about the input.
BODIES: dict[str, Any] = {
    "registerClient": lambda world: {
        "firstName": "Test",
        "lastName": "Persoon",
        "dateOfBirth": "1990-01-01",
        "municipality": world.municipality.code,
        "registrationDate": "2024-01-01",
        "permitDate": "2023-12-01",
        "caseworker": 0,
        "gender": "female",
    },
    "changeClient": lambda world: {"version": 1, "phone": "0612345678"},
    "createPlanVersion": lambda world: {
        "planDate": TODAY.isoformat(),
        "learningRoute": "B1",
        "goals": [{"description": "Taal"}],
    },
    "planActivity": lambda world: {"activityType": "language_course", "startDate": TODAY.isoformat()},
    "recordLabourEpisode": lambda world: {"kind": "education", "startDate": TODAY.isoformat()},
    "giveConsent": lambda world: {
        "scope": ConsentScope.SHARE_PROFILE_WITH_EMPLOYERS,
        "givenOn": TODAY.isoformat(),
        "method": "paper",
    },
    "proposeReferral": lambda world: {"placement": world.placement_inside},
    "recordReferralConsent": lambda world: {},
    "sendReferral": lambda world: {},
    "declineReferral": lambda world: {"declineReason": "skills"},
}
BODIES["subscribe"] = lambda world: {"channel": "consents", "callbackUrl": "https://example.org/werkroute"}
for _operation in ("startActivity", "completeActivity", "stopActivity", "cancelActivity"):
    BODIES[_operation] = lambda world: {"version": 1, "on": TODAY.isoformat(), "reason": "ziek"}
BODIES["endLabourEpisode"] = lambda world: {"endDate": TODAY.isoformat()}
BODIES["withdrawConsent"] = lambda world: {"withdrawnOn": TODAY.isoformat(), "method": "paper"}
BODIES["declineCandidate"] = lambda world: {"declineReason": "skills"}
BODIES["snoozeSignal"] = lambda world: {
    "until": (TODAY + dt.timedelta(days=7)).isoformat(),
    "note": "Klant is op vakantie",
}
BODIES["dismissSignal"] = lambda world: {"note": "Niet van toepassing"}
NO_BODY = {
    "recordReferralInterview",
    "acceptReferral",
    "withdrawReferral",
    "unsubscribe",
    "recordCandidateInterview",
    "acceptCandidate",
}

KINDS = [
    OrganisationKind.MUNICIPALITY,
    OrganisationKind.PARTNER,
    OrganisationKind.PROVIDER,
    OrganisationKind.EMPLOYER_SERVICE_POINT,
    OrganisationKind.EMPLOYER,
    OrganisationKind.STATISTICS_OFFICE,
]
SHARED_FILE_KINDS = {OrganisationKind.PARTNER, OrganisationKind.PROVIDER}
# Parts of a file a partner does not get (as on the pages): consents and referrals.
PARTNER_HIDDEN = re.compile(r"/(consents|referrals)")
PLACEMENT_KINDS = {
    OrganisationKind.MUNICIPALITY,
    OrganisationKind.EMPLOYER_SERVICE_POINT,
    OrganisationKind.EMPLOYER,
}
# Who manages a placement and so sees the candidates sent to it (as on the employer's page).
EMPLOYER_SIDE_KINDS = {OrganisationKind.EMPLOYER_SERVICE_POINT, OrganisationKind.EMPLOYER}
# The catalogue of interventions is for every staff role but the employer's.
KNOWLEDGE_KINDS = set(OrganisationKind) - {OrganisationKind.EMPLOYER, OrganisationKind.STATISTICS_OFFICE}
# The statistics office reads the monitoring figures of every municipality (aggregates, suppressed as in
# the exports) and nothing else: its system holds no other scope, so everything else answers 403.
NATIONAL_KINDS = {OrganisationKind.STATISTICS_OFFICE}
REFUSED = {401, 403, 404}


@dataclass
class World:
    municipality: Any
    organisations: dict[str, Any]
    inside: Any
    outside: Any
    referral_inside: Any
    referral_outside: Any
    placement_inside: int
    placement_outside: int
    activities: tuple[int, int]
    episodes: tuple[int, int]
    consents: tuple[int, int]
    signals: tuple[int, int]
    intervention: int
    # The calling system's own subscription, and one of another system.
    subscription_inside: int = 0
    subscription_outside: int = 0


def _world() -> World:
    municipality = MunicipalityFactory()
    region = municipality.region
    employer = EmployerFactory(region=region)
    organisations = {
        OrganisationKind.MUNICIPALITY: OrganisationFactory(
            kind=OrganisationKind.MUNICIPALITY, municipality=municipality, region=region
        ),
        OrganisationKind.PARTNER: OrganisationFactory(kind=OrganisationKind.PARTNER, region=region),
        OrganisationKind.PROVIDER: OrganisationFactory(kind=OrganisationKind.PROVIDER, region=region),
        OrganisationKind.EMPLOYER_SERVICE_POINT: OrganisationFactory(
            kind=OrganisationKind.EMPLOYER_SERVICE_POINT, region=region
        ),
        OrganisationKind.EMPLOYER: employer,
        OrganisationKind.STATISTICS_OFFICE: OrganisationFactory(
            kind=OrganisationKind.STATISTICS_OFFICE, region=region
        ),
    }
    # Names no generated text can contain, so that finding one in an answer means the file leaked
    # (a random last name once turned up inside the other client's first name).
    inside = ClientFactory(municipality=municipality, first_name="Binnenrita", last_name="Binnenscope")
    outside = ClientFactory(first_name="Buitenrita", last_name="Buitenscope")  # another region
    for kind in SHARED_FILE_KINDS:
        ConsentFactory(
            client=inside,
            scope=ConsentScope.SHARE_FILE_WITH_PARTNER,
            organisation=organisations[kind],
            given_on=TODAY - dt.timedelta(days=10),
        )
    for person in (inside, outside):
        IntakeFactory(client=person)
    area = PostcodeAreaFactory(municipality=municipality)
    placement_inside = PlacementFactory(employer=employer, postcode=area)
    placement_outside = PlacementFactory()
    # Sent with the client's consent, so that the employer's side sees it inside its scope.
    for person in (inside, outside):
        ConsentFactory(client=person, given_on=TODAY - dt.timedelta(days=10))
    sent = {"status": ReferralStatus.SENT, "sent_on": TODAY}

    def pair(make: Any) -> tuple[int, int]:
        return make(inside).pk, make(outside).pk

    intervention = InterventionFactory()
    return World(
        municipality=municipality,
        organisations=organisations,
        inside=inside,
        outside=outside,
        referral_inside=ReferralFactory(client=inside, placement=placement_inside, **sent),
        referral_outside=ReferralFactory(client=outside, placement=placement_outside, **sent),
        placement_inside=placement_inside.pk,
        placement_outside=placement_outside.pk,
        activities=pair(
            lambda person: ActivityFactory(
                client=person, status=ActivityStatus.PLANNED, start_date=TODAY - dt.timedelta(days=5)
            )
        ),
        episodes=pair(
            lambda person: LabourEpisodeFactory(
                client=person, start_date=TODAY - dt.timedelta(days=30), end_date=None
            )
        ),
        # A consent of its own for the withdrawal, so that withdrawing it ends no other access.
        consents=pair(
            lambda person: ConsentFactory(
                client=person, scope=ConsentScope.KNOWLEDGE_BASE, given_on=TODAY - dt.timedelta(days=3)
            )
        ),
        signals=pair(lambda person: SignalFactory(client=person)),
        intervention=intervention.pk,
    )


def _path(path: str, world: World, inside: bool) -> str:
    values = {
        "client_id": world.inside.pk if inside else world.outside.pk,
        "referral_id": (world.referral_inside if inside else world.referral_outside).pk,
        "placement_id": world.placement_inside if inside else world.placement_outside,
        "municipality_code": world.municipality.code if inside else world.outside.municipality.code,
        "subscription_id": world.subscription_inside if inside else world.subscription_outside,
        "activity_id": world.activities[0 if inside else 1],
        "episode_id": world.episodes[0 if inside else 1],
        "consent_id": world.consents[0 if inside else 1],
        "signal_id": world.signals[0 if inside else 1],
        # The catalogue is shared by all: nothing lies outside it but what does not exist.
        "intervention_id": world.intervention if inside else world.intervention + 10_000,
    }
    return re.sub(r"{(\w+)}", lambda match: str(values[match.group(1)]), path)


def _allowed(kind: str, path: str, method: str) -> bool:
    """Whether ``kind`` may use the operation on an object inside its scope. Lists answer everyone, with
    only what the kind may see (checked below)."""
    if kind in NATIONAL_KINDS:
        return path.startswith("/municipalities")
    if path.startswith("/interventions"):
        return kind in KNOWLEDGE_KINDS
    if method == "GET" and "{" not in path:
        return True
    if path.startswith("/subscriptions"):
        return True  # every system manages its own subscriptions, and only those
    if "/candidates" in path:
        return kind in EMPLOYER_SIDE_KINDS
    if path.startswith("/placements"):
        return kind in PLACEMENT_KINDS
    if path.startswith("/municipalities"):
        return kind == OrganisationKind.MUNICIPALITY
    if kind == OrganisationKind.MUNICIPALITY:
        return True
    if kind in SHARED_FILE_KINDS:
        return method == "GET" and not PARTNER_HIDDEN.search(path)
    return False


def _call(system: System, method: str, path: str, operation_id: str, world: World) -> Any:
    http = system.http()
    url = f"/api/v1{path}"
    if method == "GET":
        return http.get(url)
    body = {} if operation_id in NO_BODY else BODIES[operation_id](world)
    return getattr(http, method.lower())(url, body, content_type="application/json")


def _subscriptions(world: World, system: System) -> None:
    other = system_for(world.organisations[OrganisationKind.MUNICIPALITY], ["notifications:write"])
    for api_client, field in (
        (system.api_client, "subscription_inside"),
        (other.api_client, "subscription_outside"),
    ):
        subscription, _secret = services.subscribe(
            api_client, channel="plans", callback_url="https://example.org/"
        )
        setattr(world, field, subscription.pk)


def test_every_operation_has_a_request():
    writing = {operation_id for method, _path, operation_id, _scope in OPERATIONS if method != "GET"}
    assert writing <= set(BODIES) | NO_BODY, (
        f"Give these operations a request body: {writing - set(BODIES) - NO_BODY}"
    )


@pytest.mark.parametrize("kind", KINDS)
def test_kind_of_organisation_inside_and_outside_scope(kind):  # type: ignore[no-untyped-def]
    world = _world()
    monitoring.refresh()
    system = system_for(world.organisations[kind], sorted(api_scopes.allowed_for(kind)))
    _subscriptions(world, system)
    wrong = []
    for method, path, operation_id, _scope in OPERATIONS:
        # An operation without an object in its path (a list, a registration) has no "outside".
        for inside in (True, False) if "{" in path else (True,):
            response = _call(system, method, _path(path, world, inside), operation_id, world)
            allowed = _allowed(kind, path, method) and (inside or kind in NATIONAL_KINDS)
            if response.status_code >= 500 or (response.status_code in REFUSED) == allowed:
                wrong.append((operation_id, "inside" if inside else "outside", response.status_code))
            # The catalogue is refused by role (403), not by object: there is no object to hide.
            elif (
                not allowed
                and "{" in path
                and response.status_code != 404
                and not (path.startswith("/interventions") and response.status_code == 403)
                and not (kind in NATIONAL_KINDS and response.status_code == 403)
            ):
                wrong.append((operation_id, "not 404", inside, response.status_code))
            if world.outside.last_name in response.content.decode() or (
                response.status_code < 300 and str(world.outside.pk) in response.content.decode()
            ):
                wrong.append((operation_id, "shows the outside client", response.status_code))
        if kind in NATIONAL_KINDS:
            continue  # its lists were refused above, by scope: no rows to compare
        if path == "/clients" and method == "GET":
            listed = {row["id"] for row in system.get("/clients").json()["results"]}
            expected = (
                {str(world.inside.pk)}
                if kind == OrganisationKind.MUNICIPALITY or kind in SHARED_FILE_KINDS
                else set()
            )
            assert listed == expected
        if path == "/placements" and method == "GET":
            listed = {row["id"] for row in system.get("/placements").json()["results"]}
            assert listed == ({world.placement_inside} if kind in PLACEMENT_KINDS else set())
        if path == "/signals" and method == "GET":
            listed = {row["id"] for row in system.get("/signals").json()["results"]}
            assert listed == ({world.signals[0]} if kind == OrganisationKind.MUNICIPALITY else set())
        if path == "/placements/{placement_id}/candidates" and method == "GET":
            answer = system.get(f"/placements/{world.placement_inside}/candidates")
            if kind in EMPLOYER_SIDE_KINDS:
                candidates = answer.json()["results"]
                assert [row["id"] for row in candidates] == [world.referral_inside.pk]
                # A pseudonym, never the id or the name of the file.
                assert str(world.inside.pk) not in answer.content.decode()
                assert world.inside.last_name not in answer.content.decode()
    assert not wrong, wrong


def test_every_operation_refuses_a_system_without_its_scope():  # type: ignore[no-untyped-def]
    world = _world()
    _subscriptions(world, system_for(world.organisations[OrganisationKind.MUNICIPALITY]))
    for method, path, operation_id, scope in OPERATIONS:
        others = [name for name in ("clients:read", "monitoring:read") if name != scope]
        system = system_for(world.organisations[OrganisationKind.MUNICIPALITY], others[:1])
        response = _call(system, method, _path(path, world, True), operation_id, world)
        assert response.status_code == 403, (operation_id, response.status_code)


@pytest.mark.parametrize("kind", sorted(SHARED_FILE_KINDS))
def test_a_partners_consent_ends_when_the_file_moves_to_another_municipality(kind):  # type: ignore[no-untyped-def]
    """The consent to share the file was given to the sending municipality: once a warm handover is
    accepted by another municipality of the region, no operation opens the file to the partner's system,
    and its list of clients leaves the client out. Checked at the moment of each call."""
    from werkroute.accounts.tests.factories import caseworker_of
    from werkroute.cases import handovers

    world = _world()
    system = system_for(world.organisations[kind])
    reads = [
        path
        for method, path, _operation_id, _scope in OPERATIONS
        if method == "GET" and "{client_id}" in path and _allowed(kind, path, method)
    ]
    assert reads
    for path in reads:
        assert system.get(_path(path, world, True)).status_code == 200, path
    receiving = MunicipalityFactory(region=world.municipality.region)
    handover = handovers.send_handover(
        caseworker_of(world.municipality),
        world.inside,
        {
            "to_municipality": receiving,
            "moved_on": TODAY,
            "ground": "legal_basis",
            "legal_basis": "wet_inburgering_2021",
            "note": "Verhuist binnen de regio.",
        },
    )
    handovers.accept_handover(caseworker_of(receiving), handover)
    wrong = []
    for path in reads:
        answer = system.get(_path(path, world, True))
        if answer.status_code != 404 or world.inside.last_name in answer.content.decode():
            wrong.append((path, answer.status_code))
    assert not wrong, wrong
    listed = {row["id"] for row in system.get("/clients").json()["results"]}
    assert str(world.inside.pk) not in listed


# The parameters that name an object under a client or a placement (the one in front of them is in scope).
NESTED = re.compile(r"{(activity|episode|consent|signal|referral)_id}")


def test_an_object_of_another_file_is_not_found_under_an_own_path():  # type: ignore[no-untyped-def]
    """An attacker with its own client (or placement) in the path and the id of another municipality's
    activity, consent, referral or signal behind it: every operation answers 404 and changes nothing."""
    world = _world()
    kinds = {OrganisationKind.MUNICIPALITY: "/clients/", OrganisationKind.EMPLOYER: "/placements/"}
    before = system_for(world.organisations[OrganisationKind.MUNICIPALITY]).get("/signals").json()
    wrong = []
    for kind, prefix in kinds.items():
        system = system_for(world.organisations[kind])
        for method, path, operation_id, _scope in OPERATIONS:
            if not path.startswith(prefix) or not NESTED.search(path):
                continue
            own = _path(path, world, True)
            mixed = NESTED.sub(lambda match: str(_path(match.group(0), world, False)), path)
            mixed = _path(mixed, world, True)
            assert mixed != own, operation_id
            response = _call(system, method, mixed, operation_id, world)
            if response.status_code != 404 or world.outside.last_name in response.content.decode():
                wrong.append((kind, operation_id, response.status_code))
    assert not wrong, wrong
    world.referral_outside.refresh_from_db()
    assert world.referral_outside.status == ReferralStatus.SENT
    from werkroute.cases.models import Activity, Consent

    assert Activity.objects.get(pk=world.activities[1]).status == ActivityStatus.PLANNED
    assert Consent.objects.get(pk=world.consents[1]).withdrawn_on is None
    assert before["results"], "the municipality lists its own signal"


def test_a_neighbouring_municipality_of_the_same_region_gets_404_for_every_operation_on_a_client():  # type: ignore[no-untyped-def]
    """The attacker is a municipality of the same region (it shares placements and a labour market
    region, not the files): every operation on a client of the other answers 404."""
    world = _world()
    neighbour = MunicipalityFactory(region=world.municipality.region)
    system = system_for(
        OrganisationFactory(
            kind=OrganisationKind.MUNICIPALITY, municipality=neighbour, region=neighbour.region
        )
    )
    wrong = []
    for method, path, operation_id, _scope in OPERATIONS:
        if "{client_id}" not in path:
            continue
        response = _call(system, method, _path(path, world, True), operation_id, world)
        if response.status_code != 404 or world.inside.last_name in response.content.decode():
            wrong.append((operation_id, response.status_code))
    assert not wrong, wrong
    assert system.get("/clients").json()["results"] == []
    assert system.get("/signals").json()["results"] == []
