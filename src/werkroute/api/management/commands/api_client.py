"""``werkroute api_client create --organisation SLUG --scopes ...``: register a system of the chain;
``list``, ``deactivate CLIENT_ID`` and ``activate CLIENT_ID``: see them, switch one off or on again."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from werkroute.api import scopes as api_scopes
from werkroute.api import services
from werkroute.api.models import ApiClient


class Command(BaseCommand):
    help = (
        "Beheer API-clients: aanmaken voor een organisatie (toont client_id en client_secret één keer), "
        "tonen, uitschakelen en weer inschakelen."
    )

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
        commands.add_parser("list", help="alle clients, met hun organisatie, scopes en of ze actief zijn")
        for action, text in (
            ("deactivate", "uitschakelen: geen nieuwe tokens, de tokens die er zijn vervallen meteen"),
            ("activate", "weer inschakelen; de client vraagt dan een nieuw token aan"),
        ):
            switch = commands.add_parser(action, help=text)
            switch.add_argument("client_id", help="de client_id die bij het aanmaken werd getoond")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "create":
            self._create(options)
        elif action == "list":
            self._list()
        else:
            self._switch(options["client_id"], active=action == "activate")

    def _create(self, options: dict[str, Any]) -> None:
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
        try:
            client, secret = services.create_api_client(
                organisation=organisation, scopes=scopes, name=options["name"]
            )
        except api_scopes.ScopeNotAllowed as refused:
            raise CommandError(f"{organisation.name}: {refused}") from None
        self.stdout.write(f"client_id={client.application.client_id}")
        self.stdout.write(f"client_secret={secret}")
        self.stderr.write(
            f"API-client voor {organisation.name} met scopes {' '.join(scopes)}. Bewaar het geheim nu: "
            "het wordt niet opnieuw getoond."
        )

    def _list(self) -> None:
        clients = ApiClient.objects.select_related("application", "organisation").order_by(
            "organisation__name", "name"
        )
        for client in clients:
            state = "actief" if client.is_active else "uitgeschakeld"
            self.stdout.write(
                f"{client.application.client_id}\t{state}\t{client.organisation.name}\t{client.name}\t{client.scopes}"
            )

    def _switch(self, client_id: str, *, active: bool) -> None:
        try:
            client = services.find_api_client(client_id)
        except LookupError:
            raise CommandError(
                f"Geen API-client met client_id {client_id!r}. `werkroute api_client list` toont ze."
            ) from None
        revoked = services.set_api_client_active(client, active=active)
        if active:
            self.stderr.write(
                f"{client.name} ({client.organisation.name}) is weer actief; vraag een nieuw token aan."
            )
        else:
            self.stderr.write(
                f"{client.name} ({client.organisation.name}) is uitgeschakeld; {revoked} token(s) ingetrokken."
            )
