"""The functional administrator's work in Werkroute's own screens: organisations, users and roles, leaving
colleagues (their clients go to a team lead), a lost second factor, target groups and imports."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from werkroute.accounts.models import Membership, Role, User
from werkroute.accounts.tests.factories import MembershipFactory, UserFactory, caseworker_of
from werkroute.audit.models import AuditAction, AuditEvent
from werkroute.audit.verification import verify_chain
from werkroute.cases.models import Client, TargetGroup
from werkroute.cases.tests.factories import ClientFactory
from werkroute.regions.models import Municipality, Organisation, OrganisationKind
from werkroute.regions.tests.factories import MunicipalityFactory, OrganisationFactory, RegionFactory
from werkroute.regions.tests.test_import_municipalities import HEADER, NIJMEGEN

pytestmark = pytest.mark.django_db


@pytest.fixture
def town(municipality):
    return OrganisationFactory(kind=OrganisationKind.MUNICIPALITY, municipality=municipality)


@pytest.fixture
def administrator(town):
    user = UserFactory(username="beheerder")
    MembershipFactory(user=user, organisation=town, role=Role.ADMINISTRATOR)
    return user


@pytest.fixture
def admin_client(client, administrator):
    client.force_login(administrator)
    return client


def test_the_administrators_start_page_is_the_administration(admin_client):
    response = admin_client.get(reverse("home"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("administration:index")
    assert "Gebruikers en rollen" in response.content.decode()


def test_an_administrator_adds_an_employer_organisation_in_their_region(admin_client, town):
    response = admin_client.post(
        reverse("administration:organisation_create"),
        {"name": "Bakkerij Het Broodhuis", "kind": OrganisationKind.EMPLOYER, "region": town.region_id},
    )
    assert response.status_code == 302
    employer = Organisation.objects.get(name="Bakkerij Het Broodhuis")
    assert employer.kind == OrganisationKind.EMPLOYER and employer.region_id == town.region_id
    assert AuditEvent.objects.filter(object_type="organisation", object_id=str(employer.pk)).exists()


def test_a_municipal_organisation_without_its_municipality_is_refused_keeping_the_input(admin_client, town):
    response = admin_client.post(
        reverse("administration:organisation_create"),
        {"name": "Gemeente Zonder", "kind": OrganisationKind.MUNICIPALITY, "region": town.region_id},
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "Kies de gemeente waarvoor deze organisatie werkt." in content
    assert 'value="Gemeente Zonder"' in content
    assert not Organisation.objects.filter(name="Gemeente Zonder").exists()


def test_an_organisation_of_another_region_is_out_of_reach(admin_client):
    elsewhere = OrganisationFactory(kind=OrganisationKind.EMPLOYER, region=RegionFactory())
    url = reverse("administration:organisation_edit", kwargs={"organisation_id": elsewhere.pk})
    assert admin_client.get(url).status_code == 404
    assert elsewhere.name not in admin_client.get(reverse("administration:organisations")).content.decode()


def test_an_administrator_adds_a_caseworker_with_a_membership(admin_client, town):
    response = admin_client.post(
        reverse("administration:user_create"),
        {
            "username": "klantmanager.nieuw",
            "first_name": "Noor",
            "last_name": "de Vries",
            "email": "noor@example.org",
            "password": "een-lang-wachtwoord-2026",
        },
    )
    user = User.objects.get(username="klantmanager.nieuw")
    assert response.url == reverse("administration:user", kwargs={"user_id": user.pk})
    assert user.check_password("een-lang-wachtwoord-2026")
    admin_client.post(response.url, {"action": "grant", "organisation": town.pk, "role": Role.CASEWORKER})
    assert Membership.objects.filter(user=user, organisation=town, role=Role.CASEWORKER).exists()


def test_a_weak_first_password_is_refused_and_the_rest_is_kept(admin_client):
    response = admin_client.post(
        reverse("administration:user_create"),
        {
            "username": "zwak",
            "first_name": "Zwak",
            "last_name": "Wachtwoord",
            "email": "z@example.org",
            "password": "123",
        },
    )
    assert response.status_code == 200
    assert 'value="Wachtwoord"' in response.content.decode()
    assert not User.objects.filter(username="zwak").exists()


def test_a_role_that_does_not_fit_the_organisation_is_refused(admin_client, town):
    colleague = UserFactory()
    response = admin_client.post(
        reverse("administration:user", kwargs={"user_id": colleague.pk}),
        {"action": "grant", "organisation": town.pk, "role": Role.EMPLOYER},
    )
    assert "past niet bij een organisatie van de soort gemeente" in response.content.decode()
    assert not colleague.memberships.exists()


def test_revoking_a_role_is_audited(admin_client, town):
    colleague = UserFactory()
    membership = MembershipFactory(user=colleague, organisation=town, role=Role.CASEWORKER)
    admin_client.post(
        reverse("administration:user", kwargs={"user_id": colleague.pk}),
        {"action": "revoke", "membership": membership.pk},
    )
    assert not colleague.memberships.exists()
    entry = AuditEvent.objects.get(object_type="membership", action=AuditAction.DELETE)
    assert entry.actor_name == "beheerder" and entry.changes["user_id"] == colleague.pk


def test_a_leaving_caseworkers_clients_go_to_a_team_lead(admin_client, municipality):
    leaving = caseworker_of(municipality)
    lead = caseworker_of(municipality, role=Role.TEAM_LEAD, username="teamleider")
    clients = ClientFactory.create_batch(3, municipality=municipality, caseworker=leaving)
    response = admin_client.post(
        reverse("administration:user", kwargs={"user_id": leaving.pk}),
        {"action": "deactivate", "deactivate-successor": lead.pk, "deactivate-reason": "uit dienst"},
        follow=True,
    )
    assert "3 klant(en) overgedragen" in response.content.decode()
    leaving.refresh_from_db()
    assert not leaving.is_active
    assert set(Client.objects.filter(caseworker=lead)) == set(clients)
    assert not Client.objects.filter(caseworker=leaving).exists()
    for person in clients:
        assert person.timeline_events.filter(kind="client_updated").exists()
    assert AuditEvent.objects.filter(object_type="account", changes__reason="uit dienst").exists()
    assert verify_chain().intact


def test_a_caseworker_with_clients_is_not_blocked_without_a_successor(admin_client, municipality):
    leaving = caseworker_of(municipality)
    ClientFactory(municipality=municipality, caseworker=leaving)
    response = admin_client.post(
        reverse("administration:user", kwargs={"user_id": leaving.pk}),
        {"action": "deactivate", "deactivate-reason": "uit dienst"},
    )
    assert "Kies een teamleider die ze overneemt." in response.content.decode()
    leaving.refresh_from_db()
    assert leaving.is_active and Client.objects.filter(caseworker=leaving).count() == 1


def test_clients_cannot_go_to_a_team_lead_of_another_municipality(admin_client, municipality):
    leaving = caseworker_of(municipality)
    stranger = caseworker_of(MunicipalityFactory(region=municipality.region), role=Role.TEAM_LEAD)
    ClientFactory(municipality=municipality, caseworker=leaving)
    response = admin_client.post(
        reverse("administration:user", kwargs={"user_id": leaving.pk}),
        {"action": "deactivate", "deactivate-successor": stranger.pk, "deactivate-reason": "uit dienst"},
    )
    assert response.status_code == 200  # the choice is not offered, so the form refuses it
    leaving.refresh_from_db()
    assert leaving.is_active and not Client.objects.filter(caseworker=stranger).exists()


def test_resetting_a_second_factor_removes_the_device_audits_and_tells_the_user(
    admin_client, municipality, django_capture_on_commit_callbacks
):
    colleague = caseworker_of(municipality, email="kim@example.org")
    TOTPDevice.objects.create(user=colleague, name="telefoon", confirmed=True)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("administration:user", kwargs={"user_id": colleague.pk}),
            {"action": "reset_second_factor", "reset-reason": "telefoon verloren"},
            follow=True,
        )
    assert "Tweestapsverificatie hersteld" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=colleague).exists()
    (entry,) = [e for e in AuditEvent.objects.filter(object_type="second_factor") if e.changes.get("reset")]
    assert entry.actor_name == "beheerder" and entry.changes["reason"] == "telefoon verloren"
    assert [message.to for message in mail.outbox] == [["kim@example.org"]]


def test_an_administrator_does_not_reset_their_own_second_factor(admin_client, administrator):
    TOTPDevice.objects.create(user=administrator, name="telefoon", confirmed=True)
    admin_client.post(
        reverse("administration:user", kwargs={"user_id": administrator.pk}),
        {"action": "reset_second_factor", "reset-reason": "zomaar"},
    )
    assert TOTPDevice.objects.filter(user=administrator).exists()


def test_an_administrator_adds_a_target_group_for_other_newcomers(admin_client, town):
    response = admin_client.post(
        reverse("administration:target_group_create"),
        {"code": "nieuwkomer-eu", "name": "Nieuwkomers uit de EU", "region": town.region_id},
    )
    assert response.status_code == 302
    group = TargetGroup.objects.get(code="nieuwkomer-eu")
    assert group.region_id == town.region_id
    assert AuditEvent.objects.filter(object_type="target_group", object_id=str(group.pk)).exists()


def test_the_statushouder_code_cannot_be_changed(admin_client):
    group = TargetGroup.objects.get(code="statushouder")
    response = admin_client.post(
        reverse("administration:target_group_edit", kwargs={"target_group_id": group.pk}),
        {"code": "iets-anders", "name": group.name},
    )
    assert "ligt vast" in response.content.decode()
    group.refresh_from_db()
    assert group.code == "statushouder"


def _csv(name: str, rows: list[list[str]], header: list[str] = HEADER) -> SimpleUploadedFile:
    lines = [",".join(header), *(",".join(row) for row in rows)]
    return SimpleUploadedFile(name, ("\n".join(lines) + "\n").encode(), content_type="text/csv")


def test_a_cbs_import_runs_from_the_screen_and_shows_its_result(admin_client):
    response = admin_client.post(
        reverse("administration:imports"),
        {"action": "regions", "cbs-municipalities": _csv("gemeenten.csv", [NIJMEGEN]), "cbs-regions": "AM08"},
    )
    content = response.content.decode()
    assert (
        "Import van gemeenten en regio&#x27;s geslaagd" in content
        or "Import van gemeenten en regio's geslaagd" in content
    )
    assert Municipality.objects.filter(code="GM0268", name="Nijmegen").exists()
    assert AuditEvent.objects.filter(object_type="reference_import", action=AuditAction.CREATE).exists()


def test_a_broken_cbs_file_is_refused_in_dutch_naming_the_row_and_nothing_is_saved(admin_client):
    broken = [*NIJMEGEN]
    broken[0] = "XX0268"
    response = admin_client.post(
        reverse("administration:imports"),
        {"action": "regions", "cbs-municipalities": _csv("gemeenten.csv", [broken])},
    )
    content = response.content.decode()
    assert "Import afgebroken, er is niets opgeslagen." in content
    assert "regel 2" in content and "gemeenten.csv" in content
    assert "werkroute-import-" not in content  # not the server's temporary folder
    assert not Municipality.objects.filter(name="Nijmegen").exists()
    assert AuditEvent.objects.filter(object_type="reference_import", action=AuditAction.REFUSED).exists()


def test_an_esco_import_runs_from_uploaded_files(admin_client, tmp_path):
    from werkroute.taxonomy.models import Occupation
    from werkroute.taxonomy.tests.esco_files import write_esco_folder

    folder = write_esco_folder(tmp_path / "esco")
    uploads = [
        SimpleUploadedFile(path.name, path.read_bytes(), content_type="text/csv")
        for path in sorted(folder.iterdir())
    ]
    response = admin_client.post(
        reverse("administration:imports"), {"action": "esco", "esco-csv_files": uploads}
    )
    assert "Import van ESCO geslaagd" in response.content.decode()
    assert Occupation.objects.exists()


def test_an_esco_upload_without_the_occupations_file_is_refused_in_dutch(admin_client, tmp_path):
    from werkroute.taxonomy.tests.esco_files import write_esco_folder

    folder = write_esco_folder(tmp_path / "esco", occupations=None)
    uploads = [
        SimpleUploadedFile(path.name, path.read_bytes(), content_type="text/csv")
        for path in sorted(folder.iterdir())
    ]
    content = admin_client.post(
        reverse("administration:imports"), {"action": "esco", "esco-csv_files": uploads}
    ).content.decode()
    assert "Import afgebroken, er is niets opgeslagen." in content and "occupations_nl.csv" in content
    assert "werkroute-esco-" not in content


def test_the_administration_never_shows_case_content(admin_client, municipality):
    caseworker = caseworker_of(municipality)
    person = ClientFactory(municipality=municipality, caseworker=caseworker, last_name="Geheimnaam")
    for url in (
        reverse("administration:users"),
        reverse("administration:user", kwargs={"user_id": caseworker.pk}),
        reverse("administration:index"),
    ):
        content = admin_client.get(url).content.decode()
        assert person.last_name not in content and str(person.pk) not in content
    assert admin_client.get(reverse("cases:client", kwargs={"client_id": person.pk})).status_code == 404


def test_users_of_another_region_are_out_of_reach(admin_client):
    elsewhere = OrganisationFactory(kind=OrganisationKind.EMPLOYER, region=RegionFactory())
    stranger = UserFactory(last_name="Elders")
    MembershipFactory(user=stranger, organisation=elsewhere, role=Role.EMPLOYER)
    assert "Elders" not in admin_client.get(reverse("administration:users")).content.decode()
    url = reverse("administration:user", kwargs={"user_id": stranger.pk})
    assert admin_client.get(url).status_code == 404
    assert admin_client.post(url, {"action": "reset_second_factor", "reset-reason": "x"}).status_code == 404
