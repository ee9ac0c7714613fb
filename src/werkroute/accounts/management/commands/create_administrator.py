"""``werkroute create_administrator``: the first functional administrator of a new installation.

A new installation has no account that could create the others through the administration screens. This
creates one, with the administrator role at a municipal organisation of the given municipality (which
the reference data must hold: run ``import_regions`` first). It refuses when an administrator exists, so
it cannot be used to add accounts past the screens and their four-eyes checks. The account still has to
set up its second factor at its first login. The password is read from a file, never from the command
line (which others on the machine can see).
"""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from werkroute.accounts.models import Membership, Role, User
from werkroute.accounts.services import acting
from werkroute.regions.models import Municipality, Organisation, OrganisationKind


class Command(BaseCommand):
    help = "Create the first functional administrator of a new installation (refused if one exists)."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--username", required=True)
        parser.add_argument("--password-file", type=Path, required=True, help="File holding the password.")
        parser.add_argument(
            "--municipality", required=True, help="CBS code of the municipality, e.g. GM0363."
        )
        parser.add_argument("--organisation", default="Functioneel beheer", help="Name of its organisation.")
        parser.add_argument("--if-none", action="store_true", help="Do nothing when an administrator exists.")

    @transaction.atomic
    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        if Membership.objects.filter(role=Role.ADMINISTRATOR).exists():
            if options["if_none"]:
                self.stdout.write("Er is al een functioneel beheerder; er is niets aangemaakt.")
                return
            raise CommandError("Er is al een functioneel beheerder; maak nieuwe accounts aan via Beheer.")
        municipality = Municipality.objects.filter(code=options["municipality"]).first()
        if municipality is None:
            raise CommandError(
                f"Gemeente {options['municipality']} is onbekend; importeer eerst de gemeenten (import_regions)."
            )
        try:
            password = options["password_file"].read_text(encoding="utf-8").strip()
        except OSError as error:
            raise CommandError(f"Het wachtwoordbestand is niet te lezen: {error.strerror}.") from error
        user = User(username=options["username"])
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        user.set_password(password)
        organisation, _ = Organisation.objects.get_or_create(
            name=options["organisation"],
            kind=OrganisationKind.MUNICIPALITY,
            municipality=municipality,
            defaults={"region": municipality.region},
        )
        with acting(None, reason="first administrator of a new installation"):
            user.save()
            Membership.objects.create(user=user, organisation=organisation, role=Role.ADMINISTRATOR)
        self.stdout.write(f"Functioneel beheerder {user.username} aangemaakt bij {organisation.name}.")
