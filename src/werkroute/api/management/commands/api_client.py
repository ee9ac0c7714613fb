"""``werkroute api_client create --organisation SLUG --scopes ...``: register a system of the chain."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from werkroute.api import scopes as api_scopes
from werkroute.api import services


class Command(BaseCommand):
    help = "Maak een API-client aan voor een organisatie; toont client_id en client_secret één keer."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="action", required=True)
        create = commands.add_parser("create", help="een nieuwe client")
        create.add_argument(
            "--organisation", required=True, help="de organisatie, als slug van haar naam (gemeente-nijmegen)"
        )
        create.add_argument(
            "--scopes",
            required=True,
            nargs="+",
            help="scopes, gescheiden door spaties of komma's: " + " ".join(api_scopes.SCOPES),
        )
        create.add_argument("--name", default="", help="naam van het systeem")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            organisation = services.find_organisation(options["organisation"])
        except LookupError:
            raise CommandError(
                f"Geen (eenduidige) organisatie met slug {options['organisation']!r}; gebruik de naam in "
                "kleine letters met streepjes, bijvoorbeeld gemeente-nijmegen."
            ) from None
        try:
            scopes = api_scopes.parse(" ".join(options["scopes"]))
        except ValueError as error:
            raise CommandError(
                f"Onbekende scope(s): {error}. Bekend: {' '.join(api_scopes.SCOPES)}"
            ) from None
        if not scopes:
            raise CommandError("Noem minstens één scope.")
        client, secret = services.create_api_client(
            organisation=organisation, scopes=scopes, name=options["name"]
        )
        self.stdout.write(f"client_id={client.application.client_id}")
        self.stdout.write(f"client_secret={secret}")
        self.stderr.write(
            f"API-client voor {organisation.name} met scopes {' '.join(scopes)}. Bewaar het geheim nu: "
            "het wordt niet opnieuw getoond."
        )
