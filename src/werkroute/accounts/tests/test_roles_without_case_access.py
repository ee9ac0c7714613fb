import pytest
from django.urls import reverse

from werkroute.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_user_without_case_role_gets_a_dutch_explanation(client):
    client.force_login(UserFactory(is_staff=True))
    response = client.get(reverse("cases:caseload"))
    assert response.status_code == 403
    content = response.content.decode()
    assert "geen rol waarmee u dossiers van klanten kunt zien" in content
    assert reverse("admin:index") in content


def test_administrator_manages_reference_data_in_the_admin(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    for name in ("regions_municipality", "taxonomy_occupation", "accounts_user", "regions_organisation"):
        assert client.get(reverse(f"admin:{name}_changelist")).status_code == 200


def test_pages_with_personal_data_are_not_cached(caseworker_client):
    response = caseworker_client.get(reverse("cases:caseload"))
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert "HX-Request" in response["Vary"]


def test_language_can_be_chosen_before_logging_in(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("login")})
    assert response.status_code == 302
    assert response.cookies["django_language"].value == "en"


def test_typing_in_a_form_keeps_the_session_alive(caseworker_client):
    assert caseworker_client.get(reverse("keep_alive")).status_code == 204


def test_the_error_page_renders_without_a_request_context():
    from django.template.loader import render_to_string

    content = render_to_string("500.html")
    assert "Er ging iets mis" in content
