"""The caseload over a large municipality: a count that stops at a cap and says so, pages beyond it, and
the "no position" filter as one condition over all positions."""

import datetime as dt

import pytest
from django.urls import reverse

from werkroute.cases import selectors, views
from werkroute.cases.models import EpisodeKind
from werkroute.cases.tests.factories import ClientFactory, LabourEpisodeFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date(2024, 6, 1)


def test_no_position_means_no_work_assistance_or_education_open_today(caseworker, municipality):
    def person(name, kind=None, start=dt.date(2024, 1, 1), end=None):
        client = ClientFactory(municipality=municipality, last_name=name)
        if kind:
            LabourEpisodeFactory(
                client=client,
                kind=kind,
                start_date=start,
                end_date=end,
                hours_per_week=20 if kind == EpisodeKind.PAID_WORK else None,
            )

    person("Leeg")
    person("Gestopt", EpisodeKind.PAID_WORK, end=dt.date(2024, 5, 31))
    person("Straks", EpisodeKind.EDUCATION, start=dt.date(2024, 6, 2))
    person("Geenpositie", EpisodeKind.NONE)
    person("Studeert", EpisodeKind.EDUCATION, end=TODAY)
    person("Zelfstandig", EpisodeKind.SELF_EMPLOYMENT)
    person("Bijstand", EpisodeKind.SOCIAL_ASSISTANCE)
    rows = selectors.caseload(caseworker, selectors.CaseloadFilters(status=EpisodeKind.NONE), today=TODAY)
    assert sorted(client.last_name for client in rows) == ["Geenpositie", "Gestopt", "Leeg", "Straks"]
    # The list's own columns agree with the filter.
    assert not any(client.in_paid_work or client.on_assistance or client.in_education for client in rows)


@pytest.fixture
def small_pages(monkeypatch):
    monkeypatch.setattr(views, "CASELOAD_PAGE_SIZE", 2)
    monkeypatch.setattr(selectors, "CASELOAD_COUNT_CAP", 3)


def _status_line(content: str) -> str:
    start = content.index('role="status">') + len('role="status">')
    return content[start : content.index("</p>", start)]


def test_beyond_the_cap_the_caseload_says_more_than_and_pages_on(
    caseworker_client, municipality, small_pages
):
    names = [f"Klant{letter}" for letter in "ABCDEF"]
    for name in names:
        ClientFactory(municipality=municipality, last_name=name)
    first = caseworker_client.get(reverse("cases:caseload"), {"scope": "all"}).content.decode()
    assert _status_line(first) == "Meer dan 3 klanten"
    assert "Pagina 1 van meer dan 1" in first
    assert "pagina=2" in first  # the next page is offered
    # A page beyond the cap is counted up to itself: page 2 (rows 3-4) still sees more.
    second = caseworker_client.get(
        reverse("cases:caseload"), {"scope": "all", "pagina": "2"}
    ).content.decode()
    assert "KlantC" in second and "KlantD" in second
    assert _status_line(second) == "Meer dan 4 klanten"
    # The last page is counted exactly and says so.
    last = caseworker_client.get(reverse("cases:caseload"), {"scope": "all", "pagina": "3"}).content.decode()
    assert "KlantE" in last and "KlantF" in last
    assert _status_line(last) == "6 klanten"
    assert "Pagina 3 van 3" in last
    assert "pagina=4" not in last


def test_under_the_cap_the_count_is_exact(caseworker_client, municipality, small_pages):
    for name in ("Een", "Twee"):
        ClientFactory(municipality=municipality, last_name=name)
    content = caseworker_client.get(reverse("cases:caseload"), {"scope": "all"}).content.decode()
    assert _status_line(content) == "2 klanten"
    assert "Pagina 1 van 1" in content


def test_a_page_past_the_end_shows_the_last_page(caseworker_client, municipality, small_pages):
    for name in ("Een", "Twee", "Drie"):
        ClientFactory(municipality=municipality, last_name=name)
    content = caseworker_client.get(
        reverse("cases:caseload"), {"scope": "all", "pagina": "99"}
    ).content.decode()
    assert _status_line(content) == "3 klanten"
    assert "Pagina 2 van 2" in content
