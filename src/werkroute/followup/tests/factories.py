import datetime as dt

import factory

from werkroute.accounts.tests.factories import UserFactory
from werkroute.cases.models import EpisodeKind
from werkroute.cases.tests.factories import ActivityFactory, ClientFactory, LabourEpisodeFactory
from werkroute.followup.models import (
    AfterCare,
    CheckIn,
    DigestSent,
    PartnerReport,
    RuleThreshold,
    Signal,
    SignalStatus,
    SweepRun,
)
from werkroute.regions.tests.factories import MunicipalityFactory, OrganisationFactory


class SignalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Signal

    client = factory.SubFactory(ClientFactory)
    rule = "intake_not_started"
    subject = ""
    status = SignalStatus.OPEN
    raised_on = factory.LazyFunction(dt.date.today)
    due_on = factory.LazyFunction(dt.date.today)
    reason = factory.LazyAttribute(
        lambda signal: {"registration": signal.client.registration_date.isoformat()}
    )


class AfterCareFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AfterCare

    client = factory.SubFactory(ClientFactory)
    episode = factory.SubFactory(
        LabourEpisodeFactory,
        client=factory.SelfAttribute("..client"),
        kind=EpisodeKind.PAID_WORK,
        hours_per_week=24,
        start_date=dt.date(2024, 1, 8),
    )
    current_episode = factory.SelfAttribute("episode")
    started_on = factory.LazyAttribute(lambda after_care: after_care.episode.start_date)


class CheckInFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CheckIn

    after_care = factory.SubFactory(AfterCareFactory)
    months = 1
    due_on = factory.LazyAttribute(lambda check_in: check_in.after_care.started_on + dt.timedelta(days=31))


class RuleThresholdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RuleThreshold

    municipality = factory.SubFactory(MunicipalityFactory)
    rule = "intake_not_started"
    name = "weeks"
    value = 6


class SweepRunFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SweepRun

    changes = factory.Dict({"raised": {"intake_not_started": 1}})


class DigestSentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DigestSent

    user = factory.SubFactory(UserFactory)
    sent_on = factory.LazyFunction(dt.date.today)


class PartnerReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnerReport

    activity = factory.SubFactory(ActivityFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    period_end = dt.date(2022, 10, 1)
    sessions_planned = 8
    sessions_attended = 6
    outcome = "going_well"
