"""The metrics page: only with the token, and it counts what happened."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

TOKEN = "metrics-token-for-the-test"


def test_without_a_configured_token_there_is_no_metrics_page(client, settings):
    settings.WERKROUTE_METRICS_TOKEN = ""
    assert client.get(reverse("metrics"), HTTP_AUTHORIZATION=f"Bearer {TOKEN}").status_code == 404


@pytest.mark.parametrize("header", [None, "Bearer wrong", f"Basic {TOKEN}", f"Bearer {TOKEN}x"])
def test_a_missing_or_wrong_token_is_refused(client, settings, header):
    settings.WERKROUTE_METRICS_TOKEN = TOKEN
    extra = {"HTTP_AUTHORIZATION": header} if header else {}
    response = client.get(reverse("metrics"), **extra)
    assert response.status_code == 401
    assert b"werkroute_http_requests" not in response.content


def _caseload_count(text: str) -> float:
    prefix = 'werkroute_http_requests_total{method="GET",route="klanten/",status="200"} '
    return sum(float(line[len(prefix) :]) for line in text.splitlines() if line.startswith(prefix))


def test_requests_latency_and_backlog_are_exposed(caseworker_client, settings):
    settings.WERKROUTE_METRICS_TOKEN = TOKEN
    header = {"HTTP_AUTHORIZATION": f"Bearer {TOKEN}"}
    # The counters belong to the process, which other tests share: compare before and after.
    before = _caseload_count(caseworker_client.get(reverse("metrics"), **header).content.decode())
    for _ in range(3):
        assert caseworker_client.get(reverse("cases:caseload")).status_code == 200

    text = caseworker_client.get(reverse("metrics"), **header).content.decode()

    assert _caseload_count(text) - before == 3
    assert 'werkroute_http_request_duration_seconds_bucket{le="0.1",method="GET",route="klanten/"}' in text
    assert "werkroute_queue_up 1.0" in text
    assert "werkroute_queue_backlog 0.0" in text
