"""The first administrator of a new installation, and only the first."""

import pytest
from django.core.management import CommandError, call_command

from werkroute.accounts import policies
from werkroute.accounts.models import Membership, Role, User

pytestmark = pytest.mark.django_db

PASSWORD = "een-lang-wachtwoord-voor-beheer"


@pytest.fixture
def password_file(tmp_path):
    path = tmp_path / "wachtwoord"
    path.write_text(PASSWORD + "\n", encoding="utf-8")
    return path


def test_creates_an_administrator_who_may_administer(municipality, password_file):
    call_command(
        "create_administrator",
        username="beheerder",
        municipality=municipality.code,
        password_file=password_file,
    )
    user = User.objects.get(username="beheerder")
    assert user.check_password(PASSWORD)
    assert policies.may_administer(user)
    assert not user.is_demo_account


def test_a_second_administrator_is_refused_unless_asked_to_do_nothing(municipality, password_file):
    call_command(
        "create_administrator", username="eerste", municipality=municipality.code, password_file=password_file
    )
    with pytest.raises(CommandError, match="al een functioneel beheerder"):
        call_command(
            "create_administrator",
            username="tweede",
            municipality=municipality.code,
            password_file=password_file,
        )
    call_command(
        "create_administrator",
        username="tweede",
        municipality=municipality.code,
        password_file=password_file,
        if_none=True,
    )
    assert Membership.objects.filter(role=Role.ADMINISTRATOR).count() == 1
    assert not User.objects.filter(username="tweede").exists()


def test_unknown_municipality_and_weak_password_are_named(municipality, tmp_path):
    weak = tmp_path / "zwak"
    weak.write_text("kort", encoding="utf-8")
    with pytest.raises(CommandError, match="onbekend"):
        call_command("create_administrator", username="x", municipality="GM9999", password_file=weak)
    with pytest.raises(CommandError):
        call_command("create_administrator", username="x", municipality=municipality.code, password_file=weak)
    assert not User.objects.filter(username="x").exists()
