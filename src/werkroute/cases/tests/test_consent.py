"""Consents: scoped, dated, withdrawable; a share without one is refused by the service itself."""

import datetime as dt

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.urls import reverse

from werkroute.audit.models import AuditAction
from werkroute.audit.tests.helpers import assert_audited, assert_not_audited
from werkroute.cases import services
from werkroute.cases.models import Consent, ConsentMethod, ConsentScope
from werkroute.cases.tests.factories import ClientFactory, ConsentFactory
from werkroute.regions.models import OrganisationKind
from werkroute.regions.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2024, 6, 1)


def _values(**overrides):
    return {
        "scope": ConsentScope.SHARE_PROFILE_WITH_EMPLOYERS,
        "organisation": None,
        "given_on": dt.date(2024, 5, 1),
        "valid_until": None,
        "method": ConsentMethod.PAPER,
        **overrides,
    }


def test_a_consent_is_recorded_with_who_and_how_and_is_audited(caseworker, municipality):
    person = ClientFactory(municipality=municipality)
    consent = services.give_consent(caseworker, person, _values(), today=TODAY)
    assert consent.recorded_by == caseworker and consent.method == ConsentMethod.PAPER
    entry = assert_audited(action=AuditAction.CONSENT_GIVEN, count=1)
    assert (
        entry.client_id == person.pk and entry.changes["scope"] == ConsentScope.SHARE_PROFILE_WITH_EMPLOYERS
    )
    assert person.timeline_events.get().kind == "consent_given"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"given_on": dt.date(2024, 6, 2)}, "given_on"),
        ({"valid_until": dt.date(2024, 4, 1)}, "valid_until"),
        ({"scope": ConsentScope.SHARE_FILE_WITH_PARTNER}, "organisation"),
    ],
)
def test_impossible_consents_are_refused_with_a_message_on_the_field(
    caseworker, municipality, overrides, field
):
    person = ClientFactory(municipality=municipality)
    with pytest.raises(ValidationError) as error:
        services.give_consent(caseworker, person, _values(**overrides), today=TODAY)
    assert field in error.value.error_dict
    assert not Consent.objects.exists()


def test_a_partner_outside_the_clients_region_cannot_be_named(caseworker, municipality):
    person = ClientFactory(municipality=municipality)
    elsewhere = OrganisationFactory(kind=OrganisationKind.PARTNER)  # a region of its own
    employer = OrganisationFactory(kind=OrganisationKind.EMPLOYER, region=municipality.region)
    for organisation in (elsewhere, employer):
        with pytest.raises(ValidationError) as error:
            services.give_consent(
                caseworker,
                person,
                _values(scope=ConsentScope.SHARE_FILE_WITH_PARTNER, organisation=organisation),
                today=TODAY,
            )
        assert "organisation" in error.value.error_dict


def test_the_same_valid_consent_twice_is_refused(caseworker, municipality):
    person = ClientFactory(municipality=municipality)
    services.give_consent(caseworker, person, _values(), today=TODAY)
    with pytest.raises(ValidationError):
        services.give_consent(caseworker, person, _values(given_on=dt.date(2024, 5, 20)), today=TODAY)


def test_share_with_valid_consent_is_allowed(caseworker, municipality):
    person = ClientFactory(municipality=municipality)
    consent = ConsentFactory(client=person, given_on=dt.date(2024, 1, 1))
    found = services.require_consent(caseworker, person, ConsentScope.SHARE_PROFILE_WITH_EMPLOYERS, on=TODAY)
    assert found == consent


def test_share_without_consent_is_refused_and_logged(caseworker, municipality):
    person = ClientFactory(municipality=municipality)
    ConsentFactory(client=person, scope=ConsentScope.KNOWLEDGE_BASE, given_on=dt.date(2024, 1, 1))
    with pytest.raises(services.ConsentRequired) as error:
        services.require_consent(caseworker, person, ConsentScope.SHARE_PROFILE_WITH_EMPLOYERS, on=TODAY)
    assert "geen geldige toestemming" in error.value.messages[0]
    assert_audited(action=AuditAction.REFUSED, client_id=person.pk)


@pytest.mark.parametrize(
    ("given_on", "valid_until", "withdrawn_on"),
    [
        (dt.date(2024, 7, 1), None, None),  # not yet given
        (dt.date(2023, 1, 1), dt.date(2024, 5, 31), None),  # expired the day before
        (dt.date(2023, 1, 1), None, dt.date(2024, 6, 1)),  # withdrawn that very day
    ],
)
def test_consent_outside_its_dates_does_not_count(
    caseworker, municipality, given_on, valid_until, withdrawn_on
):
    person = ClientFactory(municipality=municipality)
    ConsentFactory(client=person, given_on=given_on, valid_until=valid_until, withdrawn_on=withdrawn_on)
    with pytest.raises(services.ConsentRequired):
        services.require_consent(caseworker, person, ConsentScope.SHARE_PROFILE_WITH_EMPLOYERS, on=TODAY)


def test_withdrawal_takes_effect_at_once(caseworker, municipality):
    person = ClientFactory(municipality=municipality)
    consent = ConsentFactory(client=person, given_on=dt.date(2024, 1, 1))
    services.withdraw_consent(caseworker, consent, ConsentMethod.PORTAL)
    with pytest.raises(services.ConsentRequired):
        services.require_consent(caseworker, person, ConsentScope.SHARE_PROFILE_WITH_EMPLOYERS)
    consent.refresh_from_db()
    assert consent.withdrawn_by == caseworker and consent.withdrawal_method == ConsentMethod.PORTAL
    assert_audited(action=AuditAction.CONSENT_WITHDRAWN, client_id=person.pk)
    with pytest.raises(ValidationError):
        services.withdraw_consent(caseworker, consent, ConsentMethod.PORTAL)


def test_override_needs_the_separate_permission(caseworker, municipality):
    person = ClientFactory(municipality=municipality)
    with pytest.raises(services.ConsentRequired) as error:
        services.require_consent(
            caseworker, person, ConsentScope.SHARE_PROFILE_WITH_EMPLOYERS, override_reason="spoed"
        )
    assert "bevoegdheid" in error.value.messages[0]
    assert_not_audited(action=AuditAction.OVERRIDE)


def test_override_with_permission_is_audited_with_its_reason(caseworker, municipality):
    person = ClientFactory(municipality=municipality)
    caseworker.user_permissions.add(Permission.objects.get(codename="override_consent"))
    caseworker = type(caseworker).objects.get(pk=caseworker.pk)  # fresh permission cache
    assert (
        services.require_consent(
            caseworker,
            person,
            ConsentScope.SHARE_PROFILE_WITH_EMPLOYERS,
            override_reason="Wettelijke plicht: melding aan UWV",
        )
        is None
    )
    entry = assert_audited(action=AuditAction.OVERRIDE, count=1)
    assert entry.purpose == "Wettelijke plicht: melding aan UWV" and entry.client_id == person.pk


def test_override_with_an_empty_reason_is_no_override(caseworker, municipality):
    person = ClientFactory(municipality=municipality)
    caseworker.user_permissions.add(Permission.objects.get(codename="override_consent"))
    caseworker = type(caseworker).objects.get(pk=caseworker.pk)
    with pytest.raises(services.ConsentRequired):
        services.require_consent(
            caseworker, person, ConsentScope.SHARE_PROFILE_WITH_EMPLOYERS, override_reason="   "
        )


def test_caseworker_records_and_withdraws_consent_through_the_file(caseworker_client, municipality):
    person = ClientFactory(municipality=municipality)
    url = reverse("cases:consent_create", kwargs={"client_id": person.pk})
    response = caseworker_client.post(
        url,
        {"scope": ConsentScope.SHARE_PROFILE_WITH_EMPLOYERS, "given_on": "2024-05-01", "method": "in_person"},
    )
    assert response.status_code == 302
    consent = person.consents.get()
    file_page = caseworker_client.get(reverse("cases:client", kwargs={"client_id": person.pk}))
    assert "werkprofiel delen met werkgevers" in file_page.content.decode()
    withdraw = reverse("cases:consent_withdraw", kwargs={"client_id": person.pk, "consent_id": consent.pk})
    bad = caseworker_client.post(withdraw, {"withdrawn_on": "2999-01-01", "method": "paper"})
    assert bad.status_code == 200 and "toekomst" in bad.content.decode()
    assert (
        caseworker_client.post(
            withdraw, {"withdrawn_on": dt.date.today().isoformat(), "method": "paper"}
        ).status_code
        == 302
    )
    consent.refresh_from_db()
    assert consent.withdrawn_on == dt.date.today()
