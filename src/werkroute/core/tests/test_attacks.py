"""Attacks, tested rather than assumed: each is refused or rendered harmless, with a clear Dutch answer,
an audit entry, and nothing leaking in the response.

Injection payloads in free text are not refused: a note may quote anything a client said, and refusing
it would lose the caseworker's input. They are stored exactly as typed (queries are parameterised),
shown escaped, and never evaluated as a template; the write is audited like any other.
"""

import contextlib
import datetime as dt
import re

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models
from django.test import Client as BrowserClient
from django.urls import reverse
from django.utils.html import escape

from werkroute.audit.models import AuditAction, AuditEvent
from werkroute.audit.tests.helpers import assert_audited, assert_not_audited
from werkroute.cases.models import (
    Activity,
    Client,
    Education,
    Handover,
    Intake,
    LabourEpisode,
    Message,
    Note,
    PlanGoal,
    PlanVersion,
)
from werkroute.cases.tests.factories import ActivityFactory, ClientFactory, HandoverFactory
from werkroute.cases.tests.test_client_registration import _form as _client_form
from werkroute.cases.tests.test_intake import _intake_form
from werkroute.cases.tests.test_plan_revision import _plan_form

pytestmark = pytest.mark.django_db

PAYLOAD = "Ro'); DROP TABLE cases_client;-- {{ settings.SECRET_KEY }}{% debug %}<script>alert(1)</script>"

# Free-text fields that are checked by format and so refuse such input anyway (BSN, postcode, phone,
# e-mail, ISO codes, lists of codes) or are not typed by users.
STRUCTURED = {
    "bsn",
    "bsn_hash",
    "postcode",
    "phone",
    "email",
    "country",
    "nationality",
    "country_of_birth",
    "interpreter_language",  # an ISO 639-1 code, checked against the list of languages
    "languages_spoken",
    "other_languages",
    "wished_sectors",
    "kind",
    "code",
    "name",  # TargetGroup: reference data kept by the administrator
    "pseudonym",  # RetentionTrace: computed
    "language",  # ClientAccount: a language code chosen from the portal's list of languages
}


def _free_text_fields() -> set[tuple[str, str]]:
    found = set()
    for model in apps.get_app_config("cases").get_models():
        for field in model._meta.get_fields():
            if (
                isinstance(field, models.CharField | models.TextField)
                and field.editable
                and not field.choices
                and field.name not in STRUCTURED
            ):
                found.add((model.__name__, field.name))
    return found


# Every free-text field of the case file, with the page that writes it and a valid submission around it.
def _submissions(person, municipality):  # type: ignore[no-untyped-def]
    activity = ActivityFactory(client=person, status="active", start_date=dt.date(2024, 1, 1))
    client_edit = {
        **_client_form(municipality, bsn="", registration_date="2024-04-01"),
        "version": person.version,
    }
    episode = {"kind": "paid_work", "start_date": "2024-02-01", "hours_per_week": "20"}
    # An open request of another municipality: the sending side either declines it or sends the file.
    asked = HandoverFactory(
        client=person, status="requested", sent_on=None, ground="", legal_basis="", note=""
    )
    handover = {
        "action": "send",
        "to_municipality": asked.to_municipality_id,
        "moved_on": "2024-03-01",
        "ground": "legal_basis",
        "legal_basis": "other",
        "legal_basis_note": "Gemeentelijke verordening",
        "note": "Loopt goed.",
    }
    transition = {
        "status": "stopped_early",
        "on": "2024-03-01",
        "reason": "Verhuisd",
        "version": activity.version,
    }
    return {
        ("Client", "first_name"): ("client_edit", client_edit, "first_name"),
        ("Client", "last_name"): ("client_edit", client_edit, "last_name"),
        ("Note", "text"): ("note_create", {"channel": "phone", "occurred_on": "2024-01-05"}, "text"),
        ("Activity", "description"): (
            "activity_create",
            {"activity_type": "map", "start_date": "2024-02-01"},
            "description",
        ),
        ("Activity", "stop_reason"): ("activity_transition", transition, "reason", activity),
        ("Activity", "outcome"): ("activity_transition", transition, "outcome", activity),
        ("LabourEpisode", "employer_name"): ("episode_create", episode, "employer_name"),
        ("PlanVersion", "agreements"): ("plan_create", _plan_form(), "agreements"),
        ("PlanVersion", "reason"): ("plan_create", _plan_form(), "reason"),
        ("PlanGoal", "description"): ("plan_create", _plan_form(), "goals-0-description"),
        ("Intake", "circumstances_note"): ("intake", _intake_form(), "circumstances_note"),
        ("Education", "field"): ("intake", _intake_form(), "education-0-field"),
        ("Message", "text"): ("messages", {}, "text"),
        ("Activity", "location"): (
            "activity_create",
            {"activity_type": "map", "start_date": "2024-02-01"},
            "location",
        ),
        ("Handover", "note"): ("handover", handover, "note"),
        ("Handover", "legal_basis_note"): ("handover", handover, "legal_basis_note"),
        ("Handover", "decline_reason"): ("handover", {"action": "decline"}, "reason"),
        # Sent first (``_prepare``): only a sent handover can be withdrawn.
        ("Handover", "withdraw_reason"): ("handover", {"action": "withdraw"}, "reason"),
    }


def _prepare(target, person, caseworker) -> None:  # type: ignore[no-untyped-def]
    """What a submission needs first: only a sent handover can be withdrawn (by the one who sent it)."""
    if target == ("Handover", "withdraw_reason"):
        Handover.objects.filter(client=person).update(status="sent", sent_by=caseworker)


SHOWN_ON_THE_FILE = {
    ("Client", "first_name"),
    ("Client", "last_name"),
    ("Activity", "description"),
    ("Activity", "stop_reason"),
    ("LabourEpisode", "employer_name"),
    ("PlanVersion", "agreements"),
    ("PlanGoal", "description"),
    ("Education", "field"),
}

STORED = {
    "Client": lambda person, field: getattr(Client.objects.get(pk=person.pk), field),
    "Note": lambda person, field: Note.objects.get(client=person).text,
    "Activity": lambda person, field: getattr(Activity.objects.filter(client=person).latest("pk"), field),
    "LabourEpisode": lambda person, field: LabourEpisode.objects.get(client=person).employer_name,
    "PlanVersion": lambda person, field: getattr(PlanVersion.objects.get(client=person), field),
    "PlanGoal": lambda person, field: PlanGoal.objects.get(plan_version__client=person).description,
    "Intake": lambda person, field: getattr(Intake.objects.get(client=person), field),
    "Education": lambda person, field: Education.objects.get(intake__client=person).field,
    "Message": lambda person, field: Message.objects.get(client=person).text,
    "Handover": lambda person, field: getattr(Handover.objects.get(client=person), field),
}


def test_every_free_text_field_is_attacked(municipality):
    person = ClientFactory(municipality=municipality)
    covered = set(_submissions(person, municipality))
    assert _free_text_fields() == covered, "Add the new free-text field to _submissions"


@pytest.mark.parametrize("target", sorted(_free_text_fields()))
def test_injection_in_free_text_is_stored_verbatim_and_shown_escaped(
    caseworker_client, caseworker, municipality, target
):
    person = ClientFactory(municipality=municipality, last_name="Bestaand")
    bystander = ClientFactory(municipality=municipality, last_name="Omstander")
    page, data, form_field, *activity = _submissions(person, municipality)[target]
    _prepare(target, person, caseworker)
    kwargs = {"client_id": person.pk}
    if activity:
        kwargs["activity_id"] = activity[0].pk
    response = caseworker_client.post(reverse(f"cases:{page}", kwargs=kwargs), {**data, form_field: PAYLOAD})
    assert response.status_code == 302, response.content.decode()[:2000]

    model, field = target
    assert STORED[model](person, field) == PAYLOAD  # stored exactly: the SQL was a parameter, not code
    assert Client.objects.filter(pk=bystander.pk).exists()
    assert AuditEvent.objects.filter(client_id=person.pk).exclude(action=AuditAction.VIEW).exists()

    page_html = caseworker_client.get(
        reverse("cases:client", kwargs={"client_id": person.pk})
    ).content.decode()
    assert "<script>alert(1)</script>" not in page_html
    assert settings.SECRET_KEY not in page_html
    if target in SHOWN_ON_THE_FILE:
        assert escape(PAYLOAD) in page_html  # shown as the text it is, template tags and all


def test_sql_in_the_caseload_search_is_only_a_search(caseworker_client, municipality):
    ClientFactory(municipality=municipality, last_name="Haddad")
    for query in ("' OR '1'='1", "x%' OR 1=1 --", "'; DROP TABLE cases_client; --", PAYLOAD):
        response = caseworker_client.get(reverse("cases:caseload"), {"q": query})
        assert response.status_code == 200
        assert "Haddad" not in response.content.decode()
    assert Client.objects.count() == 1


def test_a_forged_session_cookie_is_sent_to_the_login_and_logged(client, municipality):
    person = ClientFactory(municipality=municipality, last_name="Vertrouwelijk")
    client.cookies[settings.SESSION_COOKIE_NAME] = "k3xq9zforgedsessionid0000000000000"
    response = client.get(reverse("cases:client", kwargs={"client_id": person.pk}))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    entry = assert_audited(action=AuditAction.REFUSED, object_type="session", count=1)
    assert entry.actor_id is None
    assert person.last_name not in response.content.decode()


def test_a_real_session_leaves_no_such_entry(caseworker_client, municipality):
    caseworker_client.get(reverse("cases:caseload"))
    assert_not_audited(object_type="session")


def test_a_form_with_a_tampered_csrf_token_is_refused_and_logged(caseworker, municipality):
    browser = BrowserClient(enforce_csrf_checks=True)
    browser.force_login(caseworker)
    person = ClientFactory(municipality=municipality)
    url = reverse("cases:note_create", kwargs={"client_id": person.pk})
    browser.get(url)
    response = browser.post(
        url,
        {
            "csrfmiddlewaretoken": "tampered" * 8,
            "channel": "phone",
            "occurred_on": "2024-01-05",
            "text": "x",
        },
    )
    assert response.status_code == 403
    assert "Formulier verlopen" in response.content.decode()
    assert not Note.objects.exists()
    entry = assert_audited(action=AuditAction.REFUSED, object_type="request", count=1)
    assert entry.changes["reason"] == "csrf" and entry.actor_id == caseworker.pk


def test_a_replayed_form_is_refused_with_a_message_and_logged(caseworker_client, municipality):
    person = ClientFactory(municipality=municipality)
    url = reverse("cases:note_create", kwargs={"client_id": person.pk})
    token = re.search(r'name="form_token" value="([^"]+)"', caseworker_client.get(url).content.decode())[1]
    data = {"form_token": token, "channel": "phone", "occurred_on": "2024-01-05", "text": "Gebeld"}
    assert caseworker_client.post(url, data).status_code == 302
    replayed = caseworker_client.post(url, data)
    assert replayed.status_code == 200
    assert "al eerder verstuurd" in replayed.content.decode()
    assert Note.objects.filter(client=person).count() == 1
    assert_audited(action=AuditAction.REFUSED, changes__reason="replayed_form")


@pytest.mark.parametrize("target", sorted(_free_text_fields()))
def test_a_form_without_its_one_time_token_is_refused_and_logged(caseworker, municipality, target):
    """Issue 10, item 7: leaving the token out switched the replay protection off."""
    from django.test import Client as PlainClient  # posts exactly what it is given, no token added

    browser = PlainClient()
    browser.force_login(caseworker)
    person = ClientFactory(municipality=municipality, last_name="Bestaand")
    page, data, form_field, *activity = _submissions(person, municipality)[target]
    _prepare(target, person, caseworker)
    kwargs = {"client_id": person.pk}
    if activity:
        kwargs["activity_id"] = activity[0].pk
    response = browser.post(reverse(f"cases:{page}", kwargs=kwargs), {**data, form_field: "Zonder token"})
    assert response.status_code == 200
    content = response.content.decode()
    assert "kon niet worden gecontroleerd" in content
    assert "Zonder token" in content  # nothing the user typed is lost
    assert re.search(r'name="form_token" value="[^"]+"', content)  # a fresh token to save again with
    model, field = target
    with contextlib.suppress(models.ObjectDoesNotExist):  # nothing created at all is fine too
        assert STORED[model](person, field) != "Zonder token"
    assert AuditEvent.objects.filter(
        action=AuditAction.REFUSED, actor_id=caseworker.pk, changes__reason="missing_form_token"
    ).exists()


def _post_forms(content: str) -> list[str]:
    return re.findall(r'<form[^>]*method="post"[^>]*>.*?</form>', content, flags=re.DOTALL | re.IGNORECASE)


def _case_form_pages() -> list[str]:
    from werkroute.accounts.tests.test_permission_matrix import CLASSIFICATION, CLIENT_CHANGE

    return sorted(
        name
        for name, kind in CLASSIFICATION.items()
        if name.startswith("cases:") and (kind == CLIENT_CHANGE or name == "cases:client_create")
    )


@pytest.mark.parametrize("name", _case_form_pages())
def test_every_form_that_saves_case_data_carries_a_one_time_token(caseworker_client, municipality, name):
    from werkroute.accounts.tests.test_permission_matrix import PAGES
    from werkroute.cases.tests.factories import url_kwargs_for

    person = ClientFactory(municipality=municipality)
    response = caseworker_client.get(reverse(name, kwargs=url_kwargs_for(PAGES[name], person)))
    assert response.status_code == 200
    # The header's logout and language forms save nothing of the case file.
    own = [
        form
        for form in _post_forms(response.content.decode())
        if reverse("logout") not in form and reverse("set_language") not in form
    ]
    assert own, f"{name} shows no form"
    for form in own:
        assert 'name="form_token"' in form, name


def test_a_replayed_edit_of_an_older_version_is_refused(caseworker_client, municipality):
    person = ClientFactory(municipality=municipality)
    url = reverse("cases:client_edit", kwargs={"client_id": person.pk})
    data = {**_client_form(municipality, bsn=""), "version": person.version}
    assert caseworker_client.post(url, data).status_code == 302
    replayed = caseworker_client.post(url, {**data, "last_name": "Anders"})
    assert replayed.status_code == 200
    assert "Iemand anders heeft dit intussen gewijzigd" in replayed.content.decode()
    assert Client.objects.get(pk=person.pk).last_name == "Haddad"


def test_an_oversized_upload_is_refused_before_it_is_read(caseworker_client, municipality):
    person = ClientFactory(municipality=municipality)
    url = reverse("cases:note_create", kwargs={"client_id": person.pk})
    big = b"x" * (settings.WERKROUTE_MAX_REQUEST_BYTES + 1)
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = caseworker_client.post(url, {"text": "x", "bijlage": SimpleUploadedFile("scan.pdf", big)})
    assert response.status_code == 413
    assert "Te groot om te versturen" in response.content.decode()
    assert not Note.objects.exists()
    entry = assert_audited(action=AuditAction.REFUSED, object_type="request", count=1)
    assert entry.changes["reason"] == "too_large"


def test_a_form_body_over_the_field_limit_gets_a_clear_400(caseworker_client, municipality):
    person = ClientFactory(municipality=municipality)
    url = reverse("cases:note_create", kwargs={"client_id": person.pk})
    response = caseworker_client.post(
        url,
        {
            "channel": "phone",
            "occurred_on": "2024-01-05",
            "text": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1),
        },
    )
    assert response.status_code == 400
    assert "Verzoek niet verwerkt" in response.content.decode()
    assert not Note.objects.exists()
    assert_audited(action=AuditAction.REFUSED, changes__reason="RequestDataTooBig")


def test_a_refused_page_is_logged(client, municipality):
    from werkroute.accounts.tests.factories import UserFactory

    user = UserFactory()
    client.force_login(user)
    assert client.get(reverse("cases:caseload")).status_code == 403
    assert_audited(action=AuditAction.REFUSED, actor_id=user.pk, changes__reason="permission_denied")


# --- Tampered numbers, oversized text and spreadsheet formulas (the fuzz test covers every field) ---


def test_ids_beyond_the_keys_range_in_any_path_are_not_found(caseworker_client, caseworker):
    """Every page with a number in its path, from the URL configuration: an id the database cannot hold
    is answered like a missing one (404), never with a server error."""
    from django.urls import URLPattern, URLResolver, get_resolver

    def walk(patterns, prefix=""):  # type: ignore[no-untyped-def]
        for entry in patterns:
            if isinstance(entry, URLResolver) and entry.app_name != "admin":
                yield from walk(
                    entry.url_patterns, f"{prefix}{entry.namespace}:" if entry.namespace else prefix
                )
            elif isinstance(entry, URLPattern) and entry.name:
                yield f"{prefix}{entry.name}", entry

    from django.test import Client as Browser

    from werkroute.accounts.models import Role
    from werkroute.accounts.tests.factories import MembershipFactory, UserFactory
    from werkroute.cases.tests.factories import url_kwargs_for

    administrator = UserFactory()
    MembershipFactory(
        user=administrator, organisation=caseworker.memberships.get().organisation, role=Role.ADMINISTRATOR
    )
    administrator_client = Browser()
    administrator_client.force_login(administrator)
    person = ClientFactory(municipality=caseworker.memberships.get().organisation.municipality)
    tried = 0
    for name, pattern in walk(get_resolver().url_patterns):
        converters = pattern.pattern.converters
        numbers = [key for key, converter in converters.items() if type(converter).__name__ == "IntConverter"]
        if not numbers:
            continue
        # Each page asked by a role that may open it, so that the id, not the role, decides the answer.
        administration = name.startswith("administration:")
        browser = administrator_client if administration else caseworker_client
        outside_the_file = administration or {"placement_id", "intervention_id"} & set(converters)
        kwargs = {} if outside_the_file else url_kwargs_for(pattern, person)
        for huge in (2**63, 10**30):
            kwargs.update(dict.fromkeys(numbers, huge))
            response = browser.get(reverse(name, kwargs=kwargs))
            assert response.status_code == 404, (name, huge)
            tried += 1
    assert tried >= 10


def test_every_free_text_field_of_the_market_has_a_length_limit():
    from django.core.validators import MaxLengthValidator

    for model in apps.get_app_config("placements").get_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.TextField):
                assert any(isinstance(v, MaxLengthValidator) for v in field.validators), field
            elif isinstance(field, models.CharField):
                assert field.max_length, field


def test_a_formula_in_an_area_name_reaches_no_spreadsheet(client, municipality):
    """A name from a reference file (or typed by an administrator) that starts like a formula is shown as
    text in the CSV and Excel downloads, so opening them runs nothing."""
    import io

    from openpyxl import load_workbook

    from werkroute.accounts.tests.factories import caseworker_of
    from werkroute.monitoring import services as monitoring

    municipality.name = '=HYPERLINK("http://example.org/steel","Klik")'
    municipality.save()
    ClientFactory(municipality=municipality)
    monitoring.refresh()
    client.force_login(caseworker_of(municipality))
    kwargs = {"level": "gemeente", "code": municipality.code}
    csv = client.get(reverse("monitoring:download", kwargs={**kwargs, "fmt": "csv"})).content.decode()
    assert "'=HYPERLINK" in csv and ",=HYPERLINK" not in csv and '"=HYPERLINK' not in csv
    xlsx = client.get(reverse("monitoring:download", kwargs={**kwargs, "fmt": "xlsx"})).content
    sheet = load_workbook(io.BytesIO(xlsx))["indicatoren"]
    names = {row[2] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert f"'{municipality.name}" in names and municipality.name not in names
