"""A system gets a token with its client credentials and sees what a person of its organisation sees."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from werkroute.accounts.tests.factories import caseworker_of
from werkroute.api.tests.factories import TOKEN_URL, system_for, token_for
from werkroute.audit.models import AuditAction, AuditEvent
from werkroute.cases.tests.factories import ClientFactory
from werkroute.regions.models import OrganisationKind
from werkroute.regions.tests.factories import MunicipalityFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def _municipal_system(scopes=None):  # type: ignore[no-untyped-def]
    municipality = MunicipalityFactory()
    organisation = OrganisationFactory(kind=OrganisationKind.MUNICIPALITY, municipality=municipality)
    return municipality, system_for(organisation, scopes)


def test_openapi_document_is_readable_without_a_token_and_names_the_token_url(client):  # type: ignore[no-untyped-def]
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    flows = response.json()["components"]["securitySchemes"]["oauth2"]["flows"]
    assert flows["clientCredentials"]["tokenUrl"].endswith("/api/v1/oauth/token")
    assert "clients:read" in flows["clientCredentials"]["scopes"]


def test_a_call_without_token_gets_a_dutch_problem(client):  # type: ignore[no-untyped-def]
    response = client.get("/api/v1/clients")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["title"] == "Niet geauthenticeerd"
    assert response["API-Version"] == "1.0.0"


def test_wrong_secret_gets_no_token():  # type: ignore[no-untyped-def]
    _municipality, system = _municipal_system()
    assert token_for(system.client_id, "niet-het-geheim").status_code == 401


def test_token_of_one_municipality_gets_404_for_a_client_of_another():  # type: ignore[no-untyped-def]
    municipality, system = _municipal_system()
    own = ClientFactory(municipality=municipality)
    other = ClientFactory()
    assert system.get(f"/clients/{own.pk}").status_code == 200
    response = system.get(f"/clients/{other.pk}")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    listed = [row["id"] for row in system.get("/clients").json()["results"]]
    assert listed == [str(own.pk)]


def test_every_call_is_audited_with_the_system_as_actor():  # type: ignore[no-untyped-def]
    municipality, system = _municipal_system()
    own = ClientFactory(municipality=municipality)
    system.get(f"/clients/{own.pk}")
    entry = AuditEvent.objects.filter(action=AuditAction.VIEW, object_type="client", client_id=own.pk).get()
    assert entry.actor_id == system.api_client.user_id
    assert entry.role == "system"
    assert entry.actor_name.startswith("systeem: ")
    assert entry.organisation == system.api_client.organisation.name
    assert AuditEvent.objects.filter(object_type="api", object_id__startswith="GET /api/v1/clients/").exists()


def test_a_missing_scope_is_refused_with_403():  # type: ignore[no-untyped-def]
    municipality, system = _municipal_system(["plans:read"])
    own = ClientFactory(municipality=municipality)
    response = system.get(f"/clients/{own.pk}")
    assert response.status_code == 403
    assert "clients:read" in response.json()["detail"]


def test_bsn_only_with_its_scope():  # type: ignore[no-untyped-def]
    municipality, with_bsn = _municipal_system(["clients:read", "clients:bsn"])
    organisation = with_bsn.api_client.organisation
    without_bsn = system_for(organisation, ["clients:read"])
    own = ClientFactory(municipality=municipality, bsn="111222333")
    assert with_bsn.get(f"/clients/{own.pk}").json()["bsn"] == "111222333"
    assert without_bsn.get(f"/clients/{own.pk}").json()["bsn"] is None


def test_the_system_account_is_no_caseworker_anywhere():  # type: ignore[no-untyped-def]
    """The system acts for its organisation without a membership, so no page lists it among people."""
    _municipality, system = _municipal_system()
    assert not system.api_client.user.memberships.exists()
    assert not system.api_client.user.has_usable_password()


def test_command_prints_id_and_secret_on_lines_of_their_own(capsys):  # type: ignore[no-untyped-def]
    municipality = MunicipalityFactory(name="Nijmegen")
    OrganisationFactory(
        kind=OrganisationKind.MUNICIPALITY, municipality=municipality, name="Gemeente Nijmegen"
    )
    call_command(
        "api_client",
        "create",
        "--organisation",
        "gemeente-nijmegen",
        "--scopes",
        "clients:read",
        "plans:read",
    )
    lines = dict(line.split("=", 1) for line in capsys.readouterr().out.splitlines())
    token = token_for(lines["client_id"], lines["client_secret"])
    assert token.status_code == 200
    assert set(token.json()["scope"].split()) == {"clients:read", "plans:read"}


def test_token_url_is_the_one_the_document_names(client):  # type: ignore[no-untyped-def]
    assert client.post(TOKEN_URL, {"grant_type": "client_credentials"}).status_code == 401
    caseworker_of(MunicipalityFactory())  # the pages' login keeps working beside the API


def test_a_client_over_its_rate_limit_waits(settings):  # type: ignore[no-untyped-def]
    settings.WERKROUTE_API_RATE_LIMIT = 3
    _municipality, system = _municipal_system()
    other = system_for(system.api_client.organisation)
    answers = [system.get("/clients").status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]
    refused = system.get("/clients")
    assert refused["Content-Type"] == "application/problem+json"
    assert 0 < int(refused["Retry-After"]) <= 60
    assert other.get("/clients").status_code == 200  # counted per client


def test_an_unknown_path_or_a_trailing_slash_is_a_problem_not_a_page(client):  # type: ignore[no-untyped-def]
    for path in ("/api/v1/clients/", "/api/v1/", "/api/v1/onbekend"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert response["Content-Type"] == "application/problem+json"


def test_a_token_stops_working_the_moment_its_client_is_deactivated():  # type: ignore[no-untyped-def]
    """A token already handed out is judged again at every call: switching the client off ends it, and
    no new token is given."""
    municipality, system = _municipal_system()
    own = ClientFactory(municipality=municipality)
    assert system.get(f"/clients/{own.pk}").status_code == 200
    system.api_client.is_active = False
    system.api_client.save(update_fields=["is_active"])
    refused = system.get(f"/clients/{own.pk}")
    assert refused.status_code == 401
    assert refused["Content-Type"] == "application/problem+json"
    assert token_for(system.client_id, system.secret).json().get("access_token") is None
