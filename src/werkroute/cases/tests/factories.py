import datetime as dt
from typing import Any

import factory

from werkroute.accounts.tests.factories import UserFactory
from werkroute.cases.events import Kind
from werkroute.cases.models import (
    Activity,
    ActivityStatus,
    ActivityType,
    Client,
    ClientAccount,
    Consent,
    ConsentMethod,
    ConsentScope,
    Education,
    EpisodeKind,
    Handover,
    Intake,
    LabourEpisode,
    LearningRoute,
    Message,
    Note,
    PlanGoal,
    PlanVersion,
    Relocation,
    RetentionTrace,
    TargetGroup,
    TimelineEvent,
    WorkExperience,
)
from werkroute.cases.services import store_current_learning_routes
from werkroute.core.crypto import lookup_hash
from werkroute.regions.tests.factories import MunicipalityFactory
from werkroute.taxonomy.tests.factories import OccupationFactory


def _statushouder() -> TargetGroup:
    return TargetGroup.objects.get_or_create(code="statushouder", defaults={"name": "Statushouder"})[0]


class TargetGroupFactory(factory.django.DjangoModelFactory):
    """A target group besides statushouders, such as a region's own group (the PIP deadline of the
    integration law does not apply to it)."""

    class Meta:
        model = TargetGroup
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda number: f"doelgroep-{number}")
    name = factory.Sequence(lambda number: f"Doelgroep {number}")
    region = None


class ClientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Client

    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    date_of_birth = dt.date(1990, 5, 17)
    municipality = factory.SubFactory(MunicipalityFactory)
    permit_date = dt.date(2022, 3, 1)
    registration_date = dt.date(2022, 6, 1)
    target_group = factory.LazyFunction(_statushouder)
    gender = "female"
    bsn = ""
    bsn_hash = factory.LazyAttribute(lambda client: lookup_hash(client.bsn))


class IntakeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Intake

    client = factory.SubFactory(ClientFactory)
    intake_date = factory.LazyAttribute(lambda intake: intake.client.guidance_from + dt.timedelta(days=14))
    dutch_listening = "A1"
    dutch_reading = "A1"
    dutch_speaking = "A0"
    dutch_writing = "A0"
    hours_available = 24
    learning_route_advice = LearningRoute.B1


class PlanVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanVersion

    client = factory.SubFactory(ClientFactory)
    number = factory.Sequence(lambda number: number + 1)
    plan_date = factory.LazyAttribute(lambda plan: plan.client.registration_date + dt.timedelta(weeks=8))
    learning_route = LearningRoute.B1

    @classmethod
    def _create(cls, model_class: type[PlanVersion], *args: Any, **kwargs: Any) -> PlanVersion:
        # A plan version written beside the service still keeps the client's stored route right, as the
        # demo's bulk loader does.
        plan = super()._create(model_class, *args, **kwargs)
        store_current_learning_routes(Client.objects.filter(pk=plan.client_id))
        plan.client.refresh_from_db(fields=["current_learning_route"])
        return plan


class PlanGoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanGoal

    plan_version = factory.SubFactory(PlanVersionFactory)
    description = "Taalniveau B1 halen"


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    client = factory.SubFactory(ClientFactory)
    activity_type = ActivityType.LANGUAGE_COURSE
    start_date = dt.date(2022, 9, 1)
    status = ActivityStatus.ACTIVE
    hours_per_week = 12


class LabourEpisodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LabourEpisode

    client = factory.SubFactory(ClientFactory)
    kind = EpisodeKind.SOCIAL_ASSISTANCE
    start_date = dt.date(2022, 6, 1)


class NoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Note

    client = factory.SubFactory(ClientFactory)
    occurred_on = dt.date(2022, 7, 1)
    text = "Kennismakingsgesprek"


class ConsentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consent

    client = factory.SubFactory(ClientFactory)
    municipality = factory.LazyAttribute(lambda consent: consent.client.municipality)
    scope = ConsentScope.SHARE_PROFILE_WITH_EMPLOYERS
    organisation = None
    given_on = dt.date(2023, 1, 10)
    method = ConsentMethod.PAPER


def _signal_of(person):  # type: ignore[no-untyped-def]
    """The client's live signal (one per rule and subject may exist), made when there is none."""
    from werkroute.followup.models import Signal
    from werkroute.followup.tests.factories import SignalFactory

    return Signal.objects.filter(client=person, status__in=["open", "snoozed"]).first() or SignalFactory(
        client=person
    )


def _check_in_of(person):  # type: ignore[no-untyped-def]
    from werkroute.followup.tests.factories import CheckInFactory

    return CheckInFactory(after_care__client=person, after_care__episode__client=person)


def url_kwargs_for(pattern, person) -> dict:  # type: ignore[no-untyped-def]
    """Arguments for a URL pattern about ``person``, built from the pattern's own converters, so tests
    generated from the URL configuration cover a new page without being told about it."""
    builders = {
        "client_id": lambda: person.pk,
        "activity_id": lambda: ActivityFactory(client=person).pk,
        "episode_id": lambda: LabourEpisodeFactory(client=person).pk,
        "number": lambda: PlanVersionFactory(client=person, number=1).number,
        "consent_id": lambda: ConsentFactory(client=person).pk,
        "signal_id": lambda: _signal_of(person).pk,
        "check_in_id": lambda: _check_in_of(person).pk,
    }
    converters = pattern.pattern.converters
    missing = set(converters) - set(builders)
    assert not missing, f"Teach url_kwargs_for to build {missing} for {pattern.name}"
    return {key: builders[key]() for key in converters}


class RelocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Relocation

    client = factory.SubFactory(ClientFactory)
    from_municipality = factory.SubFactory(MunicipalityFactory)
    to_municipality = factory.LazyAttribute(lambda relocation: relocation.client.municipality)
    moved_on = factory.LazyAttribute(lambda relocation: relocation.client.registration_date)


class HandoverFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Handover

    client = factory.SubFactory(ClientFactory)
    from_municipality = factory.LazyAttribute(lambda handover: handover.client.municipality)
    to_municipality = factory.SubFactory(MunicipalityFactory)
    moved_on = dt.date(2024, 3, 1)
    status = "sent"
    sent_on = dt.date(2024, 3, 1)
    ground = "legal_basis"
    legal_basis = "wet_inburgering_2021"
    note = "Loopt goed; taaltraject loopt door."


class EducationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Education

    intake = factory.SubFactory(IntakeFactory)
    isced_level = 3
    field = "techniek"
    years = 3
    country = "SY"


class WorkExperienceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkExperience

    intake = factory.SubFactory(IntakeFactory)
    occupation = factory.SubFactory(OccupationFactory)
    years = 2
    country = "SY"


class TimelineEventFactory(factory.django.DjangoModelFactory):
    """A note on the timeline. Code makes events only through ``cases.events``; this is for tests that
    need rows (lists, retention, exports) without the services around them."""

    class Meta:
        model = TimelineEvent

    client = factory.SubFactory(ClientFactory)
    kind = Kind.NOTE_ADDED
    occurred_on = dt.date(2024, 3, 1)
    actor = factory.SubFactory(UserFactory)
    data = factory.Dict({"channel": "in_person"})


class RetentionTraceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RetentionTrace

    pseudonym = factory.Sequence(lambda number: f"spoor-{number:08d}")
    municipality = factory.SubFactory(MunicipalityFactory)
    permit_year = 2016
    registration_year = 2016
    last_event_on = dt.date(2018, 6, 1)
    records_removed = factory.Dict({"clients": 1})


class ClientAccountFactory(factory.django.DjangoModelFactory):
    """A client's own portal account, linked to one file; the user has no memberships."""

    class Meta:
        model = ClientAccount

    user = factory.SubFactory(UserFactory)
    client = factory.SubFactory(ClientFactory)


class MessageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Message

    client = factory.SubFactory(ClientFactory)
    from_client = True
    text = "Goedemorgen, ik heb een vraag."
