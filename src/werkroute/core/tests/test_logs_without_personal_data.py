"""The application log carries each request's id and never a client's personal data.

Requests with recognisable personal values (a name, a BSN, a date of birth, a searched name, a phone
number) go through the real middleware, views and services; the log lines they produce, rendered by the
production JSON formatter, must hold none of those values, and every request's line must carry the id
that the request's audit entries carry.
"""

import io
import json
import logging

import pytest
from django.urls import reverse

from werkroute.audit.models import AuditEvent
from werkroute.cases.models import Client
from werkroute.conf.logs import formatter

pytestmark = pytest.mark.django_db

FIRST_NAME = "Zwanhildegard"
LAST_NAME = "Opperdoeskamp"
BSN = "111222333"
BIRTH_DATE = "1987-07-19"
PHONE = "0612398745"
PERSONAL_VALUES = [FIRST_NAME, LAST_NAME, BSN, BIRTH_DATE, "19-07-1987", PHONE]


@pytest.fixture
def captured_log():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(formatter("json"))
    root = logging.getLogger()
    previous_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    yield stream
    root.removeHandler(handler)
    root.setLevel(previous_level)


def _lines(stream: io.StringIO) -> list[dict]:
    return [json.loads(line) for line in stream.getvalue().splitlines() if line.strip()]


def test_requests_with_personal_data_leave_none_in_the_log(caseworker_client, municipality, captured_log):
    form = {
        "first_name": FIRST_NAME,
        "last_name": LAST_NAME,
        "date_of_birth": BIRTH_DATE,
        "bsn": BSN,
        "phone": PHONE,
        "municipality": municipality.pk,
        "permit_date": "2024-01-15",
        "registration_date": "2024-04-01",
        "languages_spoken": "ar",
        "gender": "female",
        "nationality": "sy",
    }
    refused = caseworker_client.post(reverse("cases:client_create"), {**form, "bsn": "123456789"})
    assert refused.status_code == 200  # the eleven-test refuses it, with a message
    created = caseworker_client.post(reverse("cases:client_create"), form, HTTP_X_REQUEST_ID="req-create-1")
    assert created.status_code == 302
    person = Client.objects.get()
    caseworker_client.get(reverse("cases:caseload"), {"q": LAST_NAME})
    caseworker_client.get(reverse("cases:client", kwargs={"client_id": person.pk}))
    caseworker_client.get(f"/klanten/niet-bestaand/{LAST_NAME}/?bsn={BSN}")  # a 404 with values in the URL
    caseworker_client.post(reverse("login"), {"username": FIRST_NAME, "password": BSN})

    output = captured_log.getvalue()
    assert output, "the requests wrote no log lines at all"
    for value in PERSONAL_VALUES:
        assert value not in output, f"{value!r} appears in the application log"

    lines = _lines(captured_log)
    request_lines = [line for line in lines if line["event"] == "request"]
    assert len(request_lines) >= 6
    create_line = next(line for line in request_lines if line["request_id"] == "req-create-1")
    assert create_line["route"] == "klanten/nieuw/"
    assert create_line["status"] == 302
    assert create_line["method"] == "POST"
    assert isinstance(create_line["duration_s"], float)
    # The same id as the request's audit entries: from a log line to the audit log and back.
    assert AuditEvent.objects.filter(request_id="req-create-1").exists()


def test_every_request_gets_an_id_in_its_response_and_log_line(client, captured_log):
    response = client.get(reverse("login"))
    request_id = response["X-Request-ID"]
    assert len(request_id) == 32
    assert any(line.get("request_id") == request_id for line in _lines(captured_log))


def test_a_request_id_that_is_not_a_plain_token_is_replaced(client, captured_log):
    sent = f"{LAST_NAME} <script>"
    response = client.get(reverse("login"), HTTP_X_REQUEST_ID=sent)
    assert response["X-Request-ID"] != sent
    assert LAST_NAME not in captured_log.getvalue()
