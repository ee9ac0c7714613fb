"""``werkroute demo``: loads the region once, prints accounts that work, and cleans up after itself."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client as Browser
from django.urls import reverse

from werkroute.accounts.models import User
from werkroute.cases.models import Client
from werkroute.cases.tests.factories import RelocationFactory
from werkroute.demo.region import DEMO_PASSWORD
from werkroute.demo.tests.conftest import TODAY
from werkroute.regions.models import Municipality

pytestmark = pytest.mark.django_db


def _logs_in(username: str, password: str) -> bool:
    """Through the real login page, as a person would (and as the lockout protection sees it)."""
    response = Browser().post(reverse("login"), {"username": username, "password": password})
    return response.status_code == 302


def _demo(**options) -> str:
    out = StringIO()
    call_command("demo", stdout=out, today=TODAY, **options)
    return out.getvalue()


def test_the_demo_creates_clients_and_accounts_that_can_log_in():
    output = _demo(clients=200)
    assert Client.objects.count() == 200
    usernames = [
        "klantmanager.nijmegen",
        "klantmanager.berg-en-dal",
        "teamleider.nijmegen",
        "beheerder",
        "partner.vluchtelingenwerk",
        "privacy.nijmegen",
        "wsp.nijmegen",
        "werkgever.schoonmaakbedrijf-waalstad",
        "klant.demo",
    ]
    for username in usernames:
        assert username in output
        assert _logs_in(username, DEMO_PASSWORD), username
    assert DEMO_PASSWORD in output
    # 7 caseworkers, a team lead, an administrator, a partner worker, a privacy officer and the employer
    # service point's account manager, an employer, a client with their portal account, and the system
    # account of the demo API client of Nijmegen.
    assert User.objects.filter(is_demo_account=True).count() == 15
    demo_client = User.objects.get(username="klant.demo")
    assert demo_client.client_account.client.plan_versions.exists()
    assert not demo_client.memberships.exists()
    assert "client_id=" in output and "client_secret=" in output
    assert User.objects.get(username="beheerder").is_staff
    assert not _logs_in("klantmanager.nijmegen", "wrong-password")
    # The knowledge base: demo content, never assessed, with activities that carry it out, measured.
    from werkroute.knowledge.models import ActivityIntervention, Intervention, InterventionOutcome

    catalogue = Intervention.objects.all()
    assert catalogue.count() == 7 and all(item.is_demo and not item.sources for item in catalogue)
    assert {item.evidence_level for item in catalogue} == {"not_assessed"}
    assert ActivityIntervention.objects.exists()
    assert InterventionOutcome.objects.count() == 7
    assert "Kennisbank:" in output
    # One warm handover waits in Nijmegen, with its signal for the sending caseworker.
    from werkroute.cases.models import Handover
    from werkroute.followup.models import Signal

    handover = Handover.objects.select_related("client", "to_municipality").get()
    assert handover.status == "sent" and handover.to_municipality.name == "Nijmegen"
    assert handover.client.municipality.name != "Nijmegen"
    assert Signal.objects.filter(client=handover.client, rule="handover_pending", status="open").exists()
    assert "Eén warme overdracht wacht op acceptatie." in output


def test_a_second_run_with_if_empty_adds_nothing_and_prints_the_accounts():
    _demo(clients=200)
    output = _demo(clients=200, if_empty=True)
    assert Client.objects.count() == 200
    assert "klantmanager.nijmegen" in output
    assert DEMO_PASSWORD in output


def test_a_second_population_is_refused_unless_reset():
    _demo(clients=50)
    with pytest.raises(CommandError, match="--reset"):
        _demo(clients=50)
    _demo(clients=30, reset=True)
    assert Client.objects.count() == 30


def test_remove_accounts_deletes_every_demo_account():
    _demo(clients=20)
    output = _demo(remove_accounts=True)
    assert "15 demo-account(s) verwijderd" in output
    assert not User.objects.filter(is_demo_account=True).exists()
    assert not _logs_in("klantmanager.nijmegen", DEMO_PASSWORD)


def test_the_demo_partner_sees_exactly_the_files_shared_with_their_organisation():
    from django.test import Client as Browser
    from django.urls import reverse

    from werkroute.cases.models import Consent, ConsentScope

    _demo(clients=120)
    shared = set(
        Consent.objects.filter(scope=ConsentScope.SHARE_FILE_WITH_PARTNER).values_list("client_id", flat=True)
    )
    assert 0 < len(shared) < Client.objects.count()
    browser = Browser()
    browser.force_login(User.objects.get(username="partner.vluchtelingenwerk"))
    one_shared = next(iter(shared))
    one_not = Client.objects.exclude(pk__in=shared).first()
    assert browser.get(reverse("cases:client", kwargs={"client_id": one_shared})).status_code == 200
    assert browser.get(reverse("cases:client", kwargs={"client_id": one_not.pk})).status_code == 404


def test_the_access_export_of_a_demo_client_holds_all_of_it_and_nobody_else():
    """Every row of every model about the client is in the export, found here independently through the
    model's own path to the client; and no id of any other client appears in it."""
    import json

    from werkroute.placements.access_export import (
        EXPORTED_MODELS,
        _records,
        client_export,
        client_path,
        exported_models,
    )

    _demo(clients=120)
    from werkroute.cases.selectors import get_client

    person = (
        Client.objects.filter(
            intake__education__isnull=False,
            intake__work_experience__isnull=False,
            plan_versions__goals__isnull=False,
            activities__isnull=False,
            labour_episodes__isnull=False,
            notes__isnull=False,
            consents__isnull=False,
            referrals__isnull=False,
        )
        .distinct()
        .first()
    )
    # The demo does not model moves between municipalities; this client moved once.
    RelocationFactory(
        client=person, from_municipality=Municipality.objects.exclude(pk=person.municipality_id).first()
    )
    get_client(person.caseworker, person.pk)  # a view, so that the access log has an entry about them
    # The demo writes no portal messages; this client sent one and has a portal account.
    from werkroute.cases.models import ClientAccount
    from werkroute.cases.tests.factories import ClientAccountFactory, MessageFactory

    MessageFactory(client=person)
    if not ClientAccount.objects.filter(client=person).exists():
        ClientAccountFactory(client=person)
    export = client_export(person)
    # Which section of the export holds which model; the rows expected in it are found independently.
    sections = {queryset.model: name for name, queryset in _records(person).items()}
    assert set(sections) == set(exported_models())
    for model in exported_models():
        expected = {
            str(pk)
            for pk in model.objects.filter(**{client_path(model): person.pk}).values_list("pk", flat=True)
        }
        # The demo client has rows of every kind of the case file, so the check below means something;
        # the apps above it are checked with rows of every kind in privacy/tests/test_avg_export.py.
        assert expected or model not in EXPORTED_MODELS, model
        assert {str(row["id"]) for row in export[sections[model]]} == expected, model
    text = json.dumps(export, default=str)
    for pk in Client.objects.exclude(pk=person.pk).values_list("pk", flat=True):
        assert str(pk) not in text
