import datetime as dt

import pytest

from werkroute.accounts.tests.factories import UserFactory
from werkroute.cases.models import ActivityStatus
from werkroute.cases.tests.factories import (
    ActivityFactory,
    ClientAccountFactory,
    ClientFactory,
    PlanGoalFactory,
    PlanVersionFactory,
)
from werkroute.placements.tests.factories import PlacementFactory, ReferralFactory


@pytest.fixture
def person(municipality, caseworker):
    """A client with a plan, an activity and a proposal, guided by ``caseworker``."""
    person = ClientFactory(
        municipality=municipality,
        caseworker=caseworker,
        first_name="Amina",
        last_name="Haddad",
        bsn="111222333",
    )
    plan = PlanVersionFactory(client=person, number=1, agreements="Elke week twee keer naar de taalles.")
    PlanGoalFactory(plan_version=plan, description="Nederlands op niveau A2", target_date=dt.date(2027, 6, 1))
    ActivityFactory(
        client=person, status=ActivityStatus.PLANNED, start_date=dt.date.today() + dt.timedelta(days=7)
    )
    ReferralFactory(
        client=person,
        placement=PlacementFactory(employer__region=municipality.region, title="Medewerker bakkerij"),
        score_parts={"occupation": 0.3, "language": 0.2, "travel": 0.1},
    )
    return person


@pytest.fixture
def account(person):
    return ClientAccountFactory(client=person, user=UserFactory(username="klant.test"))


@pytest.fixture
def portal_client(client, account):
    client.force_login(account.user)
    return client
