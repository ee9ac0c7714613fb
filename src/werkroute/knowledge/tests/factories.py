import datetime as dt

import factory
from django.contrib.auth.models import Permission
from django.utils import timezone

from werkroute.accounts.models import Role
from werkroute.accounts.tests.factories import MembershipFactory, UserFactory
from werkroute.cases.tests.factories import ActivityFactory
from werkroute.knowledge.models import (
    ActivityIntervention,
    EvidenceLevel,
    Intervention,
    InterventionOutcome,
    InterventionVersion,
)
from werkroute.regions.models import OrganisationKind
from werkroute.regions.tests.factories import OrganisationFactory


class InterventionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Intervention

    code = factory.Sequence(lambda number: f"interventie-{number}")
    name = factory.Sequence(lambda number: f"Werkwijze {number}")
    description = "Deelnemers leren solliciteren en lopen stage bij een werkgever."
    evidence_level = EvidenceLevel.NOT_ASSESSED


class ActivityInterventionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActivityIntervention

    activity = factory.SubFactory(ActivityFactory)
    intervention = factory.SubFactory(InterventionFactory)


class InterventionVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InterventionVersion

    intervention = factory.SubFactory(InterventionFactory)
    number = 1
    content = factory.LazyAttribute(lambda version: content(code=version.intervention.code))
    reason = "Eerste versie."


class InterventionOutcomeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InterventionOutcome

    intervention = factory.SubFactory(InterventionFactory)
    as_of = dt.date(2026, 11, 1)
    computed_at = factory.LazyFunction(timezone.now)
    participants = 0
    # As the measurement stores an intervention with too few participants: nothing measured.
    data = factory.LazyFunction(lambda: {"participants": 0, "measured": False})


def knowledge_editor(municipality, username: str = "kennisredacteur"):  # type: ignore[no-untyped-def]
    """A policy analyst of the municipality who holds the knowledge editor's permission."""
    user = UserFactory(username=username)
    organisation = OrganisationFactory(
        kind=OrganisationKind.MUNICIPALITY, municipality=municipality, region=municipality.region
    )
    MembershipFactory(user=user, organisation=organisation, role=Role.POLICY_ANALYST)
    user.user_permissions.add(
        Permission.objects.get(codename="edit_catalogue", content_type__app_label="knowledge")
    )
    return user


def content(**changes):  # type: ignore[no-untyped-def]
    """A valid item of an exported catalogue."""
    return {
        "code": "taal-en-werk",
        "name": "Taal en werk",
        "description": "Vier dagen werken, een dag taalles op de werkvloer.",
        "target_group": "Statushouders met taalniveau A1 tot B1.",
        "not_for": "",
        "aims": "Betaald werk binnen een jaar.",
        "components": "Werkplek, taalcoach, jobcoach.",
        "duration": "6 maanden, 32 uur per week",
        "cost_per_participant": "2500.00",
        "providers": "Leerbedrijf Oost",
        "regions": [],
        "contact": "info@example.org",
        "sources": [
            {
                "title": "Werkwijzer Vluchtelingen: duale trajecten",
                "year": 2021,
                "url": "https://example.org/duaal",
            }
        ],
        "evidence_level": "well_described",
        "activity_types": ["dual_trajectory"],
        "learning_routes": ["B1"],
        "target_groups": [],
        "dutch_from": "A1",
        "dutch_to": "B1",
        "circumstances": [],
        "sectors": ["zorg"],
        "is_demo": False,
        **changes,
    }
