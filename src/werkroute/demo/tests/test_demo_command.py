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
    ]
    for username in usernames:
        assert username in output
        assert _logs_in(username, DEMO_PASSWORD), username
    assert DEMO_PASSWORD in output
    # 7 caseworkers, a team lead, an administrator, a partner worker, a privacy officer and the employer
    # service point's account manager
    assert User.objects.filter(is_demo_account=True).count() == 12
    assert User.objects.get(username="beheerder").is_staff
    assert not _logs_in("klantmanager.nijmegen", "wrong-password")


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
    assert "12 demo-account(s) verwijderd" in output
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

    from werkroute.audit.models import AuditEvent
    from werkroute.privacy.export import EXPORTED_MODELS, _records, client_export

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
    export = client_export(person)
    # Which section of the export holds which model; the rows expected in it are found independently.
    sections = {queryset.model: name for name, queryset in _records(person).items()}
    assert set(sections) == set(EXPORTED_MODELS)
    paths = {Client: "pk", AuditEvent: "client_id"}
    for model in EXPORTED_MODELS:
        path = paths.get(model) or next(
            lookup
            for lookup in ("client", "intake__client", "plan_version__client")
            if any(field.name == lookup.split("__")[0] for field in model._meta.get_fields())
        )
        expected = {str(pk) for pk in model.objects.filter(**{path: person.pk}).values_list("pk", flat=True)}
        assert expected, model  # the demo client has rows of every kind: the check below means something
        assert {str(row["id"]) for row in export[sections[model]]} == expected, model
    text = json.dumps(export, default=str)
    for pk in Client.objects.exclude(pk=person.pk).values_list("pk", flat=True):
        assert str(pk) not in text
