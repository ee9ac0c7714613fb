"""The loader writes exactly the simulated population, with timeline events shaped like the services'."""

import numpy as np
import pytest
from django.db.models import F
from django.urls import reverse

from werkroute.accounts.models import Role, User
from werkroute.cases import selectors
from werkroute.cases.events import Kind, describe
from werkroute.cases.models import (
    Activity,
    Client,
    Consent,
    Education,
    Intake,
    LabourEpisode,
    Note,
    PlanGoal,
    PlanVersion,
    TimelineEvent,
    WorkExperience,
)
from werkroute.demo import loader
from werkroute.demo import region as demo_region
from werkroute.demo.simulation import simulate
from werkroute.demo.tests.conftest import TODAY
from werkroute.placements.events import Kind as ReferralKind
from werkroute.placements.models import Referral
from werkroute.regions.tests.factories import MunicipalityFactory, PostcodeAreaFactory, RegionFactory
from werkroute.taxonomy.tests.factories import IscoGroupFactory, OccupationFactory, OccupationSkillFactory

pytestmark = pytest.mark.django_db

# The data keys of each kind, as the typed functions of cases/events.py write them.
EVENT_KEYS = {
    Kind.CLIENT_REGISTERED: set(),
    Kind.INTAKE_RECORDED: {"first"},
    Kind.PLAN_VERSION_CREATED: {"number", "route"},
    Kind.ACTIVITY_PLANNED: {"activity_id", "activity_type", "start"},
    Kind.ACTIVITY_STATUS_CHANGED: {"activity_id", "activity_type", "old", "new"},
    Kind.LABOUR_EPISODE_STARTED: {"episode_id", "episode_kind", "hours"},
    Kind.LABOUR_EPISODE_ENDED: {"episode_id", "episode_kind"},
    Kind.NOTE_ADDED: {"note_id", "channel"},
    Kind.CONSENT_GIVEN: {"consent_id", "scope", "organisation_id", "method", "valid_until"},
    ReferralKind.REFERRAL_PROPOSED: {"referral_id", "placement_id", "placement", "while_in_work"},
    ReferralKind.REFERRAL_STATUS_CHANGED: {"referral_id", "placement_id", "placement", "old", "new"},
}
# A declined referral's last step names the reason.
DECLINED_KEYS = EVENT_KEYS[ReferralKind.REFERRAL_STATUS_CHANGED] | {"reason"}


@pytest.fixture
def small_region():
    """A stand-in for the demo region: three municipalities, postcodes, occupations with skills."""
    region = RegionFactory(name="Testregio")
    municipalities = [MunicipalityFactory(region=region, name=name) for name in ("Groot", "Middel", "Klein")]
    region.centre_municipality = municipalities[0]
    region.save()
    for municipality, codes in zip(municipalities, (("6511", "6512"), ("6601",), ()), strict=True):
        for code in codes:
            PostcodeAreaFactory(pc4=code, municipality=municipality)
    for isco in ("9112", "5120", "8322", "7212", "2512", "5223"):
        group = IscoGroupFactory(code=isco)
        for _ in range(2):
            occupation = OccupationFactory(isco_group=group)
            OccupationSkillFactory.create_batch(3, occupation=occupation)
    return region


@pytest.fixture
def loaded(small_region):
    population = simulate(demo_region.region_input(small_region), 300, seed=3, today=TODAY)
    demo = demo_region.prepare_region(small_region)
    summary = loader.load_population(population, demo, chunk_size=120)
    return population, demo, summary


def _expected_consents(population) -> int:
    """The loader's rule: with an intake, the work profile unless the position is a multiple of five, the
    file with the partner at positions 1, 5, 9, ..."""
    positions = np.flatnonzero(population.has_intake)
    return int((positions % 5 != 0).sum() + (positions % 4 == 1).sum())


def _referral_steps() -> int:
    """A referral's proposal and each step along proposed → consented → sent → declined it has reached."""
    path = ["proposed", "consented", "sent", "declined"]
    return sum(1 + path.index(status) for status in Referral.objects.values_list("status", flat=True))


def _expected_events(population) -> int:
    activities = population.activities
    started = activities.status != "planned"
    closed = np.isin(activities.status, ["completed", "stopped_early"])
    return int(
        len(population)
        + population.has_intake.sum()
        + len(population.intake_updates)
        + len(population.plans)
        + len(activities)
        + started.sum()
        + closed.sum()
        + len(population.episodes)
        + (~np.isnat(population.episodes.end)).sum()
        + len(population.notes)
        + _expected_consents(population)
    )


def test_the_database_holds_exactly_the_simulated_rows(loaded):
    population, _demo, summary = loaded
    assert Client.objects.count() == len(population) == 300
    assert Intake.objects.count() == population.has_intake.sum()
    assert Education.objects.count() == population.has_intake.sum()
    assert WorkExperience.objects.count() == len(population.work_experience)
    assert PlanVersion.objects.count() == len(population.plans)
    assert Activity.objects.count() == len(population.activities)
    assert LabourEpisode.objects.count() == len(population.episodes)
    assert Note.objects.count() == len(population.notes)
    assert TimelineEvent.objects.count() == _expected_events(population) + _referral_steps()
    assert Consent.objects.count() == summary.counts["consents"] == _expected_consents(population) > 0
    assert PlanGoal.objects.count() == summary.counts["plan goals"] > 0
    assert summary.counts["clients"] == 300
    first = Client.objects.get(pk=population.ids[0].tobytes().hex())
    assert first.first_name == population.first_name[0]
    assert first.permit_date == population.permit_date[0].item()
    assert first.labour_episodes.count() == len(population.episodes.for_clients(0, 1))


def test_every_client_stores_the_route_of_its_newest_plan(loaded):
    population, _demo, _summary = loaded
    assert not selectors.learning_route_drift().exists()
    planned = len(np.unique(population.plans.client))
    assert Client.objects.exclude(current_learning_route="").count() == planned > 0


def test_every_client_is_guided_by_the_demo_caseworker_of_its_municipality(loaded):
    assert not Client.objects.exclude(
        caseworker__memberships__organisation__municipality=F("municipality")
    ).exists()
    caseworkers = User.objects.filter(is_demo_account=True, memberships__role=Role.CASEWORKER)
    assert caseworkers.count() == 3
    assert not Client.objects.exclude(caseworker__in=caseworkers).exists()


def test_timeline_events_have_the_shape_of_the_typed_events(loaded):
    for event in TimelineEvent.objects.select_related("client").iterator():
        expected = DECLINED_KEYS if event.data.get("new") == "declined" else EVENT_KEYS[event.kind]
        assert set(event.data) == expected, event.kind
        assert describe(event) != event.kind
        if "activity_id" in event.data:
            activity = Activity.objects.get(pk=event.data["activity_id"])
            assert activity.client_id == event.client_id
            assert activity.activity_type == event.data["activity_type"]
        if "episode_id" in event.data:
            assert LabourEpisode.objects.filter(
                pk=event.data["episode_id"], client_id=event.client_id
            ).exists()
        if "note_id" in event.data:
            assert Note.objects.filter(pk=event.data["note_id"], client_id=event.client_id).exists()


def test_a_caseworker_sees_the_case_file_of_a_demo_client(loaded, client):
    _population, demo, _summary = loaded
    person = Client.objects.filter(municipality=demo.municipalities[0]).order_by("permit_date").first()
    client.force_login(person.caseworker)
    response = client.get(reverse("cases:client", kwargs={"client_id": person.pk}))
    assert response.status_code == 200
    assert "Ingeschreven in de gemeente" in response.content.decode()


def test_removing_the_demo_population_leaves_no_case_rows_but_keeps_the_accounts(loaded):
    assert demo_region.remove_demo_population() == 300
    for model in (
        Client,
        Intake,
        PlanVersion,
        PlanGoal,
        Activity,
        LabourEpisode,
        Note,
        TimelineEvent,
        Referral,
    ):
        assert not model.objects.exists(), model.__name__
    assert User.objects.filter(is_demo_account=True).count() == 9  # accounts stay when the clients go


def test_no_timeline_event_lies_after_today(loaded):
    population, _demo, _summary = loaded
    assert population.activities.status.tolist().count("planned") > 0  # there are activities still ahead
    assert not TimelineEvent.objects.filter(occurred_on__gt=population.today).exists()


def test_the_demo_market_has_placements_and_scored_referrals(loaded):
    from werkroute.placements.models import Placement

    assert (
        Placement.objects.filter(status="open").count()
        == len(loader.EMPLOYERS) * loader.PLACEMENTS_PER_EMPLOYER
    )
    referrals = list(Referral.objects.all())
    assert referrals
    assert all(0 < referral.score <= 1 and referral.score_parts for referral in referrals)
    assert all(referral.consent is not None for referral in referrals if referral.status != "proposed")


def test_demo_placements_fit_their_employers(loaded):
    """No truck driver at the hotel, no teacher at the care group: each employer offers its own kind of work."""
    from werkroute.placements.models import Placement

    placements = list(Placement.objects.select_related("employer", "occupation__isco_group"))
    assert placements
    for placement in placements:
        groups = loader.EMPLOYER_ISCO_GROUPS[placement.employer.name]
        assert placement.occupation.isco_group.code.startswith(groups), (
            placement.employer.name,
            placement.title,
        )
    titles = {placement.employer.name: set() for placement in placements}
    for placement in placements:
        titles[placement.employer.name].add(placement.title)
    assert all(len(offered) > 1 for offered in titles.values())  # not one job six times over
