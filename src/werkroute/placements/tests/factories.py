import datetime as dt

import factory

from werkroute.accounts.models import Role
from werkroute.accounts.tests.factories import MembershipFactory, UserFactory
from werkroute.cases.tests.factories import ClientFactory
from werkroute.placements.models import EmployerContact, Placement, PlacementKind, Referral, ReferralStatus
from werkroute.regions.models import OrganisationKind
from werkroute.regions.tests.factories import OrganisationFactory, PostcodeAreaFactory
from werkroute.taxonomy.tests.factories import OccupationFactory


class EmployerFactory(OrganisationFactory):
    kind = OrganisationKind.EMPLOYER
    name = factory.Sequence(lambda number: f"Werkgever {number}")


class EmployerContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EmployerContact

    employer = factory.SubFactory(EmployerFactory)
    name = factory.Faker("name", locale="nl_NL")


class PlacementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Placement
        skip_postgeneration_save = True

    employer = factory.SubFactory(EmployerFactory)
    kind = PlacementKind.WORK_EXPERIENCE
    title = factory.Sequence(lambda number: f"Werkervaringsplaats {number}")
    occupation = factory.SubFactory(OccupationFactory)
    hours_per_week = 24
    postcode = factory.SubFactory(PostcodeAreaFactory)
    capacity = 1


class ReferralFactory(factory.django.DjangoModelFactory):
    """A proposed referral as a row; the steps after it belong to ``placements.services``."""

    class Meta:
        model = Referral

    client = factory.SubFactory(ClientFactory)
    placement = factory.SubFactory(PlacementFactory)
    status = ReferralStatus.PROPOSED
    proposed_by = factory.SubFactory(UserFactory)
    proposed_on = dt.date(2024, 3, 1)
    score = 0.5
    score_parts = factory.Dict({"occupation": 0.5})


def service_point_worker(region, **user_fields):  # type: ignore[no-untyped-def]
    """An account manager of the employer service point of ``region``."""
    user = UserFactory(**user_fields)
    point = OrganisationFactory(kind=OrganisationKind.EMPLOYER_SERVICE_POINT, region=region)
    MembershipFactory(user=user, organisation=point, role=Role.EMPLOYER_SERVICE)
    return user


def employer_user(employer, **user_fields):  # type: ignore[no-untyped-def]
    user = UserFactory(**user_fields)
    MembershipFactory(user=user, organisation=employer, role=Role.EMPLOYER)
    return user
