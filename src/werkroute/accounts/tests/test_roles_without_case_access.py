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
