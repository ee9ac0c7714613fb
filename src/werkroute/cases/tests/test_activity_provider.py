"""plan_activity refuses a provider that is not a provider or partner of the client's region, whatever the
form offered."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from werkroute.cases import services
from werkroute.cases.models import Activity
from werkroute.cases.tests.factories import ClientFactory
from werkroute.regions.models import OrganisationKind
from werkroute.regions.tests.factories import OrganisationFactory, RegionFactory

pytestmark = pytest.mark.django_db


def _values(provider):  # type: ignore[no-untyped-def]
    return {
        "activity_type": "work_placement",
        "start_date": dt.date(2024, 2, 1),
        "hours_per_week": 16,
        "provider": provider,
    }


def test_a_provider_of_another_region_is_refused(caseworker, municipality):
    person = ClientFactory(municipality=municipality)
    elsewhere = OrganisationFactory(kind=OrganisationKind.PROVIDER, region=RegionFactory())
    with pytest.raises(ValidationError) as error:
        services.plan_activity(caseworker, person, _values(elsewhere))
    assert "provider" in error.value.error_dict
    assert not Activity.objects.filter(client=person).exists()


def test_an_employer_of_the_region_is_no_provider(caseworker, municipality):
    person = ClientFactory(municipality=municipality)
    employer = OrganisationFactory(kind=OrganisationKind.EMPLOYER, region=municipality.region)
    with pytest.raises(ValidationError):
        services.plan_activity(caseworker, person, _values(employer))


def test_a_provider_or_partner_of_the_region_and_no_provider_are_accepted(caseworker, municipality):
    person = ClientFactory(municipality=municipality)
    for kind in (OrganisationKind.PROVIDER, OrganisationKind.PARTNER):
        services.plan_activity(
            caseworker, person, _values(OrganisationFactory(kind=kind, region=municipality.region))
        )
    services.plan_activity(caseworker, person, _values(None))
    assert Activity.objects.filter(client=person).count() == 3
