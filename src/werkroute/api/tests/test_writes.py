"""Writes through the API call the same forms and services as the pages: the same rules, the same
Dutch messages (per field, in lowerCamelCase), and a retried creation with its key creates nothing twice."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from werkroute.api.models import IdempotentRequest
from werkroute.api.tests.factories import System, system_for
from werkroute.cases.models import Client, ConsentScope, PlanVersion
from werkroute.cases.tests.factories import ClientFactory, IntakeFactory
from werkroute.placements.models import Referral, ReferralStatus
from werkroute.placements.tests.factories import EmployerFactory, PlacementFactory
from werkroute.regions.models import Organisation, OrganisationKind
from werkroute.regions.tests.factories import OrganisationFactory, PostcodeAreaFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()


@pytest.fixture
def system(municipality, caseworker) -> System:  # type: ignore[no-untyped-def]
    organisation = Organisation.objects.get(memberships__user=caseworker)
    return system_for(organisation)


def _registration(municipality, caseworker, **changes):  # type: ignore[no-untyped-def]
    return {
        "firstName": "Amira",
        "lastName": "Haddad",
        "dateOfBirth": "1994-02-03",
        "municipality": municipality.code,
        "permitDate": "2024-01-10",
        "registrationDate": "2024-03-01",
        "caseworker": caseworker.pk,
        "gender": "female",
        "languagesSpoken": ["ar", "en"],
        "nationality": "SY",
    } | changes


def test_a_client_is_registered_as_on_the_page(system, municipality, caseworker):  # type: ignore[no-untyped-def]
    response = system.post("/clients", _registration(municipality, caseworker))
    assert response.status_code == 201, response.content
    client = Client.objects.get(pk=response.json()["id"])
    assert client.caseworker == caseworker
    assert client.languages_spoken == ["ar", "en"]
    assert response["API-Version"] == "1.0.0"


def test_rules_of_the_service_come_back_per_field_in_dutch(system, municipality, caseworker):  # type: ignore[no-untyped-def]
    response = system.post(
        "/clients", _registration(municipality, caseworker, registrationDate="2023-01-01", postcode="12")
    )
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    reasons = {item["name"]: item["reason"] for item in response.json()["invalidParams"]}
    assert reasons == {"postcode": "Vul een Nederlandse postcode in, zoals 6511 AB of 6511."}
    response = system.post("/clients", _registration(municipality, caseworker, registrationDate="2023-01-01"))
    reasons = {item["name"]: item["reason"] for item in response.json()["invalidParams"]}
    assert reasons == {"registrationDate": "De inschrijving kan niet vóór de verblijfsvergunning liggen."}
    assert not Client.objects.exists()


def test_json_that_does_not_fit_the_schema_gets_dutch_messages(system):  # type: ignore[no-untyped-def]
    response = system.post("/clients", {"firstName": 3, "dateOfBirth": "gisteren"})
    assert response.status_code == 400
    reasons = {item["name"]: item["reason"] for item in response.json()["invalidParams"]}
    assert reasons["dateOfBirth"] == "Vul een datum in als JJJJ-MM-DD."
    assert reasons["lastName"] == "Dit veld is verplicht."


def test_a_retried_creation_with_its_key_creates_nothing_twice(system, municipality, caseworker):  # type: ignore[no-untyped-def]
    body = _registration(municipality, caseworker)
    first = system.post("/clients", body, **{"Idempotency-Key": "inschrijving-1"})
    again = system.post("/clients", body, **{"Idempotency-Key": "inschrijving-1"})
    assert first.status_code == again.status_code == 201
    assert first.json()["id"] == again.json()["id"]
    assert Client.objects.count() == 1
    # Only the id is remembered with the key, never the answer with the person's data.
    assert list(IdempotentRequest.objects.values_list("resource_id", flat=True)) == [first.json()["id"]]
    other = system.post("/clients", body | {"firstName": "Sara"}, **{"Idempotency-Key": "inschrijving-1"})
    assert other.status_code == 422
    assert Client.objects.count() == 1


def test_a_retry_serialised_anew_is_the_same_request(system, municipality, caseworker):  # type: ignore[no-untyped-def]
    """A client library that writes the same JSON again with its keys in another order or other spacing
    sends the same request: the key gets the first answer, not a refusal."""
    body = _registration(municipality, caseworker)
    http = system.http()
    key = {"Idempotency-Key": "inschrijving-2"}
    first = http.post("/api/v1/clients", json.dumps(body), content_type="application/json", headers=key)
    again = http.post(
        "/api/v1/clients",
        json.dumps(dict(reversed(body.items())), indent=2),
        content_type="application/json",
        headers=key,
    )
    assert first.status_code == again.status_code == 201, again.content
    assert first.json()["id"] == again.json()["id"]
    assert Client.objects.count() == 1


def test_a_change_with_a_stale_version_is_a_conflict(system, municipality, caseworker):  # type: ignore[no-untyped-def]
    client = ClientFactory(municipality=municipality, caseworker=caseworker)
    changed = system.patch(f"/clients/{client.pk}", {"version": client.version, "phone": "0612345678"})
    assert changed.status_code == 200, changed.content
    assert changed.json()["phone"] == "0612345678"
    stale = system.patch(f"/clients/{client.pk}", {"version": client.version, "phone": "0687654321"})
    assert stale.status_code == 409
    client.refresh_from_db()
    assert client.phone == "0612345678"


def test_a_bsn_needs_its_scope(municipality, caseworker):  # type: ignore[no-untyped-def]
    organisation = Organisation.objects.get(memberships__user=caseworker)
    system = system_for(organisation, ["clients:read", "clients:write"])
    response = system.post("/clients", _registration(municipality, caseworker, bsn="111222333"))
    assert response.status_code == 403
    assert not Client.objects.exists()


def test_a_plan_version_and_its_stale_revision(system, municipality, caseworker):  # type: ignore[no-untyped-def]
    client = ClientFactory(municipality=municipality, caseworker=caseworker)
    plan = {"planDate": TODAY.isoformat(), "learningRoute": "B1", "goals": [{"description": "Taal op B1"}]}
    assert system.post(f"/clients/{client.pk}/plan-versions", plan).status_code == 201
    stale = system.post(f"/clients/{client.pk}/plan-versions", plan)
    assert stale.status_code == 409
    assert system.post(f"/clients/{client.pk}/plan-versions", plan | {"basedOn": 1}).status_code == 201
    assert list(
        PlanVersion.objects.filter(client=client).order_by("number").values_list("number", flat=True)
    ) == [1, 2]
    listed = system.get(f"/clients/{client.pk}/plan-versions").json()
    assert [item["number"] for item in listed] == [1, 2]


def test_a_partner_system_reads_only_what_was_shared_and_writes_nothing(municipality, caseworker):  # type: ignore[no-untyped-def]
    partner = OrganisationFactory(kind=OrganisationKind.PARTNER, region=municipality.region)
    system = system_for(partner)
    shared, private = ClientFactory(municipality=municipality), ClientFactory(municipality=municipality)
    founder = system_for(Organisation.objects.get(memberships__user=caseworker))
    consent = {
        "scope": ConsentScope.SHARE_FILE_WITH_PARTNER,
        "organisation": partner.pk,
        "givenOn": TODAY.isoformat(),
        "method": "paper",
    }
    assert founder.post(f"/clients/{shared.pk}/consents", consent).status_code == 201
    seen = system.get(f"/clients/{shared.pk}").json()
    assert seen["phone"] is None and seen["bsn"] is None
    assert system.get(f"/clients/{private.pk}").status_code == 404
    assert system.get(f"/clients/{shared.pk}/consents").status_code == 404
    assert system.patch(f"/clients/{shared.pk}", {"version": 1, "phone": "06"}).status_code == 404


def test_referral_steps_are_actions_that_check_the_consent(system, municipality, caseworker):  # type: ignore[no-untyped-def]
    area = PostcodeAreaFactory(municipality=municipality, latitude=51.84, longitude=5.85)
    client = ClientFactory(municipality=municipality, postcode=f"{area.pc4} AA")
    IntakeFactory(client=client)
    placement = PlacementFactory(employer=EmployerFactory(region=municipality.region), postcode=area)
    proposed = system.post(f"/clients/{client.pk}/referrals", {"placement": placement.pk})
    assert proposed.status_code == 201, proposed.content
    base = f"/clients/{client.pk}/referrals/{proposed.json()['id']}"
    refused = system.post(f"{base}/_consent", {})
    assert refused.status_code == 400
    assert "toestemming" in refused.json()["detail"] + str(refused.json()["invalidParams"])
    consent = {
        "scope": ConsentScope.SHARE_PROFILE_WITH_EMPLOYERS,
        "givenOn": TODAY.isoformat(),
        "method": "paper",
    }
    assert system.post(f"/clients/{client.pk}/consents", consent).status_code == 201
    assert system.post(f"{base}/_consent", {}).json()["status"] == ReferralStatus.CONSENTED
    assert system.post(f"{base}/_send", {}).json()["status"] == ReferralStatus.SENT
    skipped = system.post(f"{base}/_consent", {})
    assert skipped.status_code == 400
    assert Referral.objects.get().status == ReferralStatus.SENT


def test_a_body_announced_as_a_form_without_a_boundary_is_refused_as_unreadable(system, municipality):  # type: ignore[no-untyped-def]
    person = ClientFactory(municipality=municipality)
    response = system.http().post(
        f"/api/v1/clients/{person.pk}/referrals",
        data=b'{"placement": 0}',
        content_type="multipart/form-data",
    )
    assert response.status_code == 400, response.content
    assert response["Content-Type"].startswith("application/problem+json")
    assert "Content-Type" in response.json()["detail"]
    assert not Referral.objects.exists()
