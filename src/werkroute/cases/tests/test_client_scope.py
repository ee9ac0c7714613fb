"""A caseworker sees only their own municipality's clients: every client URL of another answers 404."""

import uuid

import pytest
from django.urls import URLPattern, reverse

from werkroute.accounts.tests.factories import UserFactory
from werkroute.cases import urls as case_urls
from werkroute.cases.tests.factories import ClientFactory, url_kwargs_for

pytestmark = pytest.mark.django_db

CLIENT_URL_NAMES = [
    pattern.name
    for pattern in case_urls.urlpatterns
    if isinstance(pattern, URLPattern) and "client_id" in pattern.pattern.converters
]


def _kwargs_for(name, person):
    return url_kwargs_for(next(p for p in case_urls.urlpatterns if p.name == name), person)


def test_every_client_page_is_covered():
    # Guards the generated list itself: if it were empty, the tests below would prove nothing.
    assert {"client", "client_edit", "intake", "plan_create", "activity_transition", "episode_end"} <= set(
        CLIENT_URL_NAMES
    )


@pytest.mark.parametrize("name", CLIENT_URL_NAMES)
def test_client_of_another_municipality_answers_404(caseworker_client, other_municipality, name):
    stranger = ClientFactory(
        municipality=other_municipality, last_name="Buitenstaander"
    )  # a name no page contains by chance
    response = caseworker_client.get(reverse(f"cases:{name}", kwargs=_kwargs_for(name, stranger)))
    assert response.status_code == 404
    assert stranger.last_name not in response.content.decode()


@pytest.mark.parametrize("name", CLIENT_URL_NAMES)
def test_posting_to_another_municipality_is_indistinguishable_from_a_missing_client(
    caseworker_client, other_municipality, name
):
    """Pages that accept POST answer 404; read-only pages answer 405 whether or not the client exists."""
    stranger = ClientFactory(
        municipality=other_municipality, last_name="Buitenstaander"
    )  # a name no page contains by chance
    kwargs = _kwargs_for(name, stranger)
    response = caseworker_client.post(
        reverse(f"cases:{name}", kwargs=kwargs), {"text": "x", "end_date": "2024-01-01"}
    )
    missing = caseworker_client.post(reverse(f"cases:{name}", kwargs={**kwargs, "client_id": uuid.uuid4()}))
    assert response.status_code in (404, 405)
    assert response.status_code == missing.status_code
    assert stranger.last_name not in response.content.decode()
    assert stranger.timeline_events.count() == 0 and stranger.notes.count() == 0


@pytest.mark.parametrize("name", CLIENT_URL_NAMES)
def test_own_municipality_client_pages_open(caseworker_client, municipality, name):
    person = ClientFactory(municipality=municipality)
    kwargs = _kwargs_for(name, person)
    response = caseworker_client.get(reverse(f"cases:{name}", kwargs=kwargs))
    assert response.status_code == 200


def test_user_without_case_role_sees_no_client(client, municipality):
    person = ClientFactory(municipality=municipality)
    client.force_login(UserFactory())
    assert client.get(reverse("cases:client", kwargs={"client_id": person.pk})).status_code == 404
    assert client.get(reverse("cases:caseload")).status_code == 403


def test_caseload_lists_only_own_municipality(caseworker_client, municipality, other_municipality):
    own = ClientFactory(municipality=municipality, last_name="Eigenaar")
    ClientFactory(municipality=other_municipality, last_name="Vreemdeling")
    content = caseworker_client.get(reverse("cases:caseload")).content.decode()
    assert own.last_name in content
    assert "Vreemdeling" not in content


def test_anonymous_user_is_sent_to_login(client, municipality):
    person = ClientFactory(municipality=municipality)
    response = client.get(reverse("cases:client", kwargs={"client_id": person.pk}))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_a_case_role_at_a_provider_gives_no_access_to_the_municipality(client, municipality):
    from werkroute.accounts.models import Role
    from werkroute.accounts.tests.factories import MembershipFactory, UserFactory
    from werkroute.regions.models import OrganisationKind
    from werkroute.regions.tests.factories import OrganisationFactory

    provider = OrganisationFactory(
        kind=OrganisationKind.PROVIDER, municipality=municipality, region=municipality.region
    )
    user = UserFactory()
    MembershipFactory(user=user, organisation=provider, role=Role.CASEWORKER)
    person = ClientFactory(municipality=municipality)
    client.force_login(user)
    assert client.get(reverse("cases:client", kwargs={"client_id": person.pk})).status_code == 404
