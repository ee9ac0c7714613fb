"""The client's stored learning route (``Client.current_learning_route``, read by the caseload's route filter
and column) is always the route of the newest plan version: set with every new version, filled by the
migration for older data, and written nowhere else."""

import ast
import datetime as dt
from pathlib import Path

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from werkroute.cases import selectors, services
from werkroute.cases.models import Client
from werkroute.cases.tests.factories import ClientFactory
from werkroute.cases.tests.test_plan_revision import _plan_form
from werkroute.core.models import StaleObjectError

SOURCE = Path(__file__).resolve().parents[2]  # src/werkroute

# Every module that writes plan versions (or the stored route) itself, and why the route stays right there.
# The scan below must find exactly these: a new writer fails the test until it keeps the route and is added.
WRITERS = {
    "cases/services.py": "create_plan_version sets it under the client's lock; store_current_learning_routes",
    "demo/loader.py": "bulk plans, then store_current_learning_routes in the same transaction",
    "cases/tests/factories.py": "PlanVersionFactory calls store_current_learning_routes",
    "knowledge/tests/planting.py": "bulk plans, then store_current_learning_routes",
    "demo/tests/test_demo_rows_pass_the_services.py": "deletes plans and writes them again through the service",
}
WRITE_METHODS = {"create", "bulk_create", "get_or_create", "update_or_create", "update", "delete"}


def _writes_plans_or_route(tree: ast.AST, source: str) -> bool:
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            function = node.func
            if isinstance(function, ast.Name) and function.id == "PlanVersion":
                return True
            if isinstance(function, ast.Attribute):
                if function.attr == "PlanVersion":
                    return True
                receiver = ast.get_source_segment(source, function.value) or ""
                if function.attr in WRITE_METHODS and (
                    "PlanVersion" in receiver or "plan_versions" in receiver
                ):
                    return True
                if function.attr == "update" and any(
                    keyword.arg == "current_learning_route" for keyword in node.keywords
                ):
                    return True
        if isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(t, ast.Attribute) and t.attr == "current_learning_route" for t in targets):
                return True
        # A factory of plan versions creates rows without a visible call (a ModelForm's ``model`` does not).
        if isinstance(node, ast.ClassDef) and node.name.endswith("Factory"):
            meta = ast.get_source_segment(source, node) or ""
            if "model = PlanVersion\n" in meta:
                return True
    return False


def test_only_known_modules_write_plan_versions_or_the_stored_route():
    found = set()
    for path in SOURCE.rglob("*.py"):
        relative = path.relative_to(SOURCE).as_posix()
        if "/migrations/" in relative or path == Path(__file__).resolve():
            continue
        source = path.read_text(encoding="utf-8")
        if _writes_plans_or_route(ast.parse(source), source):
            found.add(relative)
    assert found == set(WRITERS)


@pytest.mark.django_db
def test_each_new_plan_version_sets_the_stored_route(caseworker_client, municipality):
    person = ClientFactory(municipality=municipality, last_name="Planmaker")
    assert person.current_learning_route == ""
    url = reverse("cases:plan_create", kwargs={"client_id": person.pk})
    assert caseworker_client.post(url, _plan_form()).status_code == 302
    person.refresh_from_db()
    assert person.current_learning_route == "B1"
    assert (
        caseworker_client.post(
            url,
            _plan_form(
                based_on="1", route="Z", goal="Zelfstandig boodschappen doen", reason="Taal gaat te moeilijk"
            ),
        ).status_code
        == 302
    )
    person.refresh_from_db()
    assert person.current_learning_route == "Z"
    assert not selectors.learning_route_drift().exists()
    caseload = reverse("cases:caseload")
    assert "Planmaker" in caseworker_client.get(caseload, {"scope": "all", "route": "Z"}).content.decode()
    assert (
        "Planmaker" not in caseworker_client.get(caseload, {"scope": "all", "route": "B1"}).content.decode()
    )


@pytest.mark.django_db
def test_a_refused_revision_leaves_the_stored_route(caseworker, municipality):
    person = ClientFactory(municipality=municipality)
    values = {"plan_date": dt.date(2022, 7, 20), "learning_route": "ONDERWIJS"}
    goals = [{"description": "Start mbo niveau 2", "target_date": None}]
    services.create_plan_version(caseworker, person, None, values, goals)
    with pytest.raises(StaleObjectError):
        services.create_plan_version(caseworker, person, None, {**values, "learning_route": "Z"}, goals)
    person.refresh_from_db()
    assert person.current_learning_route == "ONDERWIJS"
    assert not selectors.learning_route_drift().exists()


@pytest.mark.django_db
def test_the_drift_check_finds_a_route_out_of_step(caseworker, municipality):
    person = ClientFactory(municipality=municipality)
    services.create_plan_version(
        caseworker,
        person,
        None,
        {"plan_date": dt.date(2022, 7, 20), "learning_route": "B1"},
        [{"description": "Taalniveau B1 halen", "target_date": None}],
    )
    without_plan = ClientFactory(municipality=municipality)
    Client.objects.filter(pk=person.pk).update(current_learning_route="Z")
    Client.objects.filter(pk=without_plan.pk).update(current_learning_route="B1")
    assert set(selectors.learning_route_drift()) == {person, without_plan}
    services.store_current_learning_routes(Client.objects.all())
    assert not selectors.learning_route_drift().exists()


@pytest.mark.django_db(transaction=True)
def test_the_migration_fills_the_route_of_the_newest_plan():
    before = [("cases", "0013_handovers_and_early_start")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    region = old.get_model("regions", "Region").objects.create(code="AM98", name="Testregio")
    municipality = old.get_model("regions", "Municipality").objects.create(
        code="GM9998", name="Test", region=region
    )
    target_group = old.get_model("cases", "TargetGroup").objects.get_or_create(
        code="statushouder", defaults={"name": "Statushouder"}
    )[0]
    OldClient = old.get_model("cases", "Client")
    OldPlan = old.get_model("cases", "PlanVersion")
    people = [
        OldClient.objects.create(
            first_name="A",
            last_name=name,
            date_of_birth="1990-01-01",
            municipality=municipality,
            registration_date="2022-01-01",
            target_group=target_group,
        )
        for name in ("Twee", "Een", "Geen")
    ]
    for number, route in ((1, "B1"), (2, "ONDERWIJS")):
        OldPlan.objects.create(client=people[0], number=number, plan_date="2022-03-01", learning_route=route)
    OldPlan.objects.create(client=people[1], number=1, plan_date="2022-03-01", learning_route="Z")

    MigrationExecutor(connection).migrate(executor.loader.graph.leaf_nodes())
    stored = dict(
        Client.objects.filter(municipality_id=municipality.pk).values_list(
            "last_name", "current_learning_route"
        )
    )
    assert stored == {"Twee": "ONDERWIJS", "Een": "Z", "Geen": ""}
    assert not selectors.learning_route_drift().exists()
