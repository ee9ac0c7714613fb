"""The privacy officer answers "who looked at this file" and makes the export for an access request."""

import json

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from werkroute.accounts.models import Role
from werkroute.accounts.policies import Purpose
from werkroute.accounts.tests.factories import caseworker_of
from werkroute.audit.models import AuditAction, AuditEvent
from werkroute.audit.tests.helpers import assert_audited
from werkroute.cases.tests.factories import ClientFactory, NoteFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(municipality):
    user = caseworker_of(municipality, role=Role.POLICY_ANALYST, username="fg")
    user.user_permissions.add(Permission.objects.get(codename="inspect_access"))
    return user


@pytest.fixture
def officer_client(officer):
    from django.test import Client

    browser = Client()  # its own session, beside the caseworker's test client
    browser.force_login(officer)
    return browser


def test_the_officer_sees_who_looked_at_a_file(officer_client, caseworker_client, caseworker, municipality):
    person = ClientFactory(municipality=municipality, bsn="111222333")
    caseworker_client.get(reverse("cases:client", kwargs={"client_id": person.pk}))
    found = officer_client.get(reverse("privacy:search"), {"q": "111 222 333"})
    assert found.status_code == 302
    page = officer_client.get(found.url).content.decode()
    assert "klantmanager" in page and "bekeken" in page and Purpose.CASE_WORK in page
    # Looking is itself looked at: the officer's search and view are in the log.
    assert_audited(client_id=person.pk, purpose=Purpose.PRIVACY_SUPERVISION, count=2)
    assert "111222333" not in json.dumps(list(AuditEvent.objects.values("changes", "object_id")))


def test_a_client_of_another_municipality_is_not_found(officer_client, other_municipality):
    stranger = ClientFactory(municipality=other_municipality, bsn="111222333")
    response = officer_client.get(reverse("privacy:search"), {"q": "111222333"}, follow=True)
    assert "Geen klant gevonden" in response.content.decode()
    direct = officer_client.get(reverse("privacy:client", kwargs={"client_id": stranger.pk}))
    assert direct.status_code == 404
    assert_audited(action=AuditAction.REFUSED, object_type="privacy_search")


def test_the_readable_export_holds_the_whole_file_and_is_audited(officer_client, municipality):
    person = ClientFactory(municipality=municipality, first_name="Amal", last_name="Haddad")
    other = ClientFactory(municipality=municipality, first_name="Yonas", last_name="Tesfamariam")
    NoteFactory(client=person, text="Afspraak over taalles")
    NoteFactory(client=other, text="Niet van Amal")
    html = officer_client.get(reverse("privacy:export_html", kwargs={"client_id": person.pk}))
    content = html.content.decode()
    assert html.status_code == 200
    assert "Afspraak over taalles" in content and "Notities en contactmomenten" in content
    assert "Tesfamariam" not in content and "Niet van Amal" not in content
    as_json = officer_client.get(reverse("privacy:export_json", kwargs={"client_id": person.pk}))
    assert as_json["Content-Disposition"].startswith("attachment")
    assert json.loads(as_json.content)["notes"][0]["text"] == "Afspraak over taalles"
    exports = AuditEvent.objects.filter(action=AuditAction.EXPORT, client_id=person.pk)
    assert {entry.changes["format"] for entry in exports} == {"html", "json"}
    assert {entry.purpose for entry in exports} == {Purpose.ACCESS_REQUEST}


def test_the_privacy_link_is_shown_to_officers_only(officer_client, caseworker_client):
    privacy = reverse("privacy:search")
    assert privacy in officer_client.get(privacy).content.decode()
    assert privacy not in caseworker_client.get(reverse("cases:caseload")).content.decode()
