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
from werkroute.cases import services
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


def test_the_privacy_log_shows_roles_and_kinds_of_record_in_dutch_words(
    officer_client, caseworker_client, municipality
):
    person = ClientFactory(municipality=municipality)
    caseworker_client.post(
        reverse("cases:activity_create", kwargs={"client_id": person.pk}),
        {"activity_type": "language_course", "start_date": person.registration_date.isoformat()},
    )
    page = officer_client.get(reverse("privacy:client", kwargs={"client_id": person.pk})).content.decode()
    assert "activiteit gepland" in page and "Klantmanager" not in page.split("<tbody>")[0]
    body = page.split("<tbody>")[1]
    assert "klantmanager" in body
    assert "activity_planned" not in body and "caseworker" not in body


def test_every_kind_of_record_in_the_log_has_a_dutch_label():
    from werkroute.audit.labels import OBJECT_TYPE_LABELS
    from werkroute.cases.events import Kind

    kinds = {value for name, value in vars(Kind).items() if name.isupper()}
    assert kinds <= set(OBJECT_TYPE_LABELS)
    # And every kind of record the code writes into the log, found in the source, so a new one needs a
    # label before it reaches the privacy officer's page.
    import re
    from pathlib import Path

    package = Path(__file__).resolve().parents[2]
    written = {
        match
        for path in package.rglob("*.py")
        if "tests" not in path.parts and "migrations" not in path.parts
        for match in re.findall(r'object_type="([a-z_]+)"', path.read_text(encoding="utf-8"))
    }
    assert len(written) > 10
    assert written <= set(OBJECT_TYPE_LABELS), written - set(OBJECT_TYPE_LABELS)


def test_the_printable_export_reads_as_a_letter_without_internals(officer_client, caseworker, municipality):
    from werkroute.cases.tests.factories import IntakeFactory

    caseworker.first_name, caseworker.last_name = "Sanne", "de Vries"
    caseworker.save()
    person = ClientFactory(
        municipality=municipality,
        first_name="Amal",
        last_name="Haddad",
        caseworker=caseworker,
        household_situation="single",
        languages_spoken=["ti", "ar", "en"],
        nationality="ER",
        bsn="111222333",
    )
    IntakeFactory(client=person)
    services.add_note(
        caseworker, person, {"channel": "phone", "occurred_on": person.registration_date, "text": "Gebeld"}
    )
    page = officer_client.get(reverse("privacy:export_html", kwargs={"client_id": person.pk}))
    content = page.content.decode()
    assert "Beste Amal Haddad" in content
    assert municipality.name in content and "Sanne de Vries" in content
    assert "alleenstaand" in content and "Tigrinya, Arabisch, Engels" in content and "Eritrea" in content
    assert "Contact of notitie: telefonisch" in content  # the timeline as sentences
    person.refresh_from_db()
    for internal in (
        "['ti', 'ar', 'en']",
        "huishouden single",
        person.bsn_hash,
        f"gemeente {municipality.pk}<",
        f">{caseworker.pk}<",
        "entry_hash",
        "note_added",
    ):
        assert internal not in content, internal
    assert reverse("privacy:export_json", kwargs={"client_id": person.pk}) in content
