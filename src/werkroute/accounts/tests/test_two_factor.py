"""Two-factor authentication (TOTP) for every account outside the demo."""

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from werkroute.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def current_code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):0{device.digits}d}"


@pytest.fixture
def required(settings):
    settings.WERKROUTE_REQUIRE_TWO_FACTOR = True


def _password_login(client, username="km"):
    return client.post(reverse("login"), {"username": username, "password": "test-wachtwoord-123"})


@pytest.mark.usefixtures("required")
def test_a_new_account_must_set_up_its_authenticator_before_anything_else(client, caseworker):
    _password_login(client, caseworker.username)
    response = client.get(reverse("cases:caseload"))
    assert response.status_code == 302 and response.url.startswith(reverse("two_factor_setup"))
    setup = client.get(response.url)
    assert setup.status_code == 200 and "data:image/svg+xml" in setup.content.decode()
    device = TOTPDevice.objects.get(user=caseworker, confirmed=False)

    wrong = client.post(
        reverse("two_factor_setup"), {"token": "000000" if current_code(device) != "000000" else "111111"}
    )
    assert "klopt niet" in wrong.content.decode()
    TOTPDevice.objects.get(pk=device.pk).throttle_reset()  # a wrong code makes the next wait a second
    confirmed = client.post(reverse("two_factor_setup") + "?next=/klanten/", {"token": current_code(device)})
    assert confirmed.status_code == 302 and confirmed.url == "/klanten/"
    assert client.get(reverse("cases:caseload")).status_code == 200


@pytest.mark.usefixtures("required")
def test_an_account_with_an_authenticator_must_give_a_code_after_the_password(client, caseworker):
    device = TOTPDevice.objects.create(user=caseworker, name="app", confirmed=True)
    _password_login(client, caseworker.username)
    response = client.get(reverse("cases:caseload"))
    assert response.url.startswith(reverse("two_factor_verify"))
    wrong = client.post(reverse("two_factor_verify"), {"otp_token": "12345"})
    assert wrong.status_code == 200 and client.get(reverse("cases:caseload")).status_code == 302
    TOTPDevice.objects.get(pk=device.pk).throttle_reset()
    verified = client.post(
        reverse("two_factor_verify") + "?next=/klanten/", {"otp_token": current_code(device)}
    )
    assert verified.status_code == 302
    assert client.get(reverse("cases:caseload")).status_code == 200


@pytest.mark.usefixtures("required")
def test_demo_accounts_need_no_second_factor(client, municipality):
    from werkroute.accounts.tests.factories import caseworker_of

    demo = caseworker_of(municipality, username="klantmanager.demo", is_demo_account=True)
    _password_login(client, demo.username)
    assert client.get(reverse("cases:caseload")).status_code == 200


@pytest.mark.usefixtures("required")
def test_the_next_address_after_verification_stays_on_this_site(client):
    user = UserFactory(username="km")  # no case role needed to log in
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    _password_login(client)
    response = client.post(
        reverse("two_factor_verify") + "?next=https://example.org/", {"otp_token": current_code(device)}
    )
    assert response.url == "/"
