"""An operator switches a system off with ``werkroute api_client deactivate``: its tokens stop working at
once and for good, it gets no new one, and the log says who did it; ``activate`` lets it ask again."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from werkroute.api.tests.factories import system_for, token_for
from werkroute.audit.models import AuditAction
from werkroute.audit.tests.helpers import assert_audited
from werkroute.cases.tests.factories import ClientFactory
from werkroute.regions.models import OrganisationKind
from werkroute.regions.tests.factories import MunicipalityFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def _system():  # type: ignore[no-untyped-def]
    municipality = MunicipalityFactory()
    system = system_for(OrganisationFactory(kind=OrganisationKind.MUNICIPALITY, municipality=municipality))
    return municipality, system


def test_after_deactivate_the_token_is_refused_at_once_and_no_new_one_is_issued(capsys):  # type: ignore[no-untyped-def]
    municipality, system = _system()
    own = ClientFactory(municipality=municipality)
    assert system.get(f"/clients/{own.pk}").status_code == 200
    call_command("api_client", "deactivate", system.client_id)
    assert "1 token(s) ingetrokken" in capsys.readouterr().err
    refused = system.get(f"/clients/{own.pk}")
    assert refused.status_code == 401
    assert refused["Content-Type"] == "application/problem+json"
    assert token_for(system.client_id, system.secret).json().get("access_token") is None
    entry = assert_audited(AuditAction.UPDATE, object_type="api_client", object_id=str(system.api_client.pk))
    assert entry.changes["is_active"] == [True, False]
    assert entry.actor_name == "werkroute api_client"


def test_activate_again_gives_new_tokens_but_never_the_old_one_back():  # type: ignore[no-untyped-def]
    _municipality, system = _system()
    call_command("api_client", "deactivate", system.client_id)
    call_command("api_client", "activate", system.client_id)
    assert system.get("/clients").status_code == 401  # revoked, not only paused
    fresh = token_for(system.client_id, system.secret)
    assert fresh.status_code == 200
    system.token = fresh.json()["access_token"]
    assert system.get("/clients").status_code == 200


def test_switching_off_leaves_the_other_systems_of_the_organisation_alone():  # type: ignore[no-untyped-def]
    _municipality, system = _system()
    other = system_for(system.api_client.organisation)
    call_command("api_client", "deactivate", system.client_id)
    assert other.get("/clients").status_code == 200


def test_an_unknown_client_id_gets_a_dutch_message():  # type: ignore[no-untyped-def]
    with pytest.raises(CommandError, match="Geen API-client met client_id"):
        call_command("api_client", "deactivate", "bestaat-niet")


def test_the_list_shows_whether_a_client_is_active(capsys):  # type: ignore[no-untyped-def]
    _municipality, system = _system()
    other = system_for(system.api_client.organisation)
    call_command("api_client", "deactivate", system.client_id)
    capsys.readouterr()
    call_command("api_client", "list")
    rows = {line.split("\t")[0]: line.split("\t")[1] for line in capsys.readouterr().out.splitlines()}
    assert rows == {system.client_id: "uitgeschakeld", other.client_id: "actief"}
