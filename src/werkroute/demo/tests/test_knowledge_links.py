"""The knowledge benchmark's links (``demo.knowledge.link_activities``): set-based, yet exactly the links
a row-by-row pass with the same seed would make."""

from __future__ import annotations

import numpy as np
import pytest

from werkroute.cases.models import Activity, ActivityStatus, ActivityType
from werkroute.cases.tests.factories import ActivityFactory, ClientFactory, IntakeFactory
from werkroute.demo.knowledge import LINKED_SHARE, link_activities
from werkroute.knowledge.models import ActivityIntervention
from werkroute.knowledge.tests.factories import ActivityInterventionFactory, InterventionFactory
from werkroute.monitoring.engine import STARTED_STATUSES

pytestmark = pytest.mark.django_db

KINDS = [ActivityType.LANGUAGE_COURSE, ActivityType.WORK_PLACEMENT, ActivityType.VOLUNTEERING]
STATUSES = [ActivityStatus.ACTIVE, ActivityStatus.COMPLETED, ActivityStatus.PLANNED, ActivityStatus.CANCELLED]


def _reference(interventions, seed):
    """The links one activity at a time, in key order, drawing as the function documents."""
    rng = np.random.default_rng(seed)
    linked = set(ActivityIntervention.objects.values_list("activity_id", flat=True))
    rows = [
        activity
        for activity in Activity.objects.filter(status__in=STARTED_STATUSES)
        .select_related("client")
        .order_by("pk")
        if activity.pk not in linked
    ]
    free = {activity.pk for activity in rows}
    links = set()
    for intervention in interventions:
        draws = rng.random(len(rows))
        for draw, activity in zip(draws, rows, strict=True):
            male = activity.client.gender == "male"
            with_intake = hasattr(activity.client, "intake")
            chance = LINKED_SHARE * (1.3 if male else 0.7) * (1.2 if with_intake else 0.6)
            if (
                activity.pk in free
                and activity.activity_type in intervention.activity_types
                and draw < chance
            ):
                free.discard(activity.pk)
                links.add((activity.pk, intervention.pk))
    return links


def test_the_links_are_those_of_a_row_by_row_pass(municipality):
    rng = np.random.default_rng(7)
    for number in range(60):
        person = ClientFactory(municipality=municipality, gender="male" if number % 3 else "female")
        if number % 2:
            IntakeFactory(client=person)
        for _ in range(3):
            ActivityFactory(
                client=person,
                activity_type=KINDS[int(rng.integers(len(KINDS)))],
                status=STATUSES[int(rng.integers(len(STATUSES)))],
            )
    interventions = [
        InterventionFactory(activity_types=[ActivityType.LANGUAGE_COURSE, ActivityType.VOLUNTEERING]),
        InterventionFactory(activity_types=[ActivityType.WORK_PLACEMENT]),
        InterventionFactory(activity_types=[ActivityType.LANGUAGE_COURSE]),
    ]
    already = ActivityInterventionFactory(
        activity=Activity.objects.filter(status=ActivityStatus.ACTIVE).first(), intervention=interventions[1]
    )
    expected = _reference(interventions, seed=11)

    made = link_activities(interventions, seed=11)

    links = set(
        ActivityIntervention.objects.exclude(pk=already.pk).values_list("activity_id", "intervention_id")
    )
    assert made == len(links) == len(expected) > 0
    assert links == expected
    started = set(Activity.objects.filter(status__in=STARTED_STATUSES).values_list("pk", flat=True))
    assert {activity for activity, _ in links} <= started
    # The link made before is kept, and the activity is not linked a second time.
    assert ActivityIntervention.objects.get(pk=already.pk).intervention == interventions[1]


def test_nothing_to_link_makes_no_links(municipality):
    ActivityFactory(client=ClientFactory(municipality=municipality), status=ActivityStatus.PLANNED)
    assert link_activities([InterventionFactory(activity_types=[ActivityType.LANGUAGE_COURSE])], seed=1) == 0
    assert not ActivityIntervention.objects.exists()
