"""Nobody grants themselves a role or permission that opens case files, neither in Werkroute's own screens
nor in Django's admin; a second administrator may, and every grant is in the audit chain, where the
privacy officer sees it."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.db import transaction
from django.urls import reverse

from werkroute.accounts.models import Membership, Role
from werkroute.accounts.tests.factories import MembershipFactory, UserFactory
from werkroute.audit.models import AuditAction, AuditEvent
from werkroute.audit.verification import verify_chain
from werkroute.regions.models import OrganisationKind
from werkroute.regions.tests.factories import MunicipalityFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def town():
    return OrganisationFactory(kind=OrganisationKind.MUNICIPALITY, municipality=MunicipalityFactory())


@pytest.fixture
def other_town(town):
    municipality = MunicipalityFactory(region=town.region)
    return OrganisationFactory(
        kind=OrganisationKind.MUNICIPALITY, municipality=municipality, region=town.region
    )


def administrator(organisation, **fields):  # type: ignore[no-untyped-def]
    user = UserFactory(**fields)
    MembershipFactory(user=user, organisation=organisation, role=Role.ADMINISTRATOR)
    return user


def technical_staff(organisation):  # type: ignore[no-untyped-def]
    """Staff of the Django admin with the rights to change users and their memberships, as an
    administrator would have been given them."""
    user = administrator(organisation, is_staff=True)
    for codename in ("view_user", "change_user", "add_membership", "change_membership", "delete_membership"):
        user.user_permissions.add(Permission.objects.get(codename=codename))
    return user


def _grant_in_screen(client, actor, subject, organisation, role=Role.CASEWORKER):  # type: ignore[no-untyped-def]
    client.force_login(actor)
    return client.post(
        reverse("administration:user", kwargs={"user_id": subject.pk}),
        {"action": "grant", "organisation": organisation.pk, "role": role},
        follow=True,
    )


def test_an_administrator_cannot_give_themselves_a_caseworker_role_in_the_screens(client, town, other_town):
    actor = administrator(town)
    response = _grant_in_screen(client, actor, actor, other_town)
    assert response.status_code == 200
    assert "Vraag een andere beheerder" in response.content.decode()
    assert not Membership.objects.filter(user=actor, role=Role.CASEWORKER).exists()


def test_a_second_administrator_may_grant_it_and_the_grant_is_in_the_chain(client, town, other_town):
    actor, colleague = administrator(town, username="beheerder.een"), administrator(town)
    response = _grant_in_screen(client, actor, colleague, other_town)
    assert "Rol toegekend." in response.content.decode()
    assert Membership.objects.filter(user=colleague, organisation=other_town, role=Role.CASEWORKER).exists()
    entry = AuditEvent.objects.get(object_type="membership", action=AuditAction.CREATE, actor_id=actor.pk)
    assert entry.actor_name == "beheerder.een"
    assert entry.changes["role"] == Role.CASEWORKER and entry.changes["user_id"] == colleague.pk
    assert verify_chain().intact


def test_an_administrator_cannot_give_themselves_the_privacy_officers_permission_in_the_screens(client, town):
    actor = administrator(town)
    client.force_login(actor)
    response = client.post(
        reverse("administration:user", kwargs={"user_id": actor.pk}),
        {"action": "grant_permission", "permission": "audit.inspect_access"},
    )
    assert "Vraag een andere beheerder" in response.content.decode()
    assert not actor.user_permissions.exists()


def test_a_role_without_case_files_may_be_taken_by_oneself(client, town):
    """The four-eyes rule is about case files: a second administrator role elsewhere is fine."""
    actor = administrator(town)
    other = OrganisationFactory(kind=OrganisationKind.PARTNER, region=town.region)
    _grant_in_screen(client, actor, actor, other, role=Role.POLICY_ANALYST)
    assert Membership.objects.filter(user=actor, organisation=other, role=Role.POLICY_ANALYST).exists()


def _admin_change_form(client, actor, subject, inline_rows):  # type: ignore[no-untyped-def]
    """POST Django's user change form with the given membership rows, as the browser would."""
    existing = list(subject.memberships.order_by("pk"))
    data = {
        "username": subject.username,
        "first_name": subject.first_name,
        "last_name": subject.last_name,
        "email": subject.email,
        "is_active": "on",
        "is_staff": "on" if subject.is_staff else "",
        "date_joined_0": subject.date_joined.strftime("%Y-%m-%d"),
        "date_joined_1": subject.date_joined.strftime("%H:%M:%S"),
        "user_permissions": [str(pk) for pk in subject.user_permissions.values_list("pk", flat=True)],
        "memberships-TOTAL_FORMS": str(len(existing) + len(inline_rows)),
        "memberships-INITIAL_FORMS": str(len(existing)),
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
    }
    for index, membership in enumerate(existing):
        data |= {
            f"memberships-{index}-id": str(membership.pk),
            f"memberships-{index}-user": str(subject.pk),
            f"memberships-{index}-organisation": str(membership.organisation_id),
            f"memberships-{index}-role": membership.role,
        }
    for offset, (organisation, role) in enumerate(inline_rows):
        index = len(existing) + offset
        data |= {
            f"memberships-{index}-user": str(subject.pk),
            f"memberships-{index}-organisation": str(organisation.pk),
            f"memberships-{index}-role": role,
        }
    client.force_login(actor)
    return client.post(reverse("admin:accounts_user_change", args=[subject.pk]), data)


def test_an_administrator_cannot_give_themselves_a_caseworker_role_in_the_django_admin(
    client, town, other_town
):
    actor = technical_staff(town)
    response = _admin_change_form(client, actor, actor, [(other_town, Role.CASEWORKER)])
    assert response.status_code == 200  # the form again, with the refusal
    assert "Vraag een andere beheerder" in response.content.decode()
    assert not Membership.objects.filter(user=actor, role=Role.CASEWORKER).exists()


def test_a_membership_added_in_the_django_admin_is_audited_with_who_added_it(client, town, other_town):
    actor, colleague = technical_staff(town), UserFactory()
    response = _admin_change_form(client, actor, colleague, [(other_town, Role.CASEWORKER)])
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = AuditEvent.objects.get(
        object_type="membership", action=AuditAction.CREATE, changes__user_id=colleague.pk
    )
    assert entry.actor_id == actor.pk
    assert verify_chain().intact


def test_an_administrator_cannot_give_themselves_a_case_permission_in_the_django_admin(client, town):
    actor = technical_staff(town)
    inspect = Permission.objects.get(codename="inspect_access")
    client.force_login(actor)
    response = _admin_change_form_with_permission(client, actor, inspect)
    assert response.status_code == 200  # the form again, with the refusal
    assert "Vraag een andere beheerder" in response.content.decode()
    assert not actor.user_permissions.filter(pk=inspect.pk).exists()


def _admin_change_form_with_permission(client, actor, permission):  # type: ignore[no-untyped-def]
    existing = [str(pk) for pk in actor.user_permissions.values_list("pk", flat=True)]
    actor.refresh_from_db()
    memberships = list(actor.memberships.order_by("pk"))
    data = {
        "username": actor.username,
        "first_name": actor.first_name,
        "last_name": actor.last_name,
        "email": actor.email,
        "is_active": "on",
        "is_staff": "on",
        "date_joined_0": actor.date_joined.strftime("%Y-%m-%d"),
        "date_joined_1": actor.date_joined.strftime("%H:%M:%S"),
        "user_permissions": [*existing, str(permission.pk)],
        "memberships-TOTAL_FORMS": str(len(memberships)),
        "memberships-INITIAL_FORMS": str(len(memberships)),
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
    }
    for index, membership in enumerate(memberships):
        data |= {
            f"memberships-{index}-id": str(membership.pk),
            f"memberships-{index}-user": str(actor.pk),
            f"memberships-{index}-organisation": str(membership.organisation_id),
            f"memberships-{index}-role": membership.role,
        }
    return client.post(reverse("admin:accounts_user_change", args=[actor.pk]), data)


def test_the_signal_refuses_a_self_grant_that_bypasses_the_forms(town, other_town):
    """The last line: any code path that saves a membership as the acting administrator is refused."""
    from django.core.exceptions import PermissionDenied

    from werkroute.accounts.services import acting

    actor = administrator(town)
    override = Permission.objects.get(codename="override_consent")
    with acting(actor), pytest.raises(PermissionDenied), transaction.atomic():
        Membership.objects.create(user=actor, organisation=other_town, role=Role.TEAM_LEAD)
    with acting(actor), pytest.raises(PermissionDenied), transaction.atomic():
        actor.user_permissions.add(override)
    actor.is_superuser = True
    with acting(actor), pytest.raises(PermissionDenied), transaction.atomic():
        actor.save()
    actor.refresh_from_db()
    assert not actor.is_superuser and not actor.user_permissions.exists()
    assert not actor.memberships.filter(role=Role.TEAM_LEAD).exists()


def test_the_privacy_officer_sees_who_granted_case_access(client, town, other_town):
    actor, colleague = administrator(town, username="beheerder.een"), administrator(town)
    _grant_in_screen(client, actor, colleague, other_town)
    officer = UserFactory()
    MembershipFactory(user=officer, organisation=other_town, role=Role.POLICY_ANALYST)
    officer.user_permissions.add(Permission.objects.get(codename="inspect_access"))
    client.force_login(officer)
    content = client.get(reverse("privacy:search")).content.decode()
    assert "Toegekende toegang tot dossiers" in content
    assert "beheerder.een" in content and colleague.username in content
    assert "klantmanager (" in content  # the Dutch label of the role, not its code


def test_a_privacy_officer_cannot_widen_their_supervision_to_another_municipality(client, town, other_town):
    """The officer's scope follows the municipalities of their memberships: a role there, even one
    without case files, is a case-file grant for them."""
    actor = administrator(town)
    actor.user_permissions.add(Permission.objects.get(codename="inspect_access"))
    _grant_in_screen(client, actor, actor, other_town, role=Role.POLICY_ANALYST)
    assert not actor.memberships.filter(organisation=other_town).exists()
