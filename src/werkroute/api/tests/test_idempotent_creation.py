"""Every creating operation of the document (a POST answering 201) takes an ``Idempotency-Key``: the
same request again creates nothing and answers with what the first made; the key with another request
is refused with a problem that says so. Generated from the schema, like the permission matrix."""

from __future__ import annotations

import json

import pytest

from werkroute.api.models import Subscription
from werkroute.api.tests.factories import system_for
from werkroute.api.tests.test_permission_matrix import BODIES, OPERATIONS, _path, _world
from werkroute.api.urls import api
from werkroute.cases.models import Activity, Client, Consent, ConsentScope, LabourEpisode, PlanVersion
from werkroute.placements.models import Referral
from werkroute.placements.tests.factories import PlacementFactory
from werkroute.regions.models import OrganisationKind
from werkroute.regions.tests.factories import PostcodeAreaFactory

pytestmark = pytest.mark.django_db

CREATED = {
    "registerClient": Client,
    "createPlanVersion": PlanVersion,
    "planActivity": Activity,
    "recordLabourEpisode": LabourEpisode,
    "giveConsent": Consent,
    "proposeReferral": Referral,
    "subscribe": Subscription,
}
SCHEMA = api.get_openapi_schema()
CREATING = [
    (path, operation_id)
    for method, path, operation_id, _scope in OPERATIONS
    if method == "POST" and "201" in map(str, SCHEMA["paths"][path]["post"]["responses"])
]


def test_every_creating_operation_is_known_here():
    assert {operation_id for _path, operation_id in CREATING} == set(CREATED)


def test_every_creating_operation_creates_once_per_key():  # type: ignore[no-untyped-def]
    assert CREATING
    world = _world()
    organisation = world.organisations[OrganisationKind.MUNICIPALITY]
    system = system_for(organisation)
    wrong = []
    for path, operation_id in CREATING:
        body = BODIES[operation_id](world)
        if operation_id == "registerClient":
            body["caseworker"] = _caseworker(organisation)
        if operation_id == "giveConsent":  # the world's client has given the matrix's consent already
            body["scope"] = ConsentScope.TRANSFER_TO_NEW_MUNICIPALITY
        if operation_id == "proposeReferral":  # the world's client is proposed for its placement already
            body["placement"] = PlacementFactory(
                employer=world.organisations[OrganisationKind.EMPLOYER],
                postcode=PostcodeAreaFactory(municipality=world.municipality),
            ).pk
        url = _path(path, world, True)
        key = {"Idempotency-Key": f"sleutel-{operation_id}"}
        model = CREATED[operation_id]
        first = system.post(url, body, **key)
        count = model.objects.count()
        again = system.post(url, body, **key)
        other = system.post(url, body | {"onbekendVeld": 1}, **key)
        if first.status_code != 201 or again.status_code != 201:
            wrong.append((operation_id, first.status_code, again.status_code, first.content[:200]))
            continue
        # A plan version is named by its number within the file, everything else by its id.
        name = "number" if operation_id == "createPlanVersion" else "id"
        if first.json()[name] != again.json()[name] or model.objects.count() != count:
            wrong.append((operation_id, "created twice"))
        problem = json.loads(other.content)
        if other.status_code != 422 or other["Content-Type"] != "application/problem+json":
            wrong.append((operation_id, "other request", other.status_code))
        elif (
            problem["type"] != "urn:werkroute:problem:idempotency-key-reused"
            or model.objects.count() != count
        ):
            wrong.append((operation_id, "other request", problem))
    assert not wrong, wrong


def _caseworker(organisation):  # type: ignore[no-untyped-def]
    from werkroute.accounts.tests.factories import caseworker_of

    return caseworker_of(organisation.municipality).pk
