"""``werkroute followup sweep``: the signal sweep by hand (the nightly job calls the same code)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from werkroute.followup import services


class Command(BaseCommand):
    help = "Opvolging: de signaalronde (sweep) of de dagelijkse samenvatting per klantmanager (digest)."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="action", required=True)
        sweep = commands.add_parser("sweep", help="alle signaalregels over alle klanten uitvoeren")
        sweep.add_argument("--today", type=dt.date.fromisoformat, default=None, help="peildatum JJJJ-MM-DD")
        sweep.add_argument(
            "--in-background", action="store_true", help="de ronde in de wachtrij zetten voor de worker"
        )
        commands.add_parser("digest", help="de dagelijkse e-mail met aantallen signalen versturen")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "digest":
            self.stdout.write(f"{services.send_digests()} e-mail(s) verstuurd.")
            return
        if options["in_background"]:
            from werkroute.followup import tasks

            tasks.sweep_now()
            self.stdout.write("Signaalronde in de wachtrij gezet.")
            return
        result = services.run_sweep(options["today"])
        self.stdout.write(
            f"Signalen: {sum(result.raised.values())} nieuw, {sum(result.resolved.values())} opgelost, "
            f"{sum(result.reopened.values())} heropend."
        )
